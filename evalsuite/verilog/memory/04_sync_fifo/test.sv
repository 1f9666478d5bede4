// Testbench for verilog/memory/04_sync_fifo.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, push, pop;
  logic [7:0] din;
  wire  [7:0] dout_ref, dout_dut;
  wire        empty_ref, empty_dut, full_ref, full_dut;
  wire  [3:0] count_ref, count_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .push(push), .din(din), .pop(pop), .dout(dout_ref),
                   .empty(empty_ref), .full(full_ref), .count(count_ref));
  TopModule dut   (.clk(clk), .rst(rst), .push(push), .din(din), .pop(pop), .dout(dout_dut),
                   .empty(empty_dut), .full(full_dut), .count(count_dut));

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
    if (differs({dout_ref, empty_ref, full_ref, count_ref}, {dout_dut, empty_dut, full_dut, count_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b push=%b din=%h pop=%b  ref dout=%h empty=%b full=%b count=%0d  dut dout=%h empty=%b full=%b count=%0d",
                 $time, rst, push, din, pop, dout_ref, empty_ref, full_ref, count_ref,
                 dout_dut, empty_dut, full_dut, count_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic pu, input logic [7:0] d, input logic po);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; push = hi_r[3]; din = hi_r[15:8]; pop = hi_r[4];
      #2 check();
    end
    @(negedge clk);
    rst = rs; push = pu; din = d; pop = po;
    #4 check();
  endtask

  int pp, pq;  // percent chance of push and pop in the current phase
  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; push = 1'b0; din = 8'h00; pop = 1'b0;
    step(1, 0, 8'h00, 0);
    // directed: pop when empty, push+pop when empty, fill past full, push+pop when full,
    // drain past empty, reset when partly full
    step(0, 0, 8'h00, 1); step(0, 1, 8'h10, 1); step(0, 0, 8'h00, 1);
    for (int i = 0; i < 10; i++) step(0, 1, 8'h20 + i[7:0], 0);
    step(0, 1, 8'hEE, 1); step(0, 1, 8'h31, 0); step(0, 1, 8'h32, 1); step(0, 1, 8'h33, 1);
    repeat (10) step(0, 0, 8'h00, 1);
    step(0, 1, 8'h41, 0); step(0, 1, 8'h42, 0); step(1, 1, 8'h43, 0); step(0, 0, 8'h00, 1);
    hi_on = 1'b1;
    // random phases: filling, draining, balanced
    repeat (40) begin
      r = rnd();
      pp = 10 + r[3:0] * 5;
      pq = 10 + r[7:4] * 5;
      repeat (40) begin
        r = rnd();
        step(r[10:0] == 11'd0, (r[15:8] % 100) < pp, r[31:24], (r[23:16] % 100) < pq);
      end
    end
    // long run, then directed corners past cycle 4096 (a design must not change with age):
    // push+pop at every fill level, pop when empty, push when full
    while (hi_n < 4200) begin
      r = rnd();
      step(r[10:0] == 11'd0, r[8], r[31:24], r[9]);
    end
    for (int n = 0; n <= 8; n++) begin
      step(1, 0, 8'h00, 0); repeat (n) step(0, 1, 8'h90 + n[7:0], 0);
      step(0, 1, 8'hA0 + n[7:0], 1); step(0, 1, 8'hB0 + n[7:0], 1); step(0, 1, 8'hC0, 0); step(0, 1, 8'hC1, 0);
      repeat (10) step(0, 0, 8'h00, 1);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
