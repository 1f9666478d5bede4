// Wrong: fixed priority (requester 0 highest), the pointer never rotates.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [3:0] req,
  output logic [3:0] grant
);
  always_ff @(posedge clk)
    if (rst) grant <= 4'b0000;
    else     grant <= req & (~req + 4'd1);
endmodule
