// Wrong (off by one): ticks when count reaches period, so each period lasts period+1 cycles.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [7:0] period,
  output logic [7:0] count,
  output logic       tick
);
  assign tick = count >= period;
  always_ff @(posedge clk)
    if (rst || tick) count <= 8'd0;
    else             count <= count + 8'd1;
endmodule
