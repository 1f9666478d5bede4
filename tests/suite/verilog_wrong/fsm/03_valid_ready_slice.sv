// Wrong: in_ready only when the stage is empty, so a full stage cannot pass items at full rate.
module TopModule (
  input  logic       clk,
  input  logic       rst,
  input  logic       in_valid,
  input  logic [7:0] in_data,
  output logic       in_ready,
  output logic       out_valid,
  output logic [7:0] out_data,
  input  logic       out_ready
);
  assign in_ready = !out_valid;
  always_ff @(posedge clk)
    if (rst) begin
      out_valid <= 1'b0;
      out_data  <= 8'h00;
    end else if (in_ready) begin
      out_valid <= in_valid;
      if (in_valid) out_data <= in_data;
    end else if (out_ready) out_valid <= 1'b0;
endmodule
