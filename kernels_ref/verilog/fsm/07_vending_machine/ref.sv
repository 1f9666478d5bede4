module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [1:0] coin,
  input  logic       cancel,
  output logic [5:0] credit,
  output logic       dispense,
  output logic [5:0] change,
  output logic [5:0] refund
);
  logic [5:0] value, total;

  always_comb begin
    case (coin)
      2'b01:   value = 6'd5;
      2'b10:   value = 6'd10;
      2'b11:   value = 6'd25;
      default: value = 6'd0;
    endcase
    total = credit + value;
  end

  always_ff @(posedge clk)
    if (rst) begin
      credit   <= 6'd0;
      dispense <= 1'b0;
      change   <= 6'd0;
      refund   <= 6'd0;
    end else if (cancel) begin
      refund   <= total;
      credit   <= 6'd0;
      dispense <= 1'b0;
      change   <= 6'd0;
    end else begin
      refund <= 6'd0;
      if (total >= 6'd25) begin
        dispense <= 1'b1;
        change   <= total - 6'd25;
        credit   <= 6'd0;
      end else begin
        dispense <= 1'b0;
        change   <= 6'd0;
        credit   <= total;
      end
    end
endmodule
