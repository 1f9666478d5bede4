// a comment before the module
module RefModule (
  input  [3:0] x,  // first operand
  input  [3:0] y,
  output [4:0] s
);
  assign s = x + y;
endmodule
