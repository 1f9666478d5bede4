// Wrong: the reset is synchronous (missing `negedge rst_n` in the sensitivity list).
module TopModule (
  input  logic        clk,
  input  logic        rst_n,
  input  logic        load,
  input  logic        inc,
  input  logic [15:0] d,
  output logic [15:0] q
);
  always_ff @(posedge clk)
    if (!rst_n)    q <= 16'h8001;
    else if (load) q <= d;
    else if (inc)  q <= q + 16'd1;
endmodule
