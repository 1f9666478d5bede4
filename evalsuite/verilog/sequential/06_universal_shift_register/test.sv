// Testbench for verilog/sequential/06_universal_shift_register.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst_n, sin;
  logic [1:0] mode;
  logic [7:0] d;
  wire  [7:0] q_ref, q_dut;

  RefModule ref_m (.clk(clk), .rst_n(rst_n), .mode(mode), .sin(sin), .d(d), .q(q_ref));
  TopModule dut   (.clk(clk), .rst_n(rst_n), .mode(mode), .sin(sin), .d(d), .q(q_dut));

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
    if (differs(q_ref, q_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst_n=%b mode=%b sin=%b d=%h  q ref=%h dut=%h",
                 $time, rst_n, mode, sin, d, q_ref, q_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rn, input logic [1:0] m, input logic s, input logic [7:0] v);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst_n = hi_r[3:0] != 4'd0; mode = hi_r[5:4]; sin = hi_r[6]; d = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst_n = rn; mode = m; sin = s; d = v;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst_n = 1'b0; mode = 2'b00; sin = 1'b0; d = 8'h00;
    step(0, 2'b11, 1, 8'hFF);
    // directed: load, walk a one left then right, shift ones in from both ends, hold, reset
    step(1, 2'b11, 0, 8'h01);
    repeat (9) step(1, 2'b01, 0, 8'h00);
    step(1, 2'b11, 0, 8'h80);
    repeat (9) step(1, 2'b10, 0, 8'h00);
    repeat (4) step(1, 2'b01, 1, 8'h00);
    repeat (6) step(1, 2'b10, 1, 8'h00);
    step(1, 2'b00, 0, 8'h55); step(1, 2'b00, 1, 8'hAA); step(0, 2'b11, 1, 8'h3C);
    step(1, 2'b11, 1, 8'h96); step(1, 2'b10, 0, 8'h00);
    hi_on = 1'b1;
    // random: every mode, reset about 1 cycle in 64
    repeat (1500) begin
      r = rnd();
      step(r[5:0] != 6'd0, r[7:6], r[8], r[23:16]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
