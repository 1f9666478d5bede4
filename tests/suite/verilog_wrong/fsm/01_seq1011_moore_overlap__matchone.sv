// WRONG: after a match a 1 restarts from scratch instead of counting as the first bit of the next 1011 (1,0,1,1,1,0,1,1 finds one match)
module TopModule (
  input  logic clk,
  input  logic rst,
  input  logic din,
  output logic found
);
  localparam logic [2:0] IDLE = 3'd0, S1 = 3'd1, S10 = 3'd2, S101 = 3'd3, S1011 = 3'd4;
  logic [2:0] state, next;

  always_comb
    case (state)
      IDLE:    next = din ? S1    : IDLE;
      S1:      next = din ? S1    : S10;
      S10:     next = din ? S101  : IDLE;
      S101:    next = din ? S1011 : S10;
      S1011:   next = din ? IDLE    : S10;
      default: next = IDLE;
    endcase

  always_ff @(posedge clk)
    if (rst) state <= IDLE;
    else     state <= next;

  assign found = (state == S1011);
endmodule
