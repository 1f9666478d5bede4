// Testbench for verilog/memory/01_register_file.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic        rst, we;
  logic [2:0]  waddr, raddr1, raddr2;
  logic [15:0] wdata;
  wire  [15:0] rdata1_ref, rdata1_dut, rdata2_ref, rdata2_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .we(we), .waddr(waddr), .wdata(wdata), .raddr1(raddr1),
                   .raddr2(raddr2), .rdata1(rdata1_ref), .rdata2(rdata2_ref));
  TopModule dut   (.clk(clk), .rst(rst), .we(we), .waddr(waddr), .wdata(wdata), .raddr1(raddr1),
                   .raddr2(raddr2), .rdata1(rdata1_dut), .rdata2(rdata2_dut));

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
    if (differs({rdata1_ref, rdata2_ref}, {rdata1_dut, rdata2_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b we=%b waddr=%0d wdata=%h raddr1=%0d raddr2=%0d  ref %h %h  dut %h %h",
                 $time, rst, we, waddr, wdata, raddr1, raddr2, rdata1_ref, rdata2_ref, rdata1_dut, rdata2_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic w, input logic [2:0] wa, input logic [15:0] wd,
                      input logic [2:0] ra1, input logic [2:0] ra2);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; we = hi_r[3]; waddr = hi_r[6:4]; wdata = hi_s[15:0];
      raddr1 = hi_r[10:8]; raddr2 = hi_r[14:12];
      #2 check();
    end
    @(negedge clk);
    rst = rs; we = w; waddr = wa; wdata = wd; raddr1 = ra1; raddr2 = ra2;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; we = 1'b0; waddr = 3'd0; wdata = 16'h0000; raddr1 = 3'd0; raddr2 = 3'd0;
    step(1, 1, 3'd3, 16'hDEAD, 3'd3, 3'd0);
    // directed: write every register (r0 too), read each back on both ports, read while
    // writing the same register, reset clears all
    for (int i = 0; i < 8; i++) step(0, 1, i[2:0], 16'h1111 * (i + 1), i[2:0], 3'd7 - i[2:0]);
    for (int i = 0; i < 8; i++) step(0, 0, 3'd0, 16'hFFFF, i[2:0], 3'd7 - i[2:0]);
    step(0, 1, 3'd5, 16'hBEEF, 3'd5, 3'd5); step(0, 1, 3'd0, 16'hFFFF, 3'd5, 3'd0);
    step(0, 0, 3'd0, 16'h0000, 3'd0, 3'd5); step(1, 1, 3'd2, 16'h1234, 3'd2, 3'd5);
    for (int i = 0; i < 8; i++) step(0, 0, 3'd0, 16'h0000, i[2:0], i[2:0]);
    hi_on = 1'b1;
    // random: writes half the time, reads everywhere, rare reset
    repeat (1500) begin
      r = rnd();
      step(r[9:0] == 10'd0, r[10], r[13:11], r[31:16], r[16:14], r[19:17]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
