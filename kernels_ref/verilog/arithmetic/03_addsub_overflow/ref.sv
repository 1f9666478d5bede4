module RefModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic       sub,
  output logic [7:0] result,
  output logic       overflow
);
  logic signed [8:0] wide;
  assign wide = sub ? $signed({a[7], a}) - $signed({b[7], b}) : $signed({a[7], a}) + $signed({b[7], b});
  assign result = wide[7:0];
  assign overflow = wide[8] != wide[7];
endmodule
