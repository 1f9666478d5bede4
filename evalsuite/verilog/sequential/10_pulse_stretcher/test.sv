// Testbench for verilog/sequential/10_pulse_stretcher.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst_n, trig;
  logic [3:0] len;
  wire  [3:0] remaining_ref, remaining_dut;
  wire        pulse_ref, pulse_dut;

  RefModule ref_m (.clk(clk), .rst_n(rst_n), .trig(trig), .len(len), .remaining(remaining_ref), .pulse(pulse_ref));
  TopModule dut   (.clk(clk), .rst_n(rst_n), .trig(trig), .len(len), .remaining(remaining_dut), .pulse(pulse_dut));

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
    if (differs({remaining_ref, pulse_ref}, {remaining_dut, pulse_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst_n=%b trig=%b len=%0d  ref remaining=%0d pulse=%b  dut remaining=%0d pulse=%b",
                 $time, rst_n, trig, len, remaining_ref, pulse_ref, remaining_dut, pulse_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rn, input logic t, input logic [3:0] l);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst_n = hi_r[3:0] != 4'd0; trig = hi_r[4]; len = hi_r[11:8];
      #2 check();
    end
    @(negedge clk);
    rst_n = rn; trig = t; len = l;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst_n = 1'b0; trig = 1'b0; len = 4'd0;
    step(0, 1, 4'd7);
    // directed: lengths 1, 0, 15, retrigger mid-pulse (longer and shorter), trigger held high
    step(1, 1, 4'd1); repeat (3) step(1, 0, 4'd9);
    step(1, 1, 4'd0); repeat (2) step(1, 0, 4'd9);
    step(1, 1, 4'd15); repeat (17) step(1, 0, 4'd2);
    step(1, 1, 4'd5); step(1, 0, 4'd1); step(1, 0, 4'd1); step(1, 1, 4'd9);
    repeat (4) step(1, 0, 4'd0); step(1, 1, 4'd2); repeat (4) step(1, 0, 4'd0);
    repeat (5) step(1, 1, 4'd3); repeat (4) step(1, 0, 4'd3);
    step(1, 1, 4'd6); step(1, 0, 4'd6); step(0, 0, 4'd6); step(1, 0, 4'd6);
    // a trigger with len 0 in the middle of a pulse ends it; a reset wins over a trigger
    step(1, 1, 4'd9); step(1, 0, 4'd5); step(1, 1, 4'd0); repeat (3) step(1, 0, 4'd4);
    step(1, 1, 4'd8); step(0, 1, 4'd7); repeat (2) step(1, 0, 4'd0);
    hi_on = 1'b1;
    // random: sparse triggers (sometimes mid-pulse), rare reset
    repeat (1500) begin
      r = rnd();
      step(r[6:0] != 7'd0, r[10:8] == 3'd0, r[15:12]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
