// Wrong width: the product is computed in 8 bits, so the high byte is lost.
module TopModule (
  input  logic [7:0]  a,
  input  logic [7:0]  b,
  output logic [15:0] p
);
  logic [7:0] low;
  assign low = a * b;
  assign p = {8'd0, low};
endmodule
