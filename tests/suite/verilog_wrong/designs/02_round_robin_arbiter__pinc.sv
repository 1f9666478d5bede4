// WRONG: the pointer advances by one per grant (p + 1) instead of moving past the winner (w + 1)
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic [3:0] req,
  output logic [3:0] grant
);
  logic [1:0] p, w, cand;
  logic       found;

  always_comb begin
    found = 1'b0;
    w     = 2'd0;
    for (int k = 0; k < 4; k++) begin
      cand = p + k[1:0];
      if (!found && req[cand]) begin
        found = 1'b1;
        w     = cand;
      end
    end
  end

  always_ff @(posedge clk)
    if (rst) begin
      grant <= 4'b0000;
      p     <= 2'd0;
    end else if (found) begin
      grant <= 4'b0001 << w;
      p     <= p + 2'd1;
    end else grant <= 4'b0000;
endmodule
