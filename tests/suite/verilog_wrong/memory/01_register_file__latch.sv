// WRONG: registers are latches written while clk is high (writes visible on the read ports during the high phase)
module TopModule (input logic clk, input logic rst, input logic we, input logic [2:0] waddr, input logic [15:0] wdata,
                  input logic [2:0] raddr1, input logic [2:0] raddr2, output logic [15:0] rdata1, output logic [15:0] rdata2);
  logic [15:0] regs [1:7];
  always_latch
    if (clk) begin
      if (rst) for (int i = 1; i < 8; i++) regs[i] = 16'h0;
      else if (we && waddr != 0) regs[waddr] = wdata;
    end
  assign rdata1 = raddr1 == 0 ? 16'h0 : regs[raddr1];
  assign rdata2 = raddr2 == 0 ? 16'h0 : regs[raddr2];
endmodule
