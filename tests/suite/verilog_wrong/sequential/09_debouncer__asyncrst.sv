// WRONG: asynchronous reset
module TopModule (input logic clk, input logic rst, input logic noisy, output logic clean, output logic rose);
  logic [1:0] run;
  always_ff @(posedge clk or posedge rst)
    if (rst) begin clean <= 0; run <= 0; rose <= 0; end
    else begin
      rose <= 1'b0;
      if (noisy == clean) run <= 0;
      else if (run == 2'd3) begin clean <= noisy; run <= 0; rose <= noisy; end
      else run <= run + 2'd1;
    end
endmodule
