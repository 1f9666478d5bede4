// Wrong: the table index is not mirrored in quadrants 1 and 3 (Q[i] instead of Q[15 - i]).
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       en,
  input  logic [5:0] phase,
  output logic [7:0] sample
);
  function automatic logic [6:0] quarter(input logic [3:0] i);
    case (i)
      4'd0: return 7'd6;    4'd1: return 7'd19;   4'd2: return 7'd31;   4'd3: return 7'd43;
      4'd4: return 7'd54;   4'd5: return 7'd65;   4'd6: return 7'd76;   4'd7: return 7'd85;
      4'd8: return 7'd94;   4'd9: return 7'd102;  4'd10: return 7'd109; 4'd11: return 7'd115;
      4'd12: return 7'd120; 4'd13: return 7'd123; 4'd14: return 7'd126; default: return 7'd127;
    endcase
  endfunction
  wire [6:0] q = quarter(phase[3:0]);
  always_ff @(posedge clk)
    if (rst)     sample <= 8'h80;
    else if (en) sample <= phase[5] ? 8'd127 - q : 8'd128 + q;
endmodule
