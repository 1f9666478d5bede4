// Wrong: the run counter is not cleared by a glitch back to the clean level, so it counts
// differing samples in total instead of consecutive ones.
module TopModule (
  input  logic clk,
  input  logic rst,
  input  logic noisy,
  output logic clean,
  output logic rose
);
  logic [1:0] run;
  always_ff @(posedge clk)
    if (rst) begin
      clean <= 1'b0;
      run   <= 2'd0;
      rose  <= 1'b0;
    end else begin
      rose <= 1'b0;
      if (noisy != clean) begin
        if (run == 2'd3) begin
          clean <= noisy;
          run   <= 2'd0;
          rose  <= noisy;
        end else run <= run + 2'd1;
      end
    end
endmodule
