// WRONG: zero-seed check ignores bit 15 (seed 16'h8000 loads 16'h0001)
module TopModule (input logic clk, input logic rst, input logic load, input logic en, input logic [15:0] seed, output logic [15:0] state);
  wire fb = state[15] ^ state[13] ^ state[12] ^ state[10];
  always_ff @(posedge clk)
    if (rst) state <= 16'hACE1;
    else if (load) state <= (seed[14:0] == 15'd0) ? 16'h0001 : seed;
    else if (en) state <= {state[14:0], fb};
endmodule
