module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  output logic [3:0] tens,
  output logic [3:0] ones,
  output logic       carry
);
  wire ones_last = (ones == 4'd9);
  assign carry = en && ones_last && (tens == 4'd5);

  always_ff @(posedge clk)
    if (rst) begin
      tens <= 4'd0;
      ones <= 4'd0;
    end else if (en) begin
      ones <= ones_last ? 4'd0 : ones + 4'd1;
      if (ones_last) tens <= (tens == 4'd5) ? 4'd0 : tens + 4'd1;
    end
endmodule
