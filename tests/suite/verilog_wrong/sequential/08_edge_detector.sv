// Wrong: the outputs are combinational from `in`, so edges show one cycle early.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [7:0] in,
  output logic [7:0] rise,
  output logic [7:0] fall
);
  logic [7:0] prev;
  always_ff @(posedge clk)
    if (rst) prev <= 8'h00;
    else     prev <= in;
  assign rise = in & ~prev;
  assign fall = ~in & prev;
endmodule
