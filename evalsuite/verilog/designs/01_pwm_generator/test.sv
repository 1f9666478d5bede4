// Testbench for verilog/designs/01_pwm_generator.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst;
  logic [6:0] duty_in;
  wire  [5:0] count_ref, count_dut;
  wire        pwm_ref, pwm_dut, ps_ref, ps_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .duty_in(duty_in), .count(count_ref), .pwm(pwm_ref), .period_start(ps_ref));
  TopModule dut   (.clk(clk), .rst(rst), .duty_in(duty_in), .count(count_dut), .pwm(pwm_dut), .period_start(ps_dut));

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
    if (differs({count_ref, pwm_ref, ps_ref}, {count_dut, pwm_dut, ps_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b duty_in=%0d  ref count=%0d pwm=%b period_start=%b  dut count=%0d pwm=%b period_start=%b",
                 $time, rst, duty_in, count_ref, pwm_ref, ps_ref, count_dut, pwm_dut, ps_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic [6:0] d);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; duty_in = hi_r[14:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; duty_in = d;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; duty_in = 7'd0;
    step(1, 7'd0);
    // directed: duty 32, 0, 64, 127, 1, 63 for a full period each
    repeat (64) step(0, 7'd32);
    repeat (64) step(0, 7'd0);
    repeat (64) step(0, 7'd64);
    repeat (64) step(0, 7'd127);
    repeat (64) step(0, 7'd1);
    repeat (64) step(0, 7'd63);
    // directed: reset clears the duty register too (the period after a reset is all low)
    repeat (70) step(0, 7'd100); step(1, 7'd100); repeat (66) step(0, 7'd100);
    repeat (20) step(0, 7'd40); step(1, 7'd0); repeat (70) step(0, 7'd0);
    hi_on = 1'b1;
    // random: duty_in changes at random times (mid-period changes must wait), rare reset
    repeat (1600) begin
      r = rnd();
      step(r[10:0] == 11'd0, r[4:0] == 5'd0 ? r[14:8] : duty_in);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
