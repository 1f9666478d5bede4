// Wrong (off by one): the tens digit wraps after 6 instead of 5, so the count runs 00..69.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  output logic [3:0] tens,
  output logic [3:0] ones,
  output logic       carry
);
  assign carry = en && ones == 4'd9 && tens == 4'd6;
  always_ff @(posedge clk)
    if (rst) begin
      tens <= 4'd0;
      ones <= 4'd0;
    end else if (en) begin
      if (ones == 4'd9) begin
        ones <= 4'd0;
        tens <= (tens > 4'd5) ? 4'd0 : tens + 4'd1;
      end else ones <= ones + 4'd1;
    end
endmodule
