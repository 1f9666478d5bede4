module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       send,
  input  logic [7:0] data,
  output logic       tx,
  output logic       busy
);
  logic [9:0] frame;  // stop, d7..d0, start: bit k is the k-th bit on the line
  logic [3:0] nbit;   // index of the bit on the line
  logic [1:0] cycle;  // clock cycles of the current bit already spent, minus one

  always_ff @(posedge clk)
    if (rst) begin
      tx    <= 1'b1;
      busy  <= 1'b0;
      nbit  <= 4'd0;
      cycle <= 2'd0;
      frame <= 10'h3FF;
    end else if (!busy) begin
      if (send) begin
        frame <= {1'b1, data, 1'b0};
        tx    <= 1'b0;
        busy  <= 1'b1;
        nbit  <= 4'd0;
        cycle <= 2'd0;
      end
    end else begin
      cycle <= cycle + 2'd1;
      if (cycle == 2'd3) begin
        if (nbit == 4'd9) begin
          busy <= 1'b0;
          tx   <= 1'b1;
        end else begin
          nbit <= nbit + 4'd1;
          tx   <= frame[nbit + 4'd1];
        end
      end
    end
endmodule
