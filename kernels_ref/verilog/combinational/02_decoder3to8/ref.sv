module RefModule (
  input  logic       en,
  input  logic [2:0] sel,
  output logic [7:0] y
);
  assign y = en ? (8'b1 << sel) : 8'b0;
endmodule
