// WRONG: a trigger with len 0 is ignored, so it does not end a pulse in progress
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
    else if (trig && len != 4'd0)  remaining <= len;
    else if (pulse) remaining <= remaining - 4'd1;
endmodule
