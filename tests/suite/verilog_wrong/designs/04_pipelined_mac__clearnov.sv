// WRONG: a clear without valid_in keeps acc instead of restarting the sum from 0
module TopModule (
  input  logic        clk,
  input  logic        rst,
  input  logic        valid_in,
  input  logic        clear,
  input  logic [7:0]  a,
  input  logic [7:0]  b,
  output logic [23:0] acc,
  output logic        out_valid
);
  logic [7:0]  a1, b1;
  logic [15:0] p2;
  logic        v1, c1, v2, c2;

  always_ff @(posedge clk)
    if (rst) begin
      {a1, b1, v1, c1} <= '0;
      {p2, v2, c2}     <= '0;
      acc              <= 24'd0;
      out_valid        <= 1'b0;
    end else begin
      a1 <= a;  b1 <= b;  v1 <= valid_in;  c1 <= clear;
      p2 <= a1 * b1;  v2 <= v1;  c2 <= c1;
      if (c2 && v2)      acc <= {8'd0, p2};
      else if (v2) acc <= acc + {8'd0, p2};
      out_valid <= v2;
    end
endmodule
