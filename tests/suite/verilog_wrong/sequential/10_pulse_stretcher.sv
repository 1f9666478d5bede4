// Wrong: not retriggerable, a trigger during a pulse is ignored.
module TopModule (
  input  logic       clk,
  input  logic       rst_n,
  input  logic       trig,
  input  logic [3:0] len,
  output logic [3:0] remaining,
  output logic       pulse
);
  assign pulse = remaining != 4'd0;
  always_ff @(posedge clk)
    if (!rst_n)     remaining <= 4'd0;
    else if (pulse) remaining <= remaining - 4'd1;
    else if (trig)  remaining <= len;
endmodule
