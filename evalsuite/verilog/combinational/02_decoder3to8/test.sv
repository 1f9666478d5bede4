// Testbench of verilog/combinational/02_decoder3to8: 3-to-8 decoder with enable.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic en;
  logic [2:0] sel;
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

  RefModule ref_i (.en(en), .sel(sel), .y(y_ref));
  TopModule dut (.en(en), .sel(sel), .y(y_dut));

  task automatic check;
    #1;
    samples++;
    if (y_ref !== (y_ref ^ y_dut ^ y_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: en=%h sel=%h -> (ref/dut) y=%h/%h", samples, en, sel, y_ref, y_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // every input combination (16)
    for (int v = 0; v < 16; v++) begin
      {en, sel} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
