// Wrong: reports the unsigned carry out as the overflow.
module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic       sub,
  output logic [7:0] result,
  output logic       overflow
);
  logic [8:0] wide;
  assign wide = sub ? {1'b0, a} + {1'b0, ~b} + 9'd1 : {1'b0, a} + {1'b0, b};
  assign result = wide[7:0];
  assign overflow = wide[8];
endmodule
