module RefModule (
  input  logic [15:0] data,
  output logic [4:0]  count
);
  always_comb begin
    count = 5'd0;
    for (int i = 0; i < 16; i++)
      count = count + {4'd0, data[i]};
  end
endmodule
