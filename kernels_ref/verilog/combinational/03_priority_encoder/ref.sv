module RefModule (
  input  logic [7:0] req,
  output logic [2:0] idx,
  output logic       valid
);
  always_comb begin
    idx = 3'd0;
    for (int i = 0; i < 8; i++)
      if (req[i]) idx = i[2:0];  // later (higher) bits win
  end
  assign valid = |req;
endmodule
