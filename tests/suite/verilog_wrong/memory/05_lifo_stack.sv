// Wrong: push and pop together is treated as a pop (the pushed byte is dropped).
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       push,
  input  logic       pop,
  input  logic [7:0] din,
  output logic [7:0] top,
  output logic [3:0] depth,
  output logic       empty,
  output logic       full,
  output logic       error
);
  logic [7:0] mem [0:7];
  wire  [2:0] top_idx = depth[2:0] - 3'd1;  // 3-bit wrap: depth 8 -> slot 7
  assign empty = (depth == 4'd0);
  assign full  = (depth == 4'd8);
  assign top   = empty ? 8'h00 : mem[top_idx];
  always_ff @(posedge clk)
    if (rst) begin
      depth <= 4'd0;
      error <= 1'b0;
    end else begin
      error <= 1'b0;
      if (pop) begin
        if (empty) error <= !push;
        else depth <= depth - 4'd1;
      end else if (push) begin
        if (full) error <= 1'b1;
        else begin
          mem[depth[2:0]] <= din;
          depth <= depth + 4'd1;
        end
      end
    end
endmodule
