// Testbench of verilog/arithmetic/01_adder8: 8-bit adder with carry in and carry out.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] a;
  logic [7:0] b;
  logic cin;
  logic [7:0] sum_ref, sum_dut;
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
    // directed corners
    a = 8'hff; b = 8'h00; cin = 1; check();
    a = 8'hff; b = 8'hff; cin = 1; check();
    a = 8'h00; b = 8'h00; cin = 0; check();
    a = 8'h80; b = 8'h80; cin = 0; check();
    a = 8'h7f; b = 8'h01; cin = 0; check();
    // every input combination (131072)
    for (int v = 0; v < 131072; v++) begin
      {a, b, cin} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
