// Testbench for verilog/sequential/08_edge_detector.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst;
  logic [7:0] in;
  wire  [7:0] rise_ref, rise_dut, fall_ref, fall_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .in(in), .rise(rise_ref), .fall(fall_ref));
  TopModule dut   (.clk(clk), .rst(rst), .in(in), .rise(rise_dut), .fall(fall_dut));

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
    if (differs({rise_ref, fall_ref}, {rise_dut, fall_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b in=%b  ref rise=%b fall=%b  dut rise=%b fall=%b",
                 $time, rst, in, rise_ref, fall_ref, rise_dut, fall_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic [7:0] v);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; in = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; in = v;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; in = 8'h00;
    step(1, 8'hFF);
    // directed: ones right after reset, a held value, single-bit pulses, toggling every cycle
    step(0, 8'hFF); step(0, 8'hFF); step(0, 8'hFF); step(0, 8'h00); step(0, 8'h00);
    step(0, 8'h01); step(0, 8'h00); step(0, 8'h80); step(0, 8'h80); step(0, 8'h00);
    repeat (6) step(0, 8'h55); step(0, 8'hAA); step(0, 8'h55); step(0, 8'hAA);
    step(1, 8'hF0); step(0, 8'hF0); step(0, 8'h0F);
    hi_on = 1'b1;
    // random: bits that flip with different probabilities, occasional reset
    repeat (1500) begin
      r = rnd();
      step(r[6:0] == 7'd0, in ^ (r[15:8] & r[23:16] & (r[24] ? 8'hFF : r[31:24])));
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
