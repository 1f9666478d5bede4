// WRONG: the reset samples in into the previous value instead of clearing it to 8'h00
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [7:0] in,
  output logic [7:0] rise,
  output logic [7:0] fall
);
  logic [7:0] prev;

  always_ff @(posedge clk)
    if (rst) begin
      prev <= in;
      rise <= 8'h00;
      fall <= 8'h00;
    end else begin
      prev <= in;
      rise <= in & ~prev;
      fall <= ~in & prev;
    end
endmodule
