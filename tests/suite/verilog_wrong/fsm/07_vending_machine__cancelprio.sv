// WRONG: cancel has priority over reset
module TopModule (input logic clk, input logic rst, input logic [1:0] coin, input logic cancel,
                  output logic [5:0] credit, output logic dispense, output logic [5:0] change, output logic [5:0] refund);
  logic [5:0] v, total;
  always_comb begin v = coin == 1 ? 6'd5 : coin == 2 ? 6'd10 : coin == 3 ? 6'd25 : 6'd0; total = credit + v; end
  always_ff @(posedge clk)
    if (cancel) begin refund <= total; credit <= 0; dispense <= 0; change <= 0; end
    else if (rst) begin credit <= 0; dispense <= 0; change <= 0; refund <= 0; end
    else begin
      refund <= 0;
      if (total >= 25) begin dispense <= 1; change <= total - 6'd25; credit <= 0; end
      else begin dispense <= 0; change <= 0; credit <= total; end
    end
endmodule
