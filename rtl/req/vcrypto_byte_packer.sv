// vcrypto_byte_packer: turns pushes of 0..16 bytes into full 16-byte beats (the last beat of
// a message may be partial, released by flush). Feeds the hash engine from the chaining tap,
// whose bytes arrive at arbitrary stream offsets.
module vcrypto_byte_packer (
  input  logic         clk_i,
  input  logic         rst_i,
  input  logic         clear_i,
  // producer
  input  logic         push_valid_i,
  output logic         push_ready_o,
  input  logic [127:0] push_data_i,
  input  logic [4:0]   push_bytes_i,
  input  logic         flush_i,         // emit a partial window (end of message)
  // consumer
  output logic         m_valid_o,
  input  logic         m_ready_i,
  output logic [127:0] m_data_o,
  output logic [4:0]   m_bytes_o,
  output logic         empty_o
);
  logic [255:0] win_q, win_d;
  logic [5:0]   cnt_q, cnt_d;
  logic [4:0]   out_n;
  logic         pop;

  assign out_n        = (cnt_q >= 6'd16) ? 5'd16 : cnt_q[4:0];
  assign m_valid_o    = (cnt_q >= 6'd16) || (flush_i && cnt_q != 0);
  assign m_data_o     = win_q[127:0] & ~({128{1'b1}} << {out_n, 3'b000});
  assign m_bytes_o    = out_n;
  assign pop          = m_valid_o && m_ready_i;
  assign push_ready_o = (cnt_q <= 6'd16);
  assign empty_o      = (cnt_q == 0);

  always_comb begin
    win_d = win_q;
    cnt_d = cnt_q;
    if (pop) begin
      win_d = win_q >> {out_n, 3'b000};
      cnt_d = cnt_q - 6'(out_n);
    end
    if (push_valid_i && push_ready_o && push_bytes_i != 0) begin
      win_d = win_d | ({128'd0, push_data_i & ~({128{1'b1}} << {push_bytes_i, 3'b000})}
                       << {cnt_d, 3'b000});
      cnt_d = cnt_d + 6'(push_bytes_i);
    end
    if (clear_i) begin
      win_d = '0;
      cnt_d = '0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      win_q <= '0;
      cnt_q <= '0;
    end else begin
      win_q <= win_d;
      cnt_q <= cnt_d;
    end
  end
endmodule
