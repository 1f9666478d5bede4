// WRONG: a send at the reset edge starts a frame (reset does not win when idle)
module TopModule (input logic clk, input logic rst, input logic send, input logic [7:0] data, output logic tx, output logic busy);
  logic [9:0] fr; logic [3:0] nb; logic [1:0] cy;
  always_ff @(posedge clk)
    if (!busy && send) begin fr <= {1'b1, data, 1'b0}; tx <= 0; busy <= 1; nb <= 0; cy <= 0; end
    else if (rst) begin tx <= 1; busy <= 0; nb <= 0; cy <= 0; fr <= '1; end
    else if (busy) begin
      cy <= cy + 1;
      if (cy == 3) begin if (nb == 9) begin busy <= 0; tx <= 1; end else begin nb <= nb + 1; tx <= fr[nb + 1]; end end
    end
endmodule
