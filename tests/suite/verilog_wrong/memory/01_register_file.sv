// Wrong: r0 is an ordinary register, so writes to it are visible.
module TopModule (
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
  logic [15:0] regs [0:7];
  always_ff @(posedge clk)
    if (rst) begin
      for (int i = 0; i < 8; i++) regs[i] <= 16'h0000;
    end else if (we) regs[waddr] <= wdata;
  assign rdata1 = regs[raddr1];
  assign rdata2 = regs[raddr2];
endmodule
