module RefModule (
  input  logic [15:0] data,
  output logic        even,
  output logic        odd
);
  assign even = ^data;
  assign odd = ~^data;
endmodule
