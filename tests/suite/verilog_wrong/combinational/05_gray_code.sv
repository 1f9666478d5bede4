// Wrong: decodes Gray with the encoding formula (only right for the top two bits).
module TopModule (
  input  logic [7:0] bin,
  input  logic [7:0] gray_in,
  output logic [7:0] gray,
  output logic [7:0] bin_out
);
  assign gray = bin ^ (bin >> 1);
  assign bin_out = gray_in ^ (gray_in >> 1);
endmodule
