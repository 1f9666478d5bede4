// WRONG: after 2048 cycles the counter stops wrapping downward (saturates at 0)
module TopModule (input logic clk, input logic rst, input logic en, input logic up, output logic [3:0] count);
  logic [10:0] cyc = 11'd0;
  always_ff @(posedge clk) begin
    if (cyc != 11'h7FF) cyc <= cyc + 11'd1;
    if (rst) count <= 4'd0;
    else if (en) count <= up ? count + 4'd1 : ((count == 4'd0 && cyc == 11'h7FF) ? 4'd0 : count - 4'd1);
  end
endmodule
