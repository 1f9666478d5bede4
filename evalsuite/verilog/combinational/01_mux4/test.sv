// Testbench of verilog/combinational/01_mux4: 4-to-1 multiplexer, 8 bits wide.
// Compares every output of TopModule with RefModule after each input change (an X in the
// reference matches anything) and prints `Mismatches: N in M samples`. Seed: +seed=N.
`timescale 1ns/1ps
module tb;
  logic [7:0] a;
  logic [7:0] b;
  logic [7:0] c;
  logic [7:0] d;
  logic [1:0] sel;
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

  RefModule ref_i (.a(a), .b(b), .c(c), .d(d), .sel(sel), .y(y_ref));
  TopModule dut (.a(a), .b(b), .c(c), .d(d), .sel(sel), .y(y_dut));

  task automatic check;
    #1;
    samples++;
    if (y_ref !== (y_ref ^ y_dut ^ y_ref)) begin
      if (mismatches < 5) $display("mismatch at sample %0d: a=%h b=%h c=%h d=%h sel=%h -> (ref/dut) y=%h/%h", samples, a, b, c, d, sel, y_ref, y_dut);
      mismatches++;
    end
    #1;
  endtask

  initial begin
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    rng_state = 32'h9E3779B9 ^ seed;
    if (rng_state == 0) rng_state = 1;
    // directed corners
    {a, b, c, d} = {8'h00, 8'hff, 8'h55, 8'haa}; sel = 0; check();
    sel = 1; check();
    sel = 2; check();
    sel = 3; check();
    repeat (1000) begin
      a = rnd();
      b = rnd();
      c = rnd();
      d = rnd();
      sel = rnd();
      check();
    end
    $display("Mismatches: %0d in %0d samples", mismatches, samples);
    $finish;
  end
endmodule
