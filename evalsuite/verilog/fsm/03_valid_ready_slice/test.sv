// Testbench for verilog/fsm/03_valid_ready_slice.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, in_valid, out_ready;
  logic [7:0] in_data;
  wire        in_ready_ref, in_ready_dut, out_valid_ref, out_valid_dut;
  wire  [7:0] out_data_ref, out_data_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .in_valid(in_valid), .in_data(in_data), .in_ready(in_ready_ref),
                   .out_valid(out_valid_ref), .out_data(out_data_ref), .out_ready(out_ready));
  TopModule dut   (.clk(clk), .rst(rst), .in_valid(in_valid), .in_data(in_data), .in_ready(in_ready_dut),
                   .out_valid(out_valid_dut), .out_data(out_data_dut), .out_ready(out_ready));

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
    if (differs({in_ready_ref, out_valid_ref, out_data_ref}, {in_ready_dut, out_valid_dut, out_data_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b in_valid=%b in_data=%h out_ready=%b  ref in_ready=%b out_valid=%b out_data=%h  dut in_ready=%b out_valid=%b out_data=%h",
                 $time, rst, in_valid, in_data, out_ready, in_ready_ref, out_valid_ref, out_data_ref,
                 in_ready_dut, out_valid_dut, out_data_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic iv, input logic [7:0] id, input logic ordy);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; in_valid = hi_r[3]; in_data = hi_r[15:8]; out_ready = hi_r[4];
      #2 check();
    end
    @(negedge clk);
    rst = rs; in_valid = iv; in_data = id; out_ready = ordy;
    #4 check();
  endtask

  int pv, pr;  // percent chance of in_valid and out_ready in the current phase
  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; in_valid = 1'b0; in_data = 8'h00; out_ready = 1'b0;
    step(1, 1, 8'hEE, 1);
    // directed: stream at full rate, stall with a held item, drain, reset while full
    step(0, 1, 8'h01, 1); step(0, 1, 8'h02, 1); step(0, 1, 8'h03, 1); step(0, 1, 8'h04, 0);
    step(0, 1, 8'h05, 0); step(0, 1, 8'h05, 0); step(0, 1, 8'h05, 1); step(0, 0, 8'h06, 1);
    step(0, 0, 8'h07, 1); step(0, 1, 8'h08, 0); step(0, 0, 8'h09, 0); step(1, 0, 8'h0A, 0);
    step(0, 0, 8'h0B, 1);
    hi_on = 1'b1;
    // random phases: busy producer / slow consumer and the reverse
    repeat (40) begin
      r = rnd();
      pv = 10 + (r[3:0] * 6);
      pr = 10 + (r[7:4] * 6);
      repeat (40) begin
        r = rnd();
        step(r[9:0] == 10'd0, (r[15:8] % 100) < pv, r[31:24], (r[23:16] % 100) < pr);
      end
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
