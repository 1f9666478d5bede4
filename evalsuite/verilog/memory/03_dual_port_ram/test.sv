// Testbench for verilog/memory/03_dual_port_ram.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
// The memory has no initial content, so every word is written (and one read done) first.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic        we, re;
  logic [3:0]  waddr, raddr;
  logic [15:0] wdata;
  wire  [15:0] rdata_ref, rdata_dut;

  RefModule ref_m (.clk(clk), .we(we), .waddr(waddr), .wdata(wdata), .re(re), .raddr(raddr), .rdata(rdata_ref));
  TopModule dut   (.clk(clk), .we(we), .waddr(waddr), .wdata(wdata), .re(re), .raddr(raddr), .rdata(rdata_dut));

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
  bit comparing = 1'b0;
  task automatic check;
    if (comparing) samples++;
    if (comparing && differs(rdata_ref, rdata_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: we=%b waddr=%0d wdata=%h re=%b raddr=%0d  rdata ref=%h dut=%h",
                 $time, we, waddr, wdata, re, raddr, rdata_ref, rdata_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic w, input logic [3:0] wa, input logic [15:0] wd, input logic rd, input logic [3:0] ra);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      we = hi_r[0]; waddr = hi_r[7:4]; wdata = hi_s[15:0]; re = hi_r[1]; raddr = hi_r[11:8];
      #2 check();
    end
    @(negedge clk);
    we = w; waddr = wa; wdata = wd; re = rd; raddr = ra;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    we = 1'b0; waddr = 4'd0; wdata = 16'h0000; re = 1'b0; raddr = 4'd0;
    for (int i = 0; i < 16; i++) step(1, i[3:0], 16'hC000 + i[15:0], 0, 4'd0);
    step(0, 4'd0, 16'h0000, 1, 4'd0);
    comparing = 1'b1;
    // directed: read all, read-during-write to the same and to another word, re low holds
    for (int i = 0; i < 16; i++) step(0, 4'd0, 16'h0000, 1, i[3:0]);
    step(1, 4'd3, 16'hAAAA, 1, 4'd3); step(1, 4'd3, 16'hBBBB, 1, 4'd4); step(0, 4'd0, 16'h0000, 1, 4'd3);
    step(1, 4'd5, 16'h5555, 0, 4'd5); step(0, 4'd0, 16'h0000, 0, 4'd5); step(0, 4'd0, 16'h0000, 1, 4'd5);
    hi_on = 1'b1;
    // random: writes and reads, often to the same word
    repeat (1500) begin
      r = rnd();
      step(r[0], r[4:1], r[31:16], r[5] | r[6], r[7] ? r[4:1] : r[11:8]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
