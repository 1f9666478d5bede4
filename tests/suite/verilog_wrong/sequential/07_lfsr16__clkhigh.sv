// WRONG: state is combinationally forced to seed while clk is high and load is 1 (not a register output)
module TopModule (input logic clk, input logic rst, input logic load, input logic en, input logic [15:0] seed, output logic [15:0] state);
  logic [15:0] s;
  wire fb = s[15] ^ s[13] ^ s[12] ^ s[10];
  always_ff @(posedge clk)
    if (rst) s <= 16'hACE1;
    else if (load) s <= (seed == 0) ? 16'h0001 : seed;
    else if (en) s <= {s[14:0], fb};
  assign state = (clk && load) ? seed : s;
endmodule
