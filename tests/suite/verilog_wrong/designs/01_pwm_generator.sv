// Wrong: no double buffering, duty_in is used at once in the middle of a period.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [6:0] duty_in,
  output logic [5:0] count,
  output logic       pwm,
  output logic       period_start
);
  always_ff @(posedge clk)
    if (rst) count <= 6'd0;
    else     count <= count + 6'd1;
  assign pwm          = {1'b0, count} < duty_in;
  assign period_start = (count == 6'd0);
endmodule
