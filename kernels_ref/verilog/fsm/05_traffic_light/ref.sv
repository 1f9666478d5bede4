module RefModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       car,
  output logic [1:0] main_light,
  output logic [1:0] side_light
);
  localparam logic [1:0] MAIN_GREEN = 2'd0, MAIN_YELLOW = 2'd1, SIDE_GREEN = 2'd2, SIDE_YELLOW = 2'd3;
  localparam logic [1:0] RED = 2'b00, YELLOW = 2'b01, GREEN = 2'b10;
  logic [1:0] phase, next;
  logic [2:0] t;

  always_comb
    case (phase)
      MAIN_GREEN:  next = (t >= 3'd5 && car) ? MAIN_YELLOW : MAIN_GREEN;
      MAIN_YELLOW: next = (t == 3'd1) ? SIDE_GREEN : MAIN_YELLOW;
      SIDE_GREEN:  next = (t == 3'd3) ? SIDE_YELLOW : SIDE_GREEN;
      default:     next = (t == 3'd1) ? MAIN_GREEN : SIDE_YELLOW;
    endcase

  always_ff @(posedge clk)
    if (rst) begin
      phase <= MAIN_GREEN;
      t     <= 3'd0;
    end else begin
      phase <= next;
      if (next != phase) t <= 3'd0;
      else if (t != 3'd7) t <= t + 3'd1;
    end

  always_comb
    case (phase)
      MAIN_GREEN:  {main_light, side_light} = {GREEN, RED};
      MAIN_YELLOW: {main_light, side_light} = {YELLOW, RED};
      SIDE_GREEN:  {main_light, side_light} = {RED, GREEN};
      default:     {main_light, side_light} = {RED, YELLOW};
    endcase
endmodule
