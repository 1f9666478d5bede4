`timescale 1ns/1ps
// stimulus in a module of its own, the way published suites often write it
module stimulus_gen (output logic a, output logic b, output logic c, output logic done);
  initial begin
    done = 0;
    for (int i = 0; i < 64; i++) begin
      {a, b, c} = i[2:0];
      #5;
    end
    done = 1;
  end
endmodule

module tb();
  logic a, b, c, done, y_ref, y_dut;
  int errors = 0, count = 0;
  stimulus_gen stim (.a(a), .b(b), .c(c), .done(done));
  RefModule good (.a(a), .b(b), .c(c), .y(y_ref));
  TopModule dut (.a(a), .b(b), .c(c), .y(y_dut));
  always #5 begin
    if (!done) begin
      count++;
      if (y_ref !== (y_ref ^ y_dut ^ y_ref)) errors++;
    end
  end
  initial begin
    wait (done);
    #1 $display("Mismatches: %1d in %1d samples", errors, count);
    $finish;
  end
endmodule
