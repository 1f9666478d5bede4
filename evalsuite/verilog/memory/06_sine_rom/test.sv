// Testbench for verilog/memory/06_sine_rom.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, en;
  logic [5:0] phase;
  wire  [7:0] sample_ref, sample_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .en(en), .phase(phase), .sample(sample_ref));
  TopModule dut   (.clk(clk), .rst(rst), .en(en), .phase(phase), .sample(sample_dut));

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
    if (differs(sample_ref, sample_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b en=%b phase=%0d  sample ref=%0d dut=%0d",
                 $time, rst, en, phase, sample_ref, sample_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic e, input logic [5:0] p);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; en = hi_r[3]; phase = hi_r[13:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; en = e; phase = p;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; en = 1'b0; phase = 6'd0;
    step(1, 1, 6'd0);
    // directed: every phase in order, twice, then backwards; en low holds; reset
    repeat (2) for (int i = 0; i < 64; i++) step(0, 1, i[5:0]);
    for (int i = 63; i >= 0; i--) step(0, 1, i[5:0]);
    step(0, 0, 6'd16); step(0, 0, 6'd17); step(0, 1, 6'd16); step(1, 1, 6'd40); step(0, 0, 6'd40);
    hi_on = 1'b1;
    // random: phase steps of random stride (like a numerically controlled oscillator)
    repeat (60) begin
      r = rnd();
      repeat (20) begin
        step(rnd() % 512 == 0, 1'b1, phase + r[5:0]);
      end
    end
    repeat (300) begin
      r = rnd();
      step(r[7:0] == 8'd0, r[8] | r[9], r[15:10]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
