// WRONG: data takes the received bits also on a framing error (bad stop bit)
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       rx,
  output logic [7:0] data,
  output logic       valid,
  output logic       error
);
  localparam logic [1:0] IDLE = 2'd0, DATA = 2'd1, STOP = 2'd2, WAIT = 2'd3;
  logic [1:0] state;
  logic [2:0] nbits;   // data bits sampled so far, minus one, in DATA
  logic [7:0] shreg;   // bits arrive LSB first, so shift them in from the top

  always_ff @(posedge clk)
    if (rst) begin
      state <= IDLE;
      nbits <= 3'd0;
      shreg <= 8'h00;
      data  <= 8'h00;
      valid <= 1'b0;
      error <= 1'b0;
    end else begin
      valid <= 1'b0;
      error <= 1'b0;
      case (state)
        IDLE: if (!rx) begin
          state <= DATA;
          nbits <= 3'd0;
        end
        DATA: begin
          shreg <= {rx, shreg[7:1]};
          nbits <= nbits + 3'd1;
          if (nbits == 3'd7) state <= STOP;
        end
        STOP:
          if (rx) begin
            data  <= shreg;
            valid <= 1'b1;
            state <= IDLE;
          end else begin
            data <= shreg;
            error <= 1'b1;
            state <= WAIT;
          end
        default: if (rx) state <= IDLE;
      endcase
    end
endmodule
