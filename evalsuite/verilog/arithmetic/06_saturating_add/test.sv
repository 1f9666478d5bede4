// Testbench of verilog/arithmetic/06_saturating_add: 8-bit signed saturating adder.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] a;
  logic [7:0] b;
  logic [7:0] y_ref, y_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.a(a), .b(b), .y(y_ref));
  TopModule dut (.a(a), .b(b), .y(y_dut));

  task automatic check;
    #1;
    samples++;
    if (y_ref !== (y_ref ^ y_dut ^ y_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: a=%h b=%h -> (ref/dut) y=%h/%h", samples, a, b, y_ref, y_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    a = 8'h7f; b = 8'h01; check();
    a = 8'h80; b = 8'hff; check();
    a = 8'h80; b = 8'h80; check();
    a = 8'h7f; b = 8'h7f; check();
    a = 8'h7f; b = 8'h80; check();
    a = 8'h40; b = 8'h3f; check();
    a = 8'hc0; b = 8'hc0; check();
    a = 8'hc0; b = 8'hbf; check();
    // every input combination (65536)
    for (int v = 0; v < 65536; v++) begin
      {a, b} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
