// WRONG: carry is suppressed while rst is 1 (spec: "regardless of rst")
module TopModule (input logic clk, input logic rst, input logic en, output logic [3:0] tens, output logic [3:0] ones, output logic carry);
  assign carry = en && !rst && ones == 4'd9 && tens == 4'd5;
  always_ff @(posedge clk)
    if (rst) begin tens <= 0; ones <= 0; end
    else if (en) begin
      if (ones == 4'd9) begin ones <= 0; tens <= (tens == 4'd5) ? 4'd0 : tens + 4'd1; end
      else ones <= ones + 4'd1;
    end
endmodule
