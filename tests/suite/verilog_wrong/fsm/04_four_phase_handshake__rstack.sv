// WRONG: in RELEASE the reset is ignored while ack is still 1
module TopModule (input logic clk, input logic rst, input logic start, input logic [7:0] data_in, input logic ack,
                  output logic req, output logic busy, output logic done, output logic [7:0] data_out);
  localparam logic [1:0] IDLE=0, REQ=1, RELEASE=2, DONE=3;
  logic [1:0] state;
  always_ff @(posedge clk)
    if (rst && !(state == RELEASE && ack)) begin state <= IDLE; data_out <= 0; end
    else case (state)
      IDLE: if (start) begin state <= REQ; data_out <= data_in; end
      REQ: if (ack) state <= RELEASE;
      RELEASE: if (!ack) state <= DONE;
      default: state <= IDLE;
    endcase
  assign req = state == REQ; assign done = state == DONE; assign busy = state != IDLE;
endmodule
