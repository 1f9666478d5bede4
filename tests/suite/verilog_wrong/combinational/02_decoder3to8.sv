// Wrong: ignores the enable (decodes even when en is 0).
module TopModule (
  input  logic       en,
  input  logic [2:0] sel,
  output logic [7:0] y
);
  assign y = 8'b1 << sel;
endmodule
