// WRONG: q shows garbage while clk is high (combinational path from clk)
module TopModule (input logic clk, input logic rst, input logic en, input logic [7:0] d, output logic [7:0] q);
  logic [7:0] r;
  always_ff @(posedge clk)
    if (rst) r <= 8'h00;
    else if (en) r <= d;
  assign q = clk ? d : r;
endmodule
