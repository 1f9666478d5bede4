module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic       we,
  input  logic [4:0] addr,
  input  logic [7:0] din,
  output logic [7:0] dout
);
  logic [7:0] mem [0:31];

  always_ff @(posedge clk) begin
    if (en && we) mem[addr] <= din;
    if (rst)     dout <= 8'h00;
    else if (en) dout <= mem[addr];  // nonblocking: the word before this edge's write
  end
endmodule
