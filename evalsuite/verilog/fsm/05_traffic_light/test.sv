// Testbench for verilog/fsm/05_traffic_light.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, car;
  wire  [1:0] main_ref, main_dut, side_ref, side_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .car(car), .main_light(main_ref), .side_light(side_ref));
  TopModule dut   (.clk(clk), .rst(rst), .car(car), .main_light(main_dut), .side_light(side_dut));

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
    if (differs({main_ref, side_ref}, {main_dut, side_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b car=%b  ref main=%b side=%b  dut main=%b side=%b",
                 $time, rst, car, main_ref, side_ref, main_dut, side_dut);
    end
  endtask

  bit [31:0] p;

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic c);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; car = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; car = c;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; car = 1'b0;
    step(1, 1);
    // directed: car waiting from the start, no car for a long time, car arriving late,
    // a car pulse too early, reset in the side phase
    repeat (20) step(0, 1);
    repeat (15) step(0, 0);
    step(0, 1); repeat (12) step(0, 0);
    step(0, 1); step(0, 1); step(0, 0); step(0, 0); step(0, 0); step(0, 0); step(0, 0); step(0, 1);
    repeat (8) step(0, 0); step(1, 0); repeat (8) step(0, 1);
    hi_on = 1'b1;
    // random: car present with phase-varying probability, rare reset
    repeat (40) begin
      r = rnd();
      repeat (40) begin
        p = rnd();
        step(p[7:0] == 8'd0, p[11:8] < r[3:0]);
      end
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
