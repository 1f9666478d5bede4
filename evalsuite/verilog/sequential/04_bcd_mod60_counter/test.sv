// Testbench for verilog/sequential/04_bcd_mod60_counter.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, en;
  wire  [3:0] tens_ref, tens_dut, ones_ref, ones_dut;
  wire        carry_ref, carry_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .en(en), .tens(tens_ref), .ones(ones_ref), .carry(carry_ref));
  TopModule dut   (.clk(clk), .rst(rst), .en(en), .tens(tens_dut), .ones(ones_dut), .carry(carry_dut));

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
    if (differs({tens_ref, ones_ref, carry_ref}, {tens_dut, ones_dut, carry_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b en=%b  ref %h%h carry=%b  dut %h%h carry=%b", $time,
                 rst, en, tens_ref, ones_ref, carry_ref, tens_dut, ones_dut, carry_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic e);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; en = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; en = e;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; en = 1'b0;
    step(1, 0);
    // directed: two full turns (carry at 59, wrap to 00), pause at 59, reset with en
    repeat (125) step(0, 1);
    repeat (54) step(0, 1);
    step(0, 0); step(0, 0); step(0, 1); step(0, 1);
    step(1, 1); step(0, 1);
    // directed: reset together with en at 59 (carry is 1 regardless of rst), and at 58, 09, 00
    step(1, 0); repeat (59) step(0, 1); step(1, 1); step(0, 1);
    repeat (58) step(0, 1); step(0, 0); step(1, 1); step(1, 1); step(1, 0);
    repeat (58) step(0, 1); step(1, 1); repeat (9) step(0, 1); step(1, 1); step(0, 0);
    hi_on = 1'b1;
    // random: enable most of the time, rare reset
    repeat (1200) begin
      r = rnd();
      step(r[9:0] < 10'd4, r[12:10] != 3'd0);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
