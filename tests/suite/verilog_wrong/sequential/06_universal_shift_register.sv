// Wrong: the right shift is arithmetic (copies bit 7) instead of taking sin into bit 7.
module TopModule (
  input  logic       clk,
  input  logic       rst_n,
  input  logic [1:0] mode,
  input  logic       sin,
  input  logic [7:0] d,
  output logic [7:0] q
);
  always_ff @(posedge clk or negedge rst_n)
    if (!rst_n) q <= 8'h00;
    else
      case (mode)
        2'b01:   q <= {q[6:0], sin};
        2'b10:   q <= {q[7], q[7:1]};
        2'b11:   q <= d;
        default: q <= q;
      endcase
endmodule
