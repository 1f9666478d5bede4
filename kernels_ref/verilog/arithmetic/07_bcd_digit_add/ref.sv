module RefModule (
  input  logic [3:0] a,
  input  logic [3:0] b,
  input  logic       cin,
  output logic [3:0] sum,
  output logic       cout
);
  logic [4:0] s;
  assign s = {1'b0, a} + {1'b0, b} + {4'd0, cin};
  assign cout = s >= 5'd10;
  assign sum = cout ? 4'(s - 5'd10) : s[3:0];
endmodule
