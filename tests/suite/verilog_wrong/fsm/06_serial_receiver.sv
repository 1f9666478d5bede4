// Wrong: after a bad stop bit it returns to IDLE at once, so a low line starts a new frame.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       rx,
  output logic [7:0] data,
  output logic       valid,
  output logic       error
);
  logic [3:0] cnt;  // 0 = idle, 1..8 = data bits, 9 = stop
  logic [7:0] sh;
  always_ff @(posedge clk)
    if (rst) begin
      cnt <= 4'd0; sh <= 8'h00; data <= 8'h00; valid <= 1'b0; error <= 1'b0;
    end else begin
      valid <= 1'b0;
      error <= 1'b0;
      if (cnt == 4'd0) begin
        if (!rx) cnt <= 4'd1;
      end else if (cnt <= 4'd8) begin
        sh  <= {rx, sh[7:1]};
        cnt <= cnt + 4'd1;
      end else begin
        cnt <= 4'd0;
        if (rx) begin data <= sh; valid <= 1'b1; end
        else error <= 1'b1;
      end
    end
endmodule
