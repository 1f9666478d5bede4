// Wrong: counts trailing zeros instead of leading zeros.
module TopModule (
  input  logic [15:0] data,
  output logic [4:0]  clz
);
  always_comb begin
    clz = 5'd16;
    for (int i = 15; i >= 0; i--)
      if (data[i]) clz = 5'(i);
  end
endmodule
