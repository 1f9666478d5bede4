// WRONG: the reset is synchronous (no negedge rst_n in the sensitivity list)
module TopModule (
  input  logic       clk,
  input  logic       rst_n,
  input  logic [1:0] mode,
  input  logic       sin,
  input  logic [7:0] d,
  output logic [7:0] q
);
  always_ff @(posedge clk)
    if (!rst_n) q <= 8'h00;
    else
      case (mode)
        2'b01:   q <= {q[6:0], sin};
        2'b10:   q <= {sin, q[7:1]};
        2'b11:   q <= d;
        default: q <= q;
      endcase
endmodule
