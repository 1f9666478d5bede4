module RefModule (
  input  logic [7:0]  a,
  input  logic [7:0]  b,
  output logic [15:0] p
);
  assign p = {8'd0, a} * {8'd0, b};
endmodule
