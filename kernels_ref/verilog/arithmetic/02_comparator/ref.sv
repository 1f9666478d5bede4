module RefModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  output logic       eq,
  output logic       ltu,
  output logic       lts
);
  assign eq = a == b;
  assign ltu = a < b;
  assign lts = $signed(a) < $signed(b);
endmodule
