// WRONG: a push while full is accepted when a pop happens at the same edge
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
  logic [2:0] head, tail;  // head: oldest byte; tail: next free slot

  assign empty = (count == 4'd0);
  assign full  = (count == 4'd8);
  assign dout  = empty ? 8'h00 : mem[head];

  wire do_push = push && (!full || pop);
  wire do_pop  = pop && !empty;

  always_ff @(posedge clk)
    if (rst) begin
      head  <= 3'd0;
      tail  <= 3'd0;
      count <= 4'd0;
    end else begin
      if (do_push) begin
        mem[tail] <= din;
        tail      <= tail + 3'd1;
      end
      if (do_pop) head <= head + 3'd1;
      count <= count + {3'd0, do_push} - {3'd0, do_pop};
    end
endmodule
