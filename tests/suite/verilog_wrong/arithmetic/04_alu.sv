// Wrong: the right shift is arithmetic (sign bit shifted in) instead of logical.
module TopModule (
  input  logic [7:0] a,
  input  logic [7:0] b,
  input  logic [2:0] op,
  output logic [7:0] y,
  output logic       zero
);
  always_comb begin
    case (op)
      3'd0: y = a + b;
      3'd1: y = a - b;
      3'd2: y = a & b;
      3'd3: y = a | b;
      3'd4: y = a ^ b;
      3'd5: y = a << b[2:0];
      3'd6: y = $signed(a) >>> b[2:0];
      default: y = {7'd0, $signed(a) < $signed(b)};
    endcase
  end
  assign zero = y == 8'd0;
endmodule
