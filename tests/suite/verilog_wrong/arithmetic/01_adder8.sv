// Wrong: the carry out is lost (the sum is computed in 8 bits only).
module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic       cin,
  output logic [7:0] sum,
  output logic       cout
);
  assign sum = a + b + cin;
  assign cout = 1'b0;
endmodule
