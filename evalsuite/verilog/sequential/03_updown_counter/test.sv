// Testbench for verilog/sequential/03_updown_counter.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, en, up;
  wire  [3:0] count_ref, count_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .en(en), .up(up), .count(count_ref));
  TopModule dut   (.clk(clk), .rst(rst), .en(en), .up(up), .count(count_dut));

  // xorshift32: the same stimulus under every simulator for a given +seed=N
  bit [31:0] rng = 32'h2545F491;
  function automatic bit [31:0] rnd();
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
  endfunction

  // r ^ c ^ r is c where r is 0/1 and X where r is X, so an X in the reference matches anything
  function automatic bit differs(input logic [127:0] r, input logic [127:0] c);
    return r !== (r ^ c ^ r);
  endfunction

  int mismatches = 0, samples = 0, seed;
  bit [31:0] r;
  task automatic check;
    samples++;
    if (differs(count_ref, count_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b en=%b up=%b  count ref=%0d dut=%0d",
                 $time, rst, en, up, count_ref, count_dut);
    end
  endtask

  bit [31:0] p;

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic e, input logic u);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; en = hi_r[3]; up = hi_r[4];
      #2 check();
    end
    @(negedge clk);
    rst = rs; en = e; up = u;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; en = 1'b0; up = 1'b1;
    step(1, 0, 1);
    // directed: down from 0 wraps to 15, up 20 times wraps past 15, hold, reset mid-count
    step(0, 1, 0); step(0, 1, 0); step(0, 1, 1); step(0, 1, 1);
    repeat (20) step(0, 1, 1);
    step(0, 0, 1); step(0, 0, 0); step(1, 1, 1); step(0, 1, 1);
    repeat (5) step(0, 1, 1);
    step(1, 0, 0); step(0, 0, 0);
    hi_on = 1'b1;
    // random runs: long stretches of counting in one direction, occasional reset
    repeat (120) begin
      r = rnd();
      repeat (r[3:0] + 1) begin
        p = rnd();
        step(p[5:0] == 6'd0, p[8:6] != 3'd0, r[4] ^ (p[12:9] == 4'd0));
      end
    end
    // long run, then directed down-wraps and up-wraps past cycle 2048 (a design must not
    // change with age)
    while (hi_n < 2200) begin
      p = rnd();
      step(p[5:0] == 6'd0, p[8:6] != 3'd0, p[9]);
    end
    for (int i = 0; i < 4; i++) begin
      step(1, 0, 0); repeat (3) step(0, 1, 0); repeat (20) step(0, 1, 1); step(0, 0, 1); repeat (17) step(0, 1, 0);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
