// Testbench of verilog/combinational/03_priority_encoder: 8-bit priority encoder.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] req;
  logic [2:0] idx_ref, idx_dut;
  logic valid_ref, valid_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.req(req), .idx(idx_ref), .valid(valid_ref));
  TopModule dut (.req(req), .idx(idx_dut), .valid(valid_dut));

  task automatic check;
    #1;
    samples++;
    if (idx_ref !== (idx_ref ^ idx_dut ^ idx_ref) || valid_ref !== (valid_ref ^ valid_dut ^ valid_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: req=%h -> (ref/dut) idx=%h/%h valid=%h/%h", samples, req, idx_ref, idx_dut, valid_ref, valid_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // every input combination (256)
    for (int v = 0; v < 256; v++) begin
      {req} = v;
      check();
    end
    repeat (200) begin
      req = rnd();
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
