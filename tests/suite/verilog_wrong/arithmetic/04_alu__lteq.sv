// WRONG: op 7 is signed a <= b when both are negative
module TopModule (input logic [7:0] a, input logic [7:0] b, input logic [2:0] op, output logic [7:0] y, output logic zero);
  always_comb begin
    case (op)
      0: y = a + b; 1: y = a - b; 2: y = a & b; 3: y = a | b; 4: y = a ^ b;
      5: y = a << b[2:0]; 6: y = a >> b[2:0];
      default: y = {7'd0, (a[7] && b[7]) ? (a <= b) : ($signed(a) < $signed(b))};
    endcase
    zero = y == 8'd0;
  end
endmodule
