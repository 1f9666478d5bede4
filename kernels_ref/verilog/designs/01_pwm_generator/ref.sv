module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [6:0] duty_in,
  output logic [5:0] count,
  output logic       pwm,
  output logic       period_start
);
  logic [6:0] duty;

  always_ff @(posedge clk)
    if (rst) begin
      count <= 6'd0;
      duty  <= 7'd0;
    end else begin
      count <= count + 6'd1;
      if (count == 6'd63) duty <= duty_in;
    end

  assign pwm          = {1'b0, count} < duty;
  assign period_start = (count == 6'd0);
endmodule
