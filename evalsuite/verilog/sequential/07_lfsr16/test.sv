// Testbench for verilog/sequential/07_lfsr16.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic        rst, load, en;
  logic [15:0] seed_in;
  wire  [15:0] state_ref, state_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .load(load), .en(en), .seed(seed_in), .state(state_ref));
  TopModule dut   (.clk(clk), .rst(rst), .load(load), .en(en), .seed(seed_in), .state(state_dut));

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
    if (differs(state_ref, state_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b load=%b en=%b seed=%h  state ref=%h dut=%h",
                 $time, rst, load, en, seed_in, state_ref, state_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic l, input logic e, input logic [15:0] s);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; load = hi_r[3]; en = hi_r[4]; seed_in = hi_s[15:0];
      #2 check();
    end
    @(negedge clk);
    rst = rs; load = l; en = e; seed_in = s;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; load = 1'b0; en = 1'b0; seed_in = 16'h0000;
    step(1, 0, 0, 16'h0000);
    // directed: run from the reset value, hold, zero seed, all-ones seed, priorities
    repeat (40) step(0, 0, 1, 16'h0000);
    step(0, 0, 0, 16'h1111); step(0, 1, 1, 16'h0000);
    repeat (20) step(0, 0, 1, 16'h0000);
    step(0, 1, 0, 16'hFFFF);
    repeat (20) step(0, 0, 1, 16'h0000);
    step(1, 1, 1, 16'h1234); step(0, 0, 1, 16'h0000);
    // directed: nonzero seeds with a zero low byte or zero bits 14:0 load as they are
    for (int i = 0; i < 16; i++) begin
      step(0, 1, i[0], 16'h0001 << i); step(0, 0, 1, 16'h0000); step(0, 0, 1, 16'h0000);
    end
    step(0, 1, 0, 16'h8000); step(0, 0, 1, 16'h0000); step(0, 1, 1, 16'h1200); step(0, 0, 1, 16'h0000);
    step(0, 1, 0, 16'hFF00); step(0, 0, 0, 16'h0000); step(0, 1, 1, 16'h0000); step(0, 0, 1, 16'h0000);
    step(0, 1, 0, 16'h8100); step(0, 0, 1, 16'h0000); step(0, 1, 1, 16'h0080); step(0, 0, 1, 16'h0000);
    hi_on = 1'b1;
    // random: mostly stepping, occasional loads (sometimes of zero) and resets
    repeat (1500) begin
      r = rnd();
      step(r[7:0] == 8'd0, r[11:8] == 4'd0, r[14:12] != 3'd0, r[15] ? r[31:16] : 16'h0000);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
