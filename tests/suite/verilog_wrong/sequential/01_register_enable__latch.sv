// WRONG: a level-sensitive latch transparent while clk is high, not a rising-edge register
module TopModule (input logic clk, input logic rst, input logic en, input logic [7:0] d, output logic [7:0] q);
  always_latch
    if (clk) begin
      if (rst) q = 8'h00;
      else if (en) q = d;
    end
endmodule
