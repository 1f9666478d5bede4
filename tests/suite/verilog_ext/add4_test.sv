`timescale 1ns/1ps
module tb;
  logic [3:0] x, y;
  logic [4:0] s_ref, s_dut;
  int errors = 0, count = 0;
  RefModule good (.x(x), .y(y), .s(s_ref));
  TopModule dut (.x(x), .y(y), .s(s_dut));
  initial begin
    for (int i = 0; i < 256; i++) begin
      {x, y} = i[7:0];
      #1;
      count++;
      if (s_ref !== (s_ref ^ s_dut ^ s_ref)) errors++;
    end
    $display("Mismatches: %1d in %1d samples", errors, count);
    $finish;
  end
endmodule
