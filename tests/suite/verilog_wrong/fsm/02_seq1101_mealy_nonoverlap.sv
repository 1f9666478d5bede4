// Wrong: after a match the final 1 is reused as the first bit of the next pattern (overlapping).
module TopModule (
  input  logic clk,
  input  logic areset,
  input  logic din,
  output logic match
);
  logic [1:0] state;
  always_ff @(posedge clk or posedge areset)
    if (areset) state <= 2'd0;
    else
      case (state)
        2'd0: state <= din ? 2'd1 : 2'd0;
        2'd1: state <= din ? 2'd2 : 2'd0;
        2'd2: state <= din ? 2'd2 : 2'd3;
        2'd3: state <= din ? 2'd1 : 2'd0;
      endcase
  assign match = (state == 2'd3) && din;
endmodule
