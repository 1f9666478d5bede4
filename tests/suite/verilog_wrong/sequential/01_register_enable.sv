// Wrong: enable checked before reset, so a reset with en=1 loads d instead of clearing.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic [7:0] d,
  output logic [7:0] q
);
  always_ff @(posedge clk)
    if (en)       q <= d;
    else if (rst) q <= 8'h00;
endmodule
