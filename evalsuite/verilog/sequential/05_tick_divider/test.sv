// Testbench for verilog/sequential/05_tick_divider.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst;
  logic [7:0] period;
  wire  [7:0] count_ref, count_dut;
  wire        tick_ref, tick_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .period(period), .count(count_ref), .tick(tick_ref));
  TopModule dut   (.clk(clk), .rst(rst), .period(period), .count(count_dut), .tick(tick_dut));

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
    if (differs({count_ref, tick_ref}, {count_dut, tick_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b period=%0d  ref count=%0d tick=%b  dut count=%0d tick=%b",
                 $time, rst, period, count_ref, tick_ref, count_dut, tick_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic [7:0] p);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; period = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; period = p;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; period = 8'd0;
    step(1, 8'd5);
    // directed: periods 0, 1, 2, 3, 5, a drop below the current count, the largest period
    repeat (4) step(0, 8'd0);
    repeat (4) step(0, 8'd1);
    repeat (6) step(0, 8'd2);
    repeat (7) step(0, 8'd3);
    repeat (12) step(0, 8'd5);
    repeat (9) step(0, 8'd20);
    repeat (3) step(0, 8'd4);
    step(1, 8'd255);
    repeat (260) step(0, 8'd255);
    hi_on = 1'b1;
    // random: hold a small period for a while, sometimes change it mid-count or reset
    repeat (60) begin
      r = rnd();
      repeat (r[4:0] + 3) step(rnd() % 64 == 0, r[8] ? {5'd0, r[7:5]} : {4'd0, r[15:12]});
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
