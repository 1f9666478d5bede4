// Wrong: the data bits go out most significant bit first.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       send,
  input  logic [7:0] data,
  output logic       tx,
  output logic       busy
);
  logic [9:0] frame;
  logic [3:0] nbit;
  logic [1:0] cycle;
  always_ff @(posedge clk)
    if (rst) begin
      tx <= 1'b1; busy <= 1'b0; nbit <= 4'd0; cycle <= 2'd0; frame <= 10'h3FF;
    end else if (!busy) begin
      if (send) begin
        frame <= {1'b1, data[0], data[1], data[2], data[3], data[4], data[5], data[6], data[7], 1'b0};
        tx <= 1'b0; busy <= 1'b1; nbit <= 4'd0; cycle <= 2'd0;
      end
    end else begin
      cycle <= cycle + 2'd1;
      if (cycle == 2'd3) begin
        if (nbit == 4'd9) begin busy <= 1'b0; tx <= 1'b1; end
        else begin nbit <= nbit + 4'd1; tx <= frame[nbit + 4'd1]; end
      end
    end
endmodule
