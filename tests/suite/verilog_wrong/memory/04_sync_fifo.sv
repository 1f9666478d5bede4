// Wrong width: the occupancy counter has 3 bits, so a full FIFO (8 bytes) looks empty.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       push,
  input  logic [7:0] din,
  input  logic       pop,
  output logic [7:0] dout,
  output logic       empty,
  output logic       full,
  output logic [3:0] count
);
  logic [7:0] mem [0:7];
  logic [2:0] head, tail, n;
  assign count = {1'b0, n};
  assign empty = (n == 3'd0);
  assign full  = 1'b0;
  assign dout  = empty ? 8'h00 : mem[head];
  wire do_push = push;
  wire do_pop  = pop && !empty;
  always_ff @(posedge clk)
    if (rst) begin
      head <= 3'd0; tail <= 3'd0; n <= 3'd0;
    end else begin
      if (do_push) begin mem[tail] <= din; tail <= tail + 3'd1; end
      if (do_pop) head <= head + 3'd1;
      n <= n + do_push - do_pop;
    end
endmodule
