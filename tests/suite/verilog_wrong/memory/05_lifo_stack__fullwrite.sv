// WRONG: a refused push on a full stack still writes din into slot depth[2:0], the bottom of the stack
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
  logic [7:0] mem [0:7];  // mem[0] is the bottom, mem[depth-1] the top
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
      if (push && pop) begin
        if (empty) begin
          mem[0] <= din;
          depth  <= 4'd1;
        end else mem[top_idx] <= din;
      end else if (push) begin
        mem[depth[2:0]] <= din;
        if (full) error <= 1'b1;
        else begin
          depth           <= depth + 4'd1;
        end
      end else if (pop) begin
        if (empty) error <= 1'b1;
        else       depth <= depth - 4'd1;
      end
    end
endmodule
