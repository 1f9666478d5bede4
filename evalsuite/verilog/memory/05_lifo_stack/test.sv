// Testbench for verilog/memory/05_lifo_stack.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, push, pop;
  logic [7:0] din;
  wire  [7:0] top_ref, top_dut;
  wire  [3:0] depth_ref, depth_dut;
  wire        empty_ref, empty_dut, full_ref, full_dut, error_ref, error_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .push(push), .pop(pop), .din(din), .top(top_ref),
                   .depth(depth_ref), .empty(empty_ref), .full(full_ref), .error(error_ref));
  TopModule dut   (.clk(clk), .rst(rst), .push(push), .pop(pop), .din(din), .top(top_dut),
                   .depth(depth_dut), .empty(empty_dut), .full(full_dut), .error(error_dut));

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
    if (differs({top_ref, depth_ref, empty_ref, full_ref, error_ref}, {top_dut, depth_dut, empty_dut, full_dut, error_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b push=%b pop=%b din=%h  ref top=%h depth=%0d empty=%b full=%b error=%b  dut top=%h depth=%0d empty=%b full=%b error=%b",
                 $time, rst, push, pop, din, top_ref, depth_ref, empty_ref, full_ref, error_ref,
                 top_dut, depth_dut, empty_dut, full_dut, error_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic pu, input logic po, input logic [7:0] d);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; push = hi_r[3]; pop = hi_r[4]; din = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; push = pu; pop = po; din = d;
    #4 check();
  endtask

  int pp, pq;  // percent chance of push and pop in the current phase
  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; push = 1'b0; pop = 1'b0; din = 8'h00;
    step(1, 0, 0, 8'h00);
    // directed: pop when empty, push+pop when empty, fill past full, replace the top
    // when full, pop past empty, reset
    step(0, 0, 1, 8'h00); step(0, 1, 1, 8'h0A); step(0, 1, 1, 8'h0B); step(0, 0, 1, 8'h00);
    for (int i = 0; i < 10; i++) step(0, 1, 0, 8'h50 + i[7:0]);
    step(0, 1, 1, 8'hEE); step(0, 0, 0, 8'h00);
    repeat (10) step(0, 0, 1, 8'h00);
    step(0, 1, 0, 8'h61); step(0, 1, 0, 8'h62); step(1, 1, 0, 8'h63); step(0, 0, 1, 8'h00);
    // directed: reset in the cycle after an error (pop when empty, push when full), with every
    // push/pop combination
    for (int c = 0; c < 4; c++) begin
      step(1, 0, 0, 8'h00); step(0, 0, 1, 8'h00); step(1, c[0], c[1], 8'h71); step(0, 0, 0, 8'h00);
      step(0, 0, 1, 8'h00); step(0, 0, 1, 8'h00); step(1, c[0], c[1], 8'h72); step(0, 0, 0, 8'h00);
      repeat (9) step(0, 1, 0, 8'h80 + c[7:0]); step(1, c[0], c[1], 8'h73); step(0, 0, 0, 8'h00);
    end
    hi_on = 1'b1;
    // random phases: growing, shrinking, balanced
    repeat (40) begin
      r = rnd();
      pp = 10 + r[3:0] * 5;
      pq = 10 + r[7:4] * 5;
      repeat (40) begin
        r = rnd();
        step(r[10:0] == 11'd0, (r[15:8] % 100) < pp, (r[23:16] % 100) < pq, r[31:24]);
      end
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
