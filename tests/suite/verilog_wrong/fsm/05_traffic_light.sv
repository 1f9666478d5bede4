// Wrong (off by one): the yellow phases last 3 cycles instead of 2.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       car,
  output logic [1:0] main_light,
  output logic [1:0] side_light
);
  logic [1:0] phase;
  logic [2:0] t;
  always_ff @(posedge clk)
    if (rst) begin
      phase <= 2'd0;
      t     <= 3'd0;
    end else begin
      t <= (t == 3'd7) ? t : t + 3'd1;
      case (phase)
        2'd0: if (t >= 3'd5 && car) begin phase <= 2'd1; t <= 3'd0; end
        2'd1: if (t == 3'd2) begin phase <= 2'd2; t <= 3'd0; end
        2'd2: if (t == 3'd3) begin phase <= 2'd3; t <= 3'd0; end
        2'd3: if (t == 3'd2) begin phase <= 2'd0; t <= 3'd0; end
      endcase
    end
  assign main_light = phase == 2'd0 ? 2'b10 : phase == 2'd1 ? 2'b01 : 2'b00;
  assign side_light = phase == 2'd2 ? 2'b10 : phase == 2'd3 ? 2'b01 : 2'b00;
endmodule
