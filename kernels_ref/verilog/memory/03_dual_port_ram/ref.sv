module RefModule (
  input  logic        clk,
  input  logic        we,
  input  logic [3:0]  waddr,
  input  logic [15:0] wdata,
  input  logic        re,
  input  logic [3:0]  raddr,
  output logic [15:0] rdata
);
  logic [15:0] mem [0:15];

  always_ff @(posedge clk) begin
    if (we) mem[waddr] <= wdata;
    if (re) rdata <= (we && waddr == raddr) ? wdata : mem[raddr];
  end
endmodule
