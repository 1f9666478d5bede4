// Wrong: saturates positive overflow but lets negative overflow wrap around.
module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  output logic [7:0] y
);
  logic signed [8:0] wide;
  assign wide = $signed({a[7], a}) + $signed({b[7], b});
  assign y = wide > 9'sd127 ? 8'h7F : wide[7:0];
endmodule
