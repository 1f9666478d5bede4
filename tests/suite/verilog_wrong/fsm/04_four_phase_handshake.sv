// Wrong: finishes as soon as ack rises (two-phase), without waiting for ack to fall.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       start,
  input  logic [7:0] data_in,
  input  logic       ack,
  output logic       req,
  output logic       busy,
  output logic       done,
  output logic [7:0] data_out
);
  logic [1:0] state;
  always_ff @(posedge clk)
    if (rst) begin
      state    <= 2'd0;
      data_out <= 8'h00;
    end else
      case (state)
        2'd0: if (start) begin state <= 2'd1; data_out <= data_in; end
        2'd1: if (ack) state <= 2'd3;
        default: state <= 2'd0;
      endcase
  assign req  = (state == 2'd1);
  assign done = (state == 2'd3);
  assign busy = (state != 2'd0);
endmodule
