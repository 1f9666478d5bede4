// Testbench of verilog/arithmetic/07_bcd_digit_add: One-digit BCD adder.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [3:0] a;
  logic [3:0] b;
  logic cin;
  logic [3:0] sum_ref, sum_dut;
  logic cout_ref, cout_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.a(a), .b(b), .cin(cin), .sum(sum_ref), .cout(cout_ref));
  TopModule dut (.a(a), .b(b), .cin(cin), .sum(sum_dut), .cout(cout_dut));

  task automatic check;
    #1;
    samples++;
    if (sum_ref !== (sum_ref ^ sum_dut ^ sum_ref) || cout_ref !== (cout_ref ^ cout_dut ^ cout_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: a=%h b=%h cin=%h -> (ref/dut) sum=%h/%h cout=%h/%h", samples, a, b, cin, sum_ref, sum_dut, cout_ref, cout_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // every input combination (512)
    for (int v = 0; v < 512; v++) begin
      {a, b, cin} = v;
      if (a <= 9 && b <= 9) check();
    end
    repeat (300) begin
      a = rnd();
      b = rnd();
      cin = rnd();
      if (a <= 9 && b <= 9) check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
