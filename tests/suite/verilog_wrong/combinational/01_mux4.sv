// Wrong: the select bits are swapped (sel 1 picks c, sel 2 picks b).
module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic [7:0] c,
  input  logic [7:0] d,
  input  logic [1:0] sel,
  output logic [7:0] y
);
  assign y = sel[0] ? (sel[1] ? d : c) : (sel[1] ? b : a);
endmodule
