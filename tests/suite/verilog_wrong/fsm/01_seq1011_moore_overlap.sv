// Wrong: after a match the machine restarts from scratch (non-overlapping detection).
module TopModule (
  input  logic clk,
  input  logic rst,
  input  logic din,
  output logic found
);
  logic [2:0] state;
  always_ff @(posedge clk)
    if (rst) state <= 3'd0;
    else
      case (state)
        3'd0: state <= din ? 3'd1 : 3'd0;
        3'd1: state <= din ? 3'd1 : 3'd2;
        3'd2: state <= din ? 3'd3 : 3'd0;
        3'd3: state <= din ? 3'd4 : 3'd2;
        default: state <= 3'd0;
      endcase
  assign found = (state == 3'd4);
endmodule
