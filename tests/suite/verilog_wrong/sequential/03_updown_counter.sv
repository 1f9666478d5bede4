// Wrong: the reset input is ignored (missing reset).
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic       up,
  output logic [3:0] count
);
  always_ff @(posedge clk)
    if (en) count <= up ? count + 4'd1 : count - 4'd1;
endmodule
