// Testbench for verilog/sequential/09_debouncer.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic rst, noisy;
  wire  clean_ref, clean_dut, rose_ref, rose_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .noisy(noisy), .clean(clean_ref), .rose(rose_ref));
  TopModule dut   (.clk(clk), .rst(rst), .noisy(noisy), .clean(clean_dut), .rose(rose_dut));

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
    if (differs({clean_ref, rose_ref}, {clean_dut, rose_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b noisy=%b  ref clean=%b rose=%b  dut clean=%b rose=%b",
                 $time, rst, noisy, clean_ref, rose_ref, clean_dut, rose_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic n);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; noisy = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; noisy = n;
    #4 check();
  endtask

  // a transition to `level` with `bounces` short glitches, then `hold` stable cycles
  task automatic bounce(input logic level, input int bounces, input int hold);
    repeat (bounces) begin
      r = rnd();
      repeat (r[1:0] + 1) step(0, level);
      repeat (r[3:2] + 1) step(0, !level);
    end
    repeat (hold) step(0, level);
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; noisy = 1'b0;
    step(1, 1);
    // directed: runs of 3 (no change), 4 (change), 1110 1 pattern, the same going down
    step(0, 1); step(0, 1); step(0, 1); step(0, 0); step(0, 0);
    step(0, 1); step(0, 1); step(0, 1); step(0, 1); step(0, 1); step(0, 1);
    step(0, 0); step(0, 0); step(0, 0); step(0, 1); step(0, 0);
    step(0, 0); step(0, 0); step(0, 0); step(0, 0); step(0, 0);
    step(0, 1); step(0, 1); step(1, 1); step(0, 1); step(0, 1); step(0, 1); step(0, 1); step(0, 1);
    // directed: the reset is synchronous (clean stays 1 until the edge that sees rst)
    repeat (6) step(0, 1); step(1, 1); repeat (6) step(0, 1); step(1, 0); step(0, 0);
    repeat (6) step(0, 1); step(0, 0); step(1, 0); step(1, 1); repeat (5) step(0, 1);
    hi_on = 1'b1;
    // random: bouncy transitions, isolated glitches, rare resets
    repeat (70) begin
      r = rnd();
      bounce(r[0], r[3:1], r[7:4]);
      if (r[12:8] == 5'd0) step(1, r[13]);
    end
    repeat (300) begin
      r = rnd();
      step(r[8:0] == 9'd0, r[9] ^ (r[12:10] == 3'd0));
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
