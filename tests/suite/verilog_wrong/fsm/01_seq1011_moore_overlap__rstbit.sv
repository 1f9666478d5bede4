// WRONG: the bit on din at a reset edge is not ignored (it can start a match)
module TopModule (input logic clk, input logic rst, input logic din, output logic found);
  localparam logic [2:0] IDLE=0, S1=1, S10=2, S101=3, S1011=4;
  logic [2:0] state, next;
  always_comb case (state)
    IDLE: next = din ? S1 : IDLE; S1: next = din ? S1 : S10; S10: next = din ? S101 : IDLE;
    S101: next = din ? S1011 : S10; S1011: next = din ? S1 : S10; default: next = IDLE; endcase
  always_ff @(posedge clk) if (rst) state <= din ? S1 : IDLE; else state <= next;
  assign found = state == S1011;
endmodule
