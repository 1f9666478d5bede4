// WRONG: the reset is synchronous (no posedge areset in the sensitivity list)
module TopModule (
  input  logic clk,
  input  logic areset,
  input  logic din,
  output logic match
);
  localparam logic [1:0] NONE = 2'd0, S1 = 2'd1, S11 = 2'd2, S110 = 2'd3;
  logic [1:0] state, next;

  always_comb
    case (state)
      NONE:    next = din ? S1   : NONE;
      S1:      next = din ? S11  : NONE;
      S11:     next = din ? S11  : S110;
      default: next = NONE;  // S110: a 1 completes the match and the search starts over
    endcase

  always_ff @(posedge clk)
    if (areset) state <= NONE;
    else        state <= next;

  assign match = (state == S110) && din;
endmodule
