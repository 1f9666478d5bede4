// WRONG: sample is a latch transparent while clk is high
module TopModule (input logic clk, input logic rst, input logic en, input logic [5:0] phase, output logic [7:0] sample);
  logic [6:0] q; wire [3:0] idx = phase[4] ? 4'd15 - phase[3:0] : phase[3:0];
  always_comb case (idx)
    0: q=6; 1: q=19; 2: q=31; 3: q=43; 4: q=54; 5: q=65; 6: q=76; 7: q=85;
    8: q=94; 9: q=102; 10: q=109; 11: q=115; 12: q=120; 13: q=123; 14: q=126; default: q=127; endcase
  always_latch
    if (clk) begin if (rst) sample = 8'h80; else if (en) sample = phase[5] ? 8'd127 - q : 8'd128 + q; end
endmodule
