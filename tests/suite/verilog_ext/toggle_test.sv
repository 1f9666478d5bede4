`timescale 1ns/1ps
// a testbench whose top is not called tb
module bench;
  logic clk = 0, reset = 1, t = 0, q_ref, q_dut;
  int errors = 0, count = 0;
  logic [7:0] pattern = 8'b1011_0010;
  RefModule good (.clk(clk), .reset(reset), .t(t), .q(q_ref));
  TopModule dut (.clk(clk), .reset(reset), .t(t), .q(q_dut));
  always #5 clk = ~clk;
  initial begin
    @(negedge clk);
    reset = 0;
    for (int i = 0; i < 100; i++) begin
      t = pattern[i % 8];
      reset = (i == 60);
      @(negedge clk);
      count++;
      if (q_ref !== (q_ref ^ q_dut ^ q_ref)) errors++;
    end
    $display("Mismatches: %1d in %1d samples", errors, count);
    $finish;
  end
endmodule
