// Testbench for verilog/memory/02_single_port_ram.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
// The memory has no initial content, so every word is written first and comparisons start after.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, en, we;
  logic [4:0] addr;
  logic [7:0] din;
  wire  [7:0] dout_ref, dout_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .en(en), .we(we), .addr(addr), .din(din), .dout(dout_ref));
  TopModule dut   (.clk(clk), .rst(rst), .en(en), .we(we), .addr(addr), .din(din), .dout(dout_dut));

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
    if (comparing && differs(dout_ref, dout_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b en=%b we=%b addr=%0d din=%h  dout ref=%h dut=%h",
                 $time, rst, en, we, addr, din, dout_ref, dout_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic e, input logic w, input logic [4:0] a, input logic [7:0] d);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; en = hi_r[3]; we = hi_r[4]; addr = hi_r[12:8]; din = hi_r[23:16];
      #2 check();
    end
    @(negedge clk);
    rst = rs; en = e; we = w; addr = a; din = d;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; en = 1'b0; we = 1'b0; addr = 5'd0; din = 8'h00;
    for (int i = 0; i < 32; i++) step(0, 1, 1, i[4:0], 8'h80 ^ i[7:0]);
    step(1, 0, 0, 5'd0, 8'h00);
    comparing = 1'b1;
    // directed: read back, write then read the same word (old then new data), en low
    // holds dout and blocks writes, reset clears only dout, write during reset
    for (int i = 0; i < 32; i++) step(0, 1, 0, i[4:0], 8'hFF);
    step(0, 1, 1, 5'd7, 8'h11); step(0, 1, 1, 5'd7, 8'h22); step(0, 1, 0, 5'd7, 8'h33);
    step(0, 0, 1, 5'd7, 8'h44); step(0, 0, 0, 5'd8, 8'h55); step(0, 1, 0, 5'd7, 8'h66);
    step(1, 1, 0, 5'd7, 8'h00); step(0, 0, 0, 5'd7, 8'h00); step(1, 1, 1, 5'd9, 8'hA9);
    step(0, 1, 0, 5'd9, 8'h00); step(0, 1, 0, 5'd31, 8'h00);
    hi_on = 1'b1;
    // random: mixed reads and writes, en low 1 cycle in 4, rare reset
    repeat (1500) begin
      r = rnd();
      step(r[8:0] == 9'd0, r[10:9] != 2'b00, r[11], r[12] ? r[16:13] : r[20:16], r[31:24]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
