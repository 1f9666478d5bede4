module RefModule (
  input  logic clk,
  input  logic rst,
  input  logic noisy,
  output logic clean,
  output logic rose
);
  logic [1:0] run;  // consecutive edges with noisy != clean, minus the one being counted now

  always_ff @(posedge clk)
    if (rst) begin
      clean <= 1'b0;
      run   <= 2'd0;
      rose  <= 1'b0;
    end else begin
      rose <= 1'b0;
      if (noisy == clean) run <= 2'd0;
      else if (run == 2'd3) begin
        clean <= noisy;
        run   <= 2'd0;
        rose  <= noisy;
      end else run <= run + 2'd1;
    end
endmodule
