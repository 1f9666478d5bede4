// WRONG: after 4095 cycles the write pointer stops advancing on a simultaneous push+pop when full-1
module TopModule (input logic clk, input logic rst, input logic push, input logic [7:0] din, input logic pop,
                  output logic [7:0] dout, output logic empty, output logic full, output logic [3:0] count);
  logic [7:0] mem [0:7]; logic [2:0] head, tail; logic [11:0] cyc = 0;
  assign empty = count == 0; assign full = count == 8; assign dout = empty ? 8'h00 : mem[head];
  wire do_pop = pop && !empty; wire do_push = push && !full && !(cyc == 12'hFFF && do_pop && count == 7);
  always_ff @(posedge clk) begin
    if (cyc != 12'hFFF) cyc <= cyc + 1;
    if (rst) begin head <= 0; tail <= 0; count <= 0; end
    else begin
      if (do_push) begin mem[tail] <= din; tail <= tail + 1; end
      if (do_pop) head <= head + 1;
      count <= count + do_push - do_pop;
    end
  end
endmodule
