module RefModule (
  input  logic clk,
  input  logic reset,
  input  logic t,
  output logic q
);
  always_ff @(posedge clk)
    if (reset) q <= 1'b0;
    else if (t) q <= ~q;
endmodule
