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

  task automatic step(input logic rs, input logic s, input logic [7:0] d);
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
    // random: sends with random data and gaps, rare reset
    repeat (1600) begin
      r = rnd();
      step(r[11:0] == 12'd0, r[15:13] == 3'd0, r[31:24]);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
