// Testbench for verilog/designs/03_uart_tx.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, send;
  logic [7:0] data;
  wire        tx_ref, tx_dut, busy_ref, busy_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .send(send), .data(data), .tx(tx_ref), .busy(busy_ref));
  TopModule dut   (.clk(clk), .rst(rst), .send(send), .data(data), .tx(tx_dut), .busy(busy_dut));

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
    if (differs({tx_ref, busy_ref}, {tx_dut, busy_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b send=%b data=%h  ref tx=%b busy=%b  dut tx=%b busy=%b",
                 $time, rst, send, data, tx_ref, busy_ref, tx_dut, busy_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic s, input logic [7:0] d);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; send = hi_r[3]; data = hi_r[15:8];
      #2 check();
    end
    @(negedge clk);
    rst = rs; send = s; data = d;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; send = 1'b0; data = 8'h00;
    step(1, 0, 8'h00);
    // directed: one frame, send held high (back-to-back frames, data changing while busy),
    // reset in the middle of a frame
    step(0, 1, 8'hA5); repeat (45) step(0, 0, 8'h00);
    repeat (85) step(0, 1, 8'h3C ^ r[7:0]);
    step(0, 0, 8'h00); step(0, 1, 8'h81); repeat (17) step(0, 0, 8'hFF); step(1, 1, 8'h00);
    step(0, 1, 8'h0F); repeat (42) step(0, 0, 8'h00);
    // directed: reset together with send while idle, and at every cycle of a frame
    step(1, 1, 8'h5A); step(0, 0, 8'h00); step(1, 1, 8'hA5); step(1, 1, 8'h00); step(0, 0, 8'h00);
    for (int k = 0; k < 42; k++) begin
      step(0, 1, 8'hC3 ^ k[7:0]); repeat (k) step(0, k[0], 8'h00);
      step(1, 1, 8'h96 ^ k[7:0]); step(0, 0, 8'h00); step(0, 0, 8'h00);
    end
    hi_on = 1'b1;
    // random: sends with random data and gaps, rare reset
    repeat (1600) begin
      r = rnd();
      step(r[11:0] == 12'd0, r[15:13] == 3'd0, r[31:24]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
