// Testbench for verilog/sequential/02_register_async_reset.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge,
// so an asynchronous reset is visible at the sample that follows its assertion.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic        rst_n, load, inc;
  logic [15:0] d;
  wire  [15:0] q_ref, q_dut;

  RefModule ref_m (.clk(clk), .rst_n(rst_n), .load(load), .inc(inc), .d(d), .q(q_ref));
  TopModule dut   (.clk(clk), .rst_n(rst_n), .load(load), .inc(inc), .d(d), .q(q_dut));

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
    if (differs(q_ref, q_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst_n=%b load=%b inc=%b d=%h  q ref=%h dut=%h",
                 $time, rst_n, load, inc, d, q_ref, q_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rn, input logic l, input logic i, input logic [15:0] v);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst_n = hi_r[3:0] != 4'd0; load = hi_r[4]; inc = hi_r[5]; d = hi_s[15:0];
      #2 check();
    end
    @(negedge clk);
    rst_n = rn; load = l; inc = i; d = v;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst_n = 1'b0; load = 1'b0; inc = 1'b0; d = 16'h0000;
    // directed: reset, load, increment through the wrap, reset in the middle of a cycle
    step(0, 0, 0, 16'h0000); step(1, 0, 1, 16'h0000); step(1, 1, 1, 16'hFFFE);
    step(1, 0, 1, 16'h1234); step(1, 0, 1, 16'h1234); step(1, 0, 0, 16'h1234);
    step(0, 1, 1, 16'h4321); step(0, 1, 0, 16'h4321); step(1, 0, 0, 16'h0000);
    step(1, 1, 0, 16'h7FFF); step(1, 0, 1, 16'h0000);
    @(negedge clk); #2 rst_n = 1'b0; #1 check(); #1 rst_n = 1'b1; #1 check();
    hi_on = 1'b1;
    // random: reset about 1 cycle in 32, load 1 in 8, increment half the time
    repeat (1500) begin
      r = rnd();
      step(r[4:0] != 5'd0, r[7:5] == 3'd0, r[8], r[31:16]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
