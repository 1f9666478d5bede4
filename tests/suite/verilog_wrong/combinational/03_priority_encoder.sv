// Wrong: the lowest set bit wins instead of the highest.
module TopModule (
  input  logic [7:0] req,
  output logic [2:0] idx,
  output logic       valid
);
  always_comb begin
    idx = 3'd0;
    for (int i = 7; i >= 0; i--)
      if (req[i]) idx = i[2:0];
  end
  assign valid = |req;
endmodule
