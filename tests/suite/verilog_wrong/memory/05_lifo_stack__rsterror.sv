// WRONG: reset does not clear error
module TopModule (input logic clk, input logic rst, input logic push, input logic pop, input logic [7:0] din,
                  output logic [7:0] top, output logic [3:0] depth, output logic empty, output logic full, output logic error);
  logic [7:0] mem [0:7]; wire [2:0] ti = depth[2:0] - 3'd1;
  assign empty = depth == 0; assign full = depth == 8; assign top = empty ? 8'h00 : mem[ti];
  initial error = 1'b0;
  always_ff @(posedge clk)
    if (rst) depth <= 0;
    else begin
      error <= 0;
      if (push && pop) begin if (empty) begin mem[0] <= din; depth <= 1; end else mem[ti] <= din; end
      else if (push) begin if (full) error <= 1; else begin mem[depth[2:0]] <= din; depth <= depth + 1; end end
      else if (pop) begin if (empty) error <= 1; else depth <= depth - 1; end
    end
endmodule
