module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [7:0] period,
  output logic [7:0] count,
  output logic       tick
);
  assign tick = ({1'b0, count} + 9'd1) >= {1'b0, period};

  always_ff @(posedge clk)
    if (rst || tick) count <= 8'd0;
    else             count <= count + 8'd1;
endmodule
