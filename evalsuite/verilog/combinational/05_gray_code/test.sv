// Testbench of verilog/combinational/05_gray_code: Binary to Gray and Gray to binary, 8 bits.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] bin;
  logic [7:0] gray_in;
  logic [7:0] gray_ref, gray_dut;
  logic [7:0] bin_out_ref, bin_out_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.bin(bin), .gray_in(gray_in), .gray(gray_ref), .bin_out(bin_out_ref));
  TopModule dut (.bin(bin), .gray_in(gray_in), .gray(gray_dut), .bin_out(bin_out_dut));

  task automatic check;
    #1;
    samples++;
    if (gray_ref !== (gray_ref ^ gray_dut ^ gray_ref) || bin_out_ref !== (bin_out_ref ^ bin_out_dut ^ bin_out_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: bin=%h gray_in=%h -> (ref/dut) gray=%h/%h bin_out=%h/%h", samples, bin, gray_in, gray_ref, gray_dut, bin_out_ref, bin_out_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    bin = 8'h00; gray_in = 8'h00; check();
    bin = 8'hff; gray_in = 8'hff; check();
    bin = 8'h80; gray_in = 8'h80; check();
    for (int i = 0; i < 256; i++) begin bin = i; gray_in = i ^ (i >> 1); check(); end bin = 8'h7f; gray_in = 8'h40; check();
    // every input combination (65536)
    for (int v = 0; v < 65536; v++) begin
      {bin, gray_in} = v;
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
