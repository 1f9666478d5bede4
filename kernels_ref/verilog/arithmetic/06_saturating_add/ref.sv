module RefModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  output logic [7:0] y
);
  logic signed [8:0] wide;
  assign wide = $signed({a[7], a}) + $signed({b[7], b});
  always_comb begin
    if (wide > 9'sd127) y = 8'h7F;
    else if (wide < -9'sd128) y = 8'h80;
    else y = wide[7:0];
  end
endmodule
