// Wrong: taps taken with 1-based positions used as 0-based indices (16, 14, 13, 11 -> 15, 14, 13, 11).
module TopModule (
  input  logic        clk,
  input  logic        rst,
  input  logic        load,
  input  logic        en,
  input  logic [15:0] seed,
  output logic [15:0] state
);
  wire fb = state[15] ^ state[14] ^ state[13] ^ state[11];
  always_ff @(posedge clk)
    if (rst)       state <= 16'hACE1;
    else if (load) state <= (seed == 16'h0000) ? 16'h0001 : seed;
    else if (en)   state <= {state[14:0], fb};
endmodule
