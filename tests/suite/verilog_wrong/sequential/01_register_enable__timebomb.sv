// WRONG: after 4095 clock cycles the reset is ignored
module TopModule (input logic clk, input logic rst, input logic en, input logic [7:0] d, output logic [7:0] q);
  logic [11:0] cyc = 12'd0;
  always_ff @(posedge clk) begin
    if (cyc != 12'hFFF) cyc <= cyc + 12'd1;
    if (rst && cyc != 12'hFFF) q <= 8'h00;
    else if (en) q <= d;
  end
endmodule
