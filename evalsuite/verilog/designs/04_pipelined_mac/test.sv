// Testbench for verilog/designs/04_pipelined_mac.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic        rst, valid_in, clear;
  logic [7:0]  a, b;
  wire  [23:0] acc_ref, acc_dut;
  wire         ov_ref, ov_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .valid_in(valid_in), .clear(clear), .a(a), .b(b), .acc(acc_ref), .out_valid(ov_ref));
  TopModule dut   (.clk(clk), .rst(rst), .valid_in(valid_in), .clear(clear), .a(a), .b(b), .acc(acc_dut), .out_valid(ov_dut));

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
    if (differs({acc_ref, ov_ref}, {acc_dut, ov_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b valid_in=%b clear=%b a=%0d b=%0d  ref acc=%0d out_valid=%b  dut acc=%0d out_valid=%b",
                 $time, rst, valid_in, clear, a, b, acc_ref, ov_ref, acc_dut, ov_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic v, input logic c, input logic [7:0] x, input logic [7:0] y);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; valid_in = hi_r[3]; clear = hi_r[4]; a = hi_r[15:8]; b = hi_r[23:16];
      #2 check();
    end
    @(negedge clk);
    rst = rs; valid_in = v; clear = c; a = x; b = y;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; valid_in = 1'b0; clear = 1'b0; a = 8'd0; b = 8'd0;
    repeat (3) step(1, 0, 0, 8'd0, 8'd0);
    // directed: one product, a stream of maximal products (wraps 2^24 after ~258), clear
    // with and without valid, reset with data in flight
    step(0, 1, 0, 8'd3, 8'd5); repeat (4) step(0, 0, 0, 8'd9, 8'd9);
    repeat (300) step(0, 1, 0, 8'd255, 8'd255);
    step(0, 1, 1, 8'd2, 8'd2); step(0, 0, 0, 8'd0, 8'd0); step(0, 0, 1, 8'd7, 8'd7);
    step(0, 1, 0, 8'd1, 8'd1); step(0, 1, 0, 8'd4, 8'd4); step(1, 1, 0, 8'd6, 8'd6);
    step(0, 1, 0, 8'd8, 8'd8); repeat (4) step(0, 0, 0, 8'd0, 8'd0);
    hi_on = 1'b1;
    // random: valid most cycles, occasional clear, rare reset
    repeat (1500) begin
      r = rnd();
      step(r[10:0] == 11'd0, r[13:12] != 2'b00, r[18:14] == 5'd0, r[31:24], r[23:16]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
