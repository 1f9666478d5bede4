// Testbench for verilog/fsm/01_seq1011_moore_overlap.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic rst, din;
  wire  found_ref, found_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .din(din), .found(found_ref));
  TopModule dut   (.clk(clk), .rst(rst), .din(din), .found(found_dut));

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
    if (differs(found_ref, found_dut)) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b din=%b  found ref=%b dut=%b", $time, rst, din, found_ref, found_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic b);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; din = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; din = b;
    #4 check();
  endtask

  // feed the low `n` bits of `bits`, most significant first
  task automatic feed(input logic [31:0] bits, input int n);
    for (int k = n - 1; k >= 0; k--) step(0, bits[k]);
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; din = 1'b0;
    step(1, 1);
    // directed: single match, overlapping matches, near misses, reset inside a pattern
    feed(32'b1011, 4); feed(32'b000, 3);
    feed(32'b1011011011, 10); feed(32'b00, 2);
    feed(32'b1101011, 7); feed(32'b1001011, 7); feed(32'b111011, 6); feed(32'b10101011, 8);
    feed(32'b101, 3); step(1, 1); step(0, 1); feed(32'b011, 3);
    // a match followed at once by 1, 0, 1, 1: the 1 after the match starts the next one
    feed(32'b10111011, 8); feed(32'b00, 2); feed(32'b1011111011, 10); feed(32'b00, 2);
    // directed: the bit on din at a reset edge is ignored, whatever came before
    for (int k = 0; k < 4; k++) begin
      feed(32'b1011 >> (4 - k), k); step(1, 1); feed(32'b011, 3); feed(32'b00, 2);
      feed(32'b1011 >> (4 - k), k); step(1, 1); step(1, 1); feed(32'b011, 3); step(0, 0);
      feed(32'b1011 >> (4 - k), k); step(1, 0); feed(32'b11, 2); feed(32'b00, 2);
      feed(32'b1011 >> (4 - k), k); step(1, 1); feed(32'b11, 2); feed(32'b00, 2);
    end
    hi_on = 1'b1;
    // random: biased bits so that 1011 shows up often, rare reset
    repeat (1800) begin
      r = rnd();
      step(r[8:0] == 9'd0, r[11:10] != 2'b00 ? r[12] : !din);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
