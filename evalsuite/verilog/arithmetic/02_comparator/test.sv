// Testbench of verilog/arithmetic/02_comparator: Signed and unsigned 8-bit comparator.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] a;
  logic [7:0] b;
  logic eq_ref, eq_dut;
  logic ltu_ref, ltu_dut;
  logic lts_ref, lts_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.a(a), .b(b), .eq(eq_ref), .ltu(ltu_ref), .lts(lts_ref));
  TopModule dut (.a(a), .b(b), .eq(eq_dut), .ltu(ltu_dut), .lts(lts_dut));

  task automatic check;
    #1;
    samples++;
    if (eq_ref !== (eq_ref ^ eq_dut ^ eq_ref) || ltu_ref !== (ltu_ref ^ ltu_dut ^ ltu_ref) || lts_ref !== (lts_ref ^ lts_dut ^ lts_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: a=%h b=%h -> (ref/dut) eq=%h/%h ltu=%h/%h lts=%h/%h", samples, a, b, eq_ref, eq_dut, ltu_ref, ltu_dut, lts_ref, lts_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    a = 8'h80; b = 8'h01; check();
    a = 8'h01; b = 8'h80; check();
    a = 8'h7f; b = 8'h80; check();
    a = 8'hff; b = 8'hff; check();
    a = 8'h00; b = 8'hff; check();
    a = 8'hff; b = 8'h00; check();
    repeat (300) begin a = rnd(); b = a ^ (8'h1 << (rnd() % 8)); check(); end a = 8'h42; b = 8'h42; check();
    // every input combination (65536)
    for (int v = 0; v < 65536; v++) begin
      {a, b} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
