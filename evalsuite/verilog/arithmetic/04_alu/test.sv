// Testbench of verilog/arithmetic/04_alu: Small 8-bit ALU.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] a;
  logic [7:0] b;
  logic [2:0] op;
  logic [7:0] y_ref, y_dut;
  logic zero_ref, zero_dut;
  int seed, samples = 0, mismatches = 0;
  logic [31:0] rng_state;

  // xorshift32: the same stimulus under every simulator
  function automatic logic [31:0] rnd();
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
  endfunction

  RefModule ref_i (.a(a), .b(b), .op(op), .y(y_ref), .zero(zero_ref));
  TopModule dut (.a(a), .b(b), .op(op), .y(y_dut), .zero(zero_dut));

  task automatic check;
    #1;
    samples++;
    if (y_ref !== (y_ref ^ y_dut ^ y_ref) || zero_ref !== (zero_ref ^ zero_dut ^ zero_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: a=%h b=%h op=%h -> (ref/dut) y=%h/%h zero=%h/%h", samples, a, b, op, y_ref, y_dut, zero_ref, zero_dut);
      mismatches++;
    end
    #1;
  endtask

  logic [47:0] eqv = 48'h80FFC500017F;
  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    a = 8'h80; b = 8'h07; op = 6; check();
    a = 8'h80; b = 8'h01; op = 7; check();
    a = 8'h01; b = 8'h80; op = 7; check();
    a = 8'h05; b = 8'h05; op = 1; check();
    a = 8'hff; b = 8'h01; op = 0; check();
    a = 8'hff; b = 8'h0f; op = 5; check();
    for (int i = 0; i < 8; i++) begin op = i; a = 8'h00; b = 8'h00; check(); a = 8'hf0; b = 8'h83; check(); end op = 3; check();
    // directed: every op with equal operands, negative, positive and zero
    for (int i = 0; i < 8; i++)
      for (int j = 0; j < 6; j++) begin
        op = i; a = eqv[8 * j +: 8]; b = a; check();
      end
    repeat (3000) begin
      a = rnd();
      b = rnd();
      op = rnd();
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
