// Wrong: only two stages (multiplies straight from the inputs), so results come one cycle early.
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
  logic [15:0] p2;
  logic        v2, c2;
  always_ff @(posedge clk)
    if (rst) begin
      p2 <= 16'd0; v2 <= 1'b0; c2 <= 1'b0; acc <= 24'd0; out_valid <= 1'b0;
    end else begin
      p2 <= a * b; v2 <= valid_in; c2 <= clear;
      if (c2)      acc <= v2 ? {8'd0, p2} : 24'd0;
      else if (v2) acc <= acc + {8'd0, p2};
      out_valid <= v2;
    end
endmodule
