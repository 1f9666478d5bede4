module RefModule (
  input  logic        clk,
  input  logic        rst,
  input  logic        we,
  input  logic [2:0]  waddr,
  input  logic [15:0] wdata,
  input  logic [2:0]  raddr1,
  input  logic [2:0]  raddr2,
  output logic [15:0] rdata1,
  output logic [15:0] rdata2
);
  logic [15:0] regs [1:7];  // r0 is not stored

  always_ff @(posedge clk)
    if (rst) begin
      for (int i = 1; i < 8; i++) regs[i] <= 16'h0000;
    end else if (we && waddr != 3'd0)
      regs[waddr] <= wdata;

  assign rdata1 = (raddr1 == 3'd0) ? 16'h0000 : regs[raddr1];
  assign rdata2 = (raddr2 == 3'd0) ? 16'h0000 : regs[raddr2];
endmodule
