// Wrong: write-first, a write also shows the new data on dout.
module TopModule (
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
    else if (en) dout <= we ? din : mem[addr];
  end
endmodule
