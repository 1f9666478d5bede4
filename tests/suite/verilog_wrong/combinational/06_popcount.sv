// Wrong width: a 4-bit counter wraps 16 ones to 0.
module TopModule (
  input  logic [15:0] data,
  output logic [4:0]  count
);
  logic [3:0] c;
  always_comb begin
    c = 4'd0;
    for (int i = 0; i < 16; i++)
      c = c + {3'd0, data[i]};
  end
  assign count = {1'b0, c};
endmodule
