module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic [5:0] phase,
  output logic [7:0] sample
);
  logic [6:0] q;  // quarter-wave amplitude
  wire  [3:0] idx = phase[4] ? 4'd15 - phase[3:0] : phase[3:0];

  always_comb
    case (idx)
      4'd0:  q = 7'd6;
      4'd1:  q = 7'd19;
      4'd2:  q = 7'd31;
      4'd3:  q = 7'd43;
      4'd4:  q = 7'd54;
      4'd5:  q = 7'd65;
      4'd6:  q = 7'd76;
      4'd7:  q = 7'd85;
      4'd8:  q = 7'd94;
      4'd9:  q = 7'd102;
      4'd10: q = 7'd109;
      4'd11: q = 7'd115;
      4'd12: q = 7'd120;
      4'd13: q = 7'd123;
      4'd14: q = 7'd126;
      default: q = 7'd127;
    endcase

  always_ff @(posedge clk)
    if (rst)     sample <= 8'h80;
    else if (en) sample <= phase[5] ? 8'd127 - {1'b0, q} : 8'd128 + {1'b0, q};
endmodule
