// Wrong: the parity covers only the low byte.
module TopModule (
  input  logic [15:0] data,
  output logic        even,
  output logic        odd
);
  assign even = ^data[7:0];
  assign odd = ~even;
endmodule
