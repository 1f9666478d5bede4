// Testbench for verilog/designs/02_round_robin_arbiter.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst;
  logic [3:0] req;
  wire  [3:0] grant_ref, grant_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .req(req), .grant(grant_ref));
  TopModule dut   (.clk(clk), .rst(rst), .req(req), .grant(grant_dut));

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
    if (differs(grant_ref, grant_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b req=%b  grant ref=%b dut=%b", $time, rst, req, grant_ref, grant_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic [3:0] q);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; req = hi_r[7:4];
      #2 check();
    end
    @(negedge clk);
    rst = rs; req = q;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; req = 4'b0000;
    step(1, 4'b1111);
    // directed: all requesting (rotation), a single requester, two requesters, idle keeps
    // the pointer, reset restores priority 0
    repeat (9) step(0, 4'b1111);
    repeat (3) step(0, 4'b0100);
    repeat (5) step(0, 4'b1001);
    step(0, 4'b0000); step(0, 4'b0000); repeat (5) step(0, 4'b0110);
    step(1, 4'b1111); repeat (3) step(0, 4'b1010);
    hi_on = 1'b1;
    // random: request patterns held for a few cycles, rare reset
    repeat (400) begin
      r = rnd();
      repeat (r[1:0] + 1) step(1'b0, r[7:4]);
      if (r[15:8] == 8'd0) step(1'b1, r[19:16]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
