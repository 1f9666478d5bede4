// WRONG: reset clears count but not duty
module TopModule (input logic clk, input logic rst, input logic [6:0] duty_in, output logic [5:0] count, output logic pwm, output logic period_start);
  logic [6:0] duty = 7'd0;
  always_ff @(posedge clk)
    if (rst) count <= 0;
    else begin count <= count + 1; if (count == 63) duty <= duty_in; end
  assign pwm = {1'b0, count} < duty; assign period_start = count == 0;
endmodule
