// WRONG: the reset is handled per state and forgotten in WAIT (data is not cleared, flags not cleared)
module TopModule (input logic clk, input logic rst, input logic rx, output logic [7:0] data, output logic valid, output logic error);
  localparam logic [1:0] IDLE=0, DATA=1, STOP=2, WAIT=3;
  logic [1:0] state; logic [2:0] n; logic [7:0] sh;
  always_ff @(posedge clk) begin
    valid <= 0; error <= 0;
    case (state)
      IDLE: if (rst) begin n <= 0; sh <= 0; data <= 0; end else if (!rx) begin state <= DATA; n <= 0; end
      DATA: if (rst) begin state <= IDLE; n <= 0; sh <= 0; data <= 0; end
            else begin sh <= {rx, sh[7:1]}; n <= n + 1; if (n == 7) state <= STOP; end
      STOP: if (rst) begin state <= IDLE; n <= 0; sh <= 0; data <= 0; end
            else if (rx) begin data <= sh; valid <= 1; state <= IDLE; end else begin error <= 1; state <= WAIT; end
      default: if (rx || rst) state <= IDLE;
    endcase
  end
  initial state = IDLE;
endmodule
