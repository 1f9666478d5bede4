// Testbench for verilog/fsm/07_vending_machine.
// Inputs change on the falling edge; outputs are sampled 1 time unit before each rising edge.
module tb;
  logic clk = 1'b0;
  always #5 clk = ~clk;

  logic       rst, cancel;
  logic [1:0] coin;
  wire  [5:0] credit_ref, credit_dut, change_ref, change_dut, refund_ref, refund_dut;
  wire        dispense_ref, dispense_dut;

  RefModule ref_m (.clk(clk), .rst(rst), .coin(coin), .cancel(cancel), .credit(credit_ref),
                   .dispense(dispense_ref), .change(change_ref), .refund(refund_ref));
  TopModule dut   (.clk(clk), .rst(rst), .coin(coin), .cancel(cancel), .credit(credit_dut),
                   .dispense(dispense_dut), .change(change_dut), .refund(refund_dut));

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
    if (differs({credit_ref, dispense_ref, change_ref, refund_ref}, {credit_dut, dispense_dut, change_dut, refund_dut})) begin
      mismatches++;
      if (mismatches <= 5)
        $display("mismatch at %0t: rst=%b coin=%b cancel=%b  ref credit=%0d dispense=%b change=%0d refund=%0d  dut credit=%0d dispense=%b change=%0d refund=%0d",
                 $time, rst, coin, cancel, credit_ref, dispense_ref, change_ref, refund_ref,
                 credit_dut, dispense_dut, change_dut, refund_dut);
    end
  endtask

  // latch / clk-high check: once `hi_on` is set, every third step first puts random inputs on
  // just after the rising edge and compares the outputs while clk is still high (a flip-flop
  // design cannot see them), then sets the step's real inputs at the falling edge as usual
  bit hi_on = 1'b0;
  int hi_n = 0;
  bit [31:0] hi_r, hi_s;
  task automatic step(input logic rs, input logic [1:0] c, input logic cn);
    hi_n++;
    if (hi_on && hi_n % 3 == 0) begin
      @(posedge clk); #1;
      hi_r = rnd(); hi_s = rnd();
      rst = hi_r[2:0] == 3'd0; coin = hi_r[5:4]; cancel = hi_r[3];
      #2 check();
    end
    @(negedge clk);
    rst = rs; coin = c; cancel = cn;
    #4 check();
  endtask

  initial begin
    if ($value$plusargs("seed=%d", seed)) rng = rng ^ seed;
    rst = 1'b1; coin = 2'b00; cancel = 1'b0;
    step(1, 2'b11, 0);
    // directed: exact 25 from nickels, dime+dime+nickel, 20 then a quarter (change 20),
    // cancel with credit, cancel together with a quarter, cancel with nothing, reset
    repeat (5) step(0, 2'b01, 0); step(0, 2'b00, 0);
    step(0, 2'b10, 0); step(0, 2'b10, 0); step(0, 2'b01, 0); step(0, 2'b00, 0);
    step(0, 2'b10, 0); step(0, 2'b10, 0); step(0, 2'b11, 0); step(0, 2'b00, 0);
    step(0, 2'b11, 0); step(0, 2'b11, 0); step(0, 2'b10, 0); step(0, 2'b10, 0);
    step(0, 2'b10, 0); step(0, 2'b00, 1); step(0, 2'b00, 0);
    step(0, 2'b01, 0); step(0, 2'b11, 1); step(0, 2'b00, 1); step(0, 2'b00, 0);
    step(0, 2'b10, 0); step(1, 2'b10, 0); step(0, 2'b00, 0);
    // directed: reset together with cancel (reset wins) at every credit, with every coin
    for (int n = 0; n < 5; n++)
      for (int c = 0; c < 4; c++) begin
        step(1, 2'b00, 0); repeat (n) step(0, 2'b01, 0);
        step(1, c[1:0], 1); step(0, 2'b00, 0); step(0, 2'b00, 0);
      end
    hi_on = 1'b1;
    // random: coins most cycles, occasional cancel and reset
    repeat (1500) begin
      r = rnd();
      step(r[8:0] == 9'd0, r[11:10] == 2'b00 ? 2'b00 : r[13:12], r[19:16] == 4'd0);
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
