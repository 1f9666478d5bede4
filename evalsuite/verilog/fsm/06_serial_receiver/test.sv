// Testbench for verilog/fsm/06_serial_receiver.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, rx;
  wire  [7:0] data_ref, data_dut;
  wire        valid_ref, valid_dut, error_ref, error_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .rx(rx), .data(data_ref), .valid(valid_ref), .error(error_ref));
  TopModule dut   (.clk(clk), .rst(rst), .rx(rx), .data(data_dut), .valid(valid_dut), .error(error_dut));

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
    if (differs({data_ref, valid_ref, error_ref}, {data_dut, valid_dut, error_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b rx=%b  ref data=%h valid=%b error=%b  dut data=%h valid=%b error=%b",
                 $time, rst, rx, data_ref, valid_ref, error_ref, data_dut, valid_dut, error_dut);
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
      rst = hi_r[2:0] == 3'd0; rx = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; rx = b;
    #4 check();
  endtask

  // one frame: start bit, 8 data bits LSB first, the given stop bit, then `gap` idle bits
  task automatic frame(input logic [7:0] byte_, input logic stop, input int gap);
    step(0, 0);
    for (int k = 0; k < 8; k++) step(0, byte_[k]);
    step(0, stop);
    repeat (gap) step(0, 1);
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; rx = 1'b1;
    step(1, 1); step(0, 1);
    // directed: back-to-back frames, 00 and FF, a bad stop bit with the line held low,
    // a bad stop bit followed at once by idle, reset inside a frame
    frame(8'hA5, 1, 0); frame(8'h00, 1, 0); frame(8'hFF, 1, 2); frame(8'h3C, 0, 0);
    repeat (5) step(0, 0); step(0, 1); frame(8'h81, 1, 1); frame(8'h7E, 0, 1); frame(8'h42, 1, 0);
    step(0, 0); step(0, 1); step(0, 0); step(1, 1); step(0, 1); frame(8'h18, 1, 3);
    // directed: reset at every cycle of a frame and in the wait after a bad stop bit,
    // with the line low and high, after a good frame has set data
    for (int k = 0; k < 14; k++) begin
      frame(8'hA5 ^ k[7:0], 1, 1);
      step(0, 0); for (int i = 0; i < 8; i++) step(0, 1'b0);
      step(0, 0); repeat (k) step(0, 0);
      step(1, k[0]); step(0, 1); step(0, 1);
      frame(8'h5A ^ k[7:0], 1, 1); step(0, 0); repeat (k) step(0, 1'b0); step(1, !k[0]); step(0, 1); step(0, 1);
    end
    hi_on = 1'b1;
    // random: frames with random gaps, some bad stop bits, some line noise, rare resets
    repeat (120) begin
      r = rnd();
      if (r[3:0] == 4'd0) repeat (r[6:4]) step(r[8:7] == 2'b00, r[9]);
      else frame(r[31:24], r[13:10] != 4'd0, r[17:16]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
