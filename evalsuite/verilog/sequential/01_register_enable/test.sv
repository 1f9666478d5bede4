// Testbench for verilog/sequential/01_register_enable.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, en;
  logic [7:0] d;
  wire  [7:0] q_ref, q_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .en(en), .d(d), .q(q_ref));
  TopModule dut   (.clk(clk), .rst(rst), .en(en), .d(d), .q(q_dut));

  // xorshift32: the same stimulus under every simulator for a given +seed
  bit [31:0] rng = 32'h2545F491;
  function automatic bit [31:0] rnd();
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
  endfunction

  // r ^ c ^ r is c where r is 0/1 and X where r is X, so an X in the reference matches anything
  function automatic bit differs(input logic [127:0] r, input logic [127:0] c);
    return r !== (r ^ c ^ r);
  endfunction

  int mismatches = 0, samples = 0;
  task automatic check;
    samples++;
    if (differs(q_ref, q_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b en=%b d=%h  q ref=%h dut=%h", $time, rst, en, d, q_ref, q_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic r, input logic e, input logic [7:0] v);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; en = hi_r[3]; d = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst = r; en = e; d = v;
    #4 check();
  endtask

  int seed;
  bit [31:0] r;
  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; en = 1'b0; d = 8'h00;
    @(negedge clk);
    // directed: reset, enable, hold, reset priority over enable, enable with all-ones
    step(1, 0, 8'h3C); step(0, 1, 8'hA5); step(0, 0, 8'h5A); step(0, 0, 8'hFF);
    step(0, 1, 8'hFF); step(1, 1, 8'h77); step(0, 1, 8'h01); step(1, 0, 8'h00);
    step(0, 0, 8'h99); step(0, 1, 8'h80);
    hi_on = 1'b1;
    // random: reset about 1 cycle in 16, enable about half the time
    repeat (1000) begin
      r = rnd();
      step(r[3:0] == 4'd0, r[4], r[15:8]);
    end
    // long run, then directed resets past cycle 4096 (a design must not change with age)
    while (hi_n < 4200) begin
      r = rnd();
      step(r[3:0] == 4'd0, r[4], r[15:8]);
    end
    for (int i = 0; i < 8; i++) begin
      step(0, 1, 8'hA5 ^ i[7:0]); step(1, i[0], 8'h3C); step(0, 0, 8'h00); step(1, 1, 8'hFF); step(0, 0, 8'h00);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
