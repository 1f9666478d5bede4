// Wrong: sells only when the total is strictly above the price (total > 25).
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [1:0] coin,
  input  logic       cancel,
  output logic [5:0] credit,
  output logic       dispense,
  output logic [5:0] change,
  output logic [5:0] refund
);
  wire [5:0] value = coin == 2'b01 ? 6'd5 : coin == 2'b10 ? 6'd10 : coin == 2'b11 ? 6'd25 : 6'd0;
  wire [5:0] total = credit + value;
  always_ff @(posedge clk)
    if (rst) begin
      credit <= 6'd0; dispense <= 1'b0; change <= 6'd0; refund <= 6'd0;
    end else if (cancel) begin
      refund <= total; credit <= 6'd0; dispense <= 1'b0; change <= 6'd0;
    end else begin
      refund   <= 6'd0;
      dispense <= total > 6'd25;
      change   <= total > 6'd25 ? total - 6'd25 : 6'd0;
      credit   <= total > 6'd25 ? 6'd0 : total;
    end
endmodule
