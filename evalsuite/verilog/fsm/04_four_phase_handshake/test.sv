// Testbench for verilog/fsm/04_four_phase_handshake.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
// `ack` comes from a responder that follows the reference's `req` after random delays, with
// occasional spurious pulses.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, start, ack;
  logic [7:0] data_in;
  wire        req_ref, req_dut, busy_ref, busy_dut, done_ref, done_dut;
  wire  [7:0] data_out_ref, data_out_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .start(start), .data_in(data_in), .ack(ack),
                   .req(req_ref), .busy(busy_ref), .done(done_ref), .data_out(data_out_ref));
  TopModule dut   (.clk(clk), .rst(rst), .start(start), .data_in(data_in), .ack(ack),
                   .req(req_dut), .busy(busy_dut), .done(done_dut), .data_out(data_out_dut));

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
    if (differs({req_ref, busy_ref, done_ref, data_out_ref}, {req_dut, busy_dut, done_dut, data_out_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b start=%b ack=%b data_in=%h  ref req=%b busy=%b done=%b data_out=%h  dut req=%b busy=%b done=%b data_out=%h",
                 $time, rst, start, ack, data_in, req_ref, busy_ref, done_ref, data_out_ref,
                 req_dut, busy_dut, done_dut, data_out_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic s, input logic [7:0] d, input logic a);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; start = hi_r[3]; data_in = hi_r[15:8]; ack = hi_r[4];
      #2 check();
    end
    @(negedge clk);
    rst = rs; start = s; data_in = d; ack = a;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; start = 1'b0; data_in = 8'h00; ack = 1'b0;
    step(1, 0, 8'h00, 0);
    // directed: a full handshake with immediate ack, a slow one, start ignored while busy,
    // ack already high at start, reset in the middle
    step(0, 1, 8'hA1, 0); step(0, 0, 8'h00, 1); step(0, 0, 8'h00, 0); step(0, 0, 8'h00, 0);
    step(0, 1, 8'hB2, 0); step(0, 1, 8'hC3, 0); step(0, 1, 8'hC3, 0); step(0, 1, 8'hD4, 1);
    step(0, 1, 8'hD4, 1); step(0, 1, 8'hD4, 1); step(0, 1, 8'hE5, 0); step(0, 1, 8'hF6, 0);
    step(0, 0, 8'h00, 1); step(0, 1, 8'h17, 1); step(0, 0, 8'h00, 1); step(0, 0, 8'h00, 0);
    step(0, 0, 8'h00, 0); step(0, 1, 8'h28, 0); step(1, 0, 8'h00, 1); step(0, 0, 8'h00, 0);
    // directed: reset in every state (IDLE, REQ, RELEASE, DONE) with every start/ack combination
    for (int st = 0; st < 4; st++)
      for (int c = 0; c < 4; c++) begin
        step(1, 0, 8'h00, 0);
        if (st >= 1) step(0, 1, 8'h30 + c[7:0], 0);
        if (st >= 2) step(0, 0, 8'h00, 1);
        if (st >= 3) step(0, 0, 8'h00, 0);
        step(1, c[0], 8'h5B, c[1]); step(0, 0, 8'h00, c[1]); step(0, 0, 8'h00, 0);
      end
    hi_on = 1'b1;
    // random: responder follows req with a random delay, sometimes glitches
    repeat (1600) begin
      r = rnd();
      step(r[9:0] == 10'd1, r[2:0] == 3'd0, r[31:24],
           r[14:12] == 3'd0 ? !ack : (r[5:4] != 2'b00 ? req_ref : ack));
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
