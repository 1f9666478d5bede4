module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic       up,
  output logic [3:0] count
);
  always_ff @(posedge clk)
    if (rst)     count <= 4'd0;
    else if (en) count <= up ? count + 4'd1 : count - 4'd1;
endmodule
