// Testbench of verilog/combinational/06_popcount: Population count of a 16-bit word.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [15:0] data;
  logic [4:0] count_ref, count_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.data(data), .count(count_ref));
  TopModule dut (.data(data), .count(count_dut));

  task automatic check;
    #1;
    samples++;
    if (count_ref !== (count_ref ^ count_dut ^ count_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: data=%h -> (ref/dut) count=%h/%h", samples, data, count_ref, count_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    data = 16'h0000; check();
    data = 16'hffff; check();
    data = 16'hfffe; check();
    data = 16'h8001; check();
    for (int i = 0; i < 16; i++) begin data = 16'hffff >> i; check(); end data = 16'h5555; check();
    // every input combination (65536)
    for (int v = 0; v < 65536; v++) begin
      {data} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
