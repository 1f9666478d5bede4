module RefModule (
  input  logic [15:0] data,
  output logic [4:0]  clz
);
  always_comb begin
    clz = 5'd16;
    for (int i = 0; i < 16; i++)
      if (data[i]) clz = 5'(15 - i);  // the highest set bit is found last
  end
endmodule
