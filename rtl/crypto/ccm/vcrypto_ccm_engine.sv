// vcrypto_ccm_engine: AES-CCM (NIST SP 800-38C / RFC 3610) encrypt and decrypt.
//
// A cfg_valid_i/cfg_ready_o handshake starts one message with every length up front: key
// (AES-128/192/256, cfg_key_len_i 0/1/2), direction, nonce (cfg_nonce_len_i = n = 7..13
// bytes, nonce byte i at cfg_nonce_i[8*i+7:8*i]), tag length t (4..16, even), AAD length a
// and payload length p. The input stream then carries the AAD (tuser 1) and the payload
// (tuser 2), 16 bytes per beat except the last beat of each phase; a phase of length 0 has
// no beats. The engine counts the bytes itself from the announced lengths (s_axis_tuser and
// s_axis_tbytes are not needed and not checked).
//
// Formatting (SP 800-38C A.2): q = 15 - n; B0 = flags | N | [p]_q with flags = 64*(a>0) +
// 8*((t-2)/2) + (q-1); the AAD is prefixed by its length encoding ([a]_16 for a < 0xFF00,
// else 0xFF 0xFE [a]_32), zero padded to a block boundary; the payload follows, zero padded.
// Counter blocks A_i = (q-1) | N | [i]_q. CBC-MAC T = X_last over B0 | AAD blocks | payload
// blocks (for decryption over the recovered plaintext); S0 = E(A0); the payload block j is
// XORed with E(A_j). tag_o = the first t bytes of T ^ S0, the rest zero.
//
// Two vcrypto_aes_core instances run in parallel: u_mac does the CBC-MAC chain, u_ctr makes
// the key stream E(A_0), E(A_1), ... ahead of the data (the keystream block waits in the
// core's output register). A payload beat is taken when its keystream block is ready, the
// output register is free and the one-block MAC queue (mb) is free; the MAC lags one block.
// Steady state: one 16-byte block per Nr+1 clocks (11/13/15), limited by the serial CBC-MAC.
//
// Outputs are registers or decodes of registers: no combinational path from an input port
// to an output port. m_axis carries the payload output (same byte counts as the input, bytes
// past tbytes zero); tag_valid_o rises after the last m_axis beat was taken.
module vcrypto_ccm_engine (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         cfg_valid_i,
  output logic         cfg_ready_o,
  input  logic [255:0] cfg_key_i,
  input  logic [1:0]   cfg_key_len_i,
  input  logic         cfg_decrypt_i,
  input  logic [103:0] cfg_nonce_i,
  input  logic [3:0]   cfg_nonce_len_i,
  input  logic [4:0]   cfg_tag_len_i,
  input  logic [31:0]  cfg_aad_len_i,
  input  logic [31:0]  cfg_data_len_i,

  input  logic         s_axis_tvalid,
  output logic         s_axis_tready,
  input  logic [127:0] s_axis_tdata,
  input  logic [4:0]   s_axis_tbytes,
  input  logic [1:0]   s_axis_tuser,

  output logic         m_axis_tvalid,
  input  logic         m_axis_tready,
  output logic [127:0] m_axis_tdata,
  output logic [4:0]   m_axis_tbytes,

  output logic         tag_valid_o,
  input  logic         tag_ready_i,
  output logic [127:0] tag_o,

  output logic         busy_o
);

  // AAD lengths from this value up use the 6-byte encoding 0xFF 0xFE [a]_32.
  localparam logic [31:0] AAD_LONG = 32'h0000_FF00;

  // ---------------------------------------------------------------- registers
  logic          run_q, run_d;         // a message is in progress (cfg taken, tag not made)
  logic          dec_q, dec_d;
  logic [4:0]    tlen_q, tlen_d;       // tag length in bytes
  logic [3:0]    qlen_q, qlen_d;       // q = 15 - n, bytes of the counter field
  logic [127:0]  abase_q, abase_d;     // A_i with a zero counter field
  logic          e6_q, e6_d;           // AAD length encoding has 6 bytes (else 2)
  logic [47:0]   carry_q, carry_d;     // AAD bytes (or the length encoding) not yet in a block
  logic          aflush_q, aflush_d;   // carry_q still has to go out as the last AAD block
  logic [31:0]   aad_rem_q, aad_rem_d;
  logic [31:0]   data_rem_q, data_rem_d;
  logic [31:0]   ctr_idx_q, ctr_idx_d; // index i of the next counter block A_i
  logic [28:0]   ctr_left_q, ctr_left_d; // counter blocks still to issue (m + 1 in all)
  logic          s0_got_q, s0_got_d;
  logic [127:0]  s0_q, s0_d;
  logic          mb_valid_q, mb_valid_d; // MAC queue: next block for the CBC-MAC
  logic [127:0]  mb_q, mb_d;
  logic          mac_first_q, mac_first_d; // next MAC block is B0 (no chaining value)
  logic          mvalid_q, mvalid_d;
  logic [127:0]  mdata_q, mdata_d;
  logic [4:0]    mbytes_q, mbytes_d;
  logic          tvalid_q, tvalid_d;
  logic [127:0]  tag_q, tag_d;

  // ---------------------------------------------------------------- AES cores
  logic          cfg_fire;
  logic          mac_key_ready, ctr_key_ready;
  logic          mac_in_valid, mac_in_ready, mac_out_valid, mac_out_ready;
  logic [127:0]  mac_in_data, mac_out_data;
  logic          ctr_in_valid, ctr_in_ready, ctr_out_valid, ctr_out_ready;
  logic [127:0]  ctr_in_data, ctr_out_data;

  vcrypto_aes_core u_mac (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .key_valid_i  (cfg_fire),
    .key_ready_o  (mac_key_ready),
    .key_i        (cfg_key_i),
    .key_len_i    (cfg_key_len_i),
    .in_valid_i   (mac_in_valid),
    .in_ready_o   (mac_in_ready),
    .in_data_i    (mac_in_data),
    .in_decrypt_i (1'b0),
    .out_valid_o  (mac_out_valid),
    .out_ready_i  (mac_out_ready),
    .out_data_o   (mac_out_data)
  );

  vcrypto_aes_core u_ctr (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .key_valid_i  (cfg_fire),
    .key_ready_o  (ctr_key_ready),
    .key_i        (cfg_key_i),
    .key_len_i    (cfg_key_len_i),
    .in_valid_i   (ctr_in_valid),
    .in_ready_o   (ctr_in_ready),
    .in_data_i    (ctr_in_data),
    .in_decrypt_i (1'b0),
    .out_valid_o  (ctr_out_valid),
    .out_ready_i  (ctr_out_ready),
    .out_data_o   (ctr_out_data)
  );

  // ---------------------------------------------------------------- cfg formatting
  logic [3:0]   n_in;        // nonce length clamped to 7..13
  logic [2:0]   qm1_in;      // q - 1 = 14 - n (1..7)
  logic [3:0]   q_in;
  logic [127:0] nbody;       // 0 | N | 0...
  logic [127:0] b0_in;
  logic [127:0] abase_in;
  logic [47:0]  lenc_in;     // AAD length encoding, first byte at [7:0]
  logic         e6_in;
  logic [28:0]  m_in;        // number of payload blocks

  always_comb begin
    n_in = cfg_nonce_len_i;
    if (n_in < 4'd7)  n_in = 4'd7;
    if (n_in > 4'd13) n_in = 4'd13;
    qm1_in = 3'(4'd14 - n_in);
    q_in   = 4'd15 - n_in;
    nbody  = '0;
    for (int p = 1; p <= 13; p++) begin
      if (4'(p) <= n_in) nbody[8*p +: 8] = cfg_nonce_i[8*(p-1) +: 8];
    end
    b0_in       = nbody;
    b0_in[7:0]  = {1'b0, (cfg_aad_len_i != 32'd0), 3'(cfg_tag_len_i[4:1] - 4'd1), qm1_in};
    for (int k = 0; k < 4; k++) begin
      if (4'(k) < q_in) b0_in[8*(15-k) +: 8] = cfg_data_len_i[8*k +: 8];
    end
    abase_in      = nbody;
    abase_in[7:0] = {5'd0, qm1_in};
    e6_in = (cfg_aad_len_i >= AAD_LONG);
    if (e6_in) begin
      lenc_in = {cfg_aad_len_i[7:0], cfg_aad_len_i[15:8], cfg_aad_len_i[23:16],
                 cfg_aad_len_i[31:24], 8'hFE, 8'hFF};
    end else begin
      lenc_in = {32'd0, cfg_aad_len_i[7:0], cfg_aad_len_i[15:8]};
    end
    m_in = 29'(cfg_data_len_i[31:4]) + 29'(|cfg_data_len_i[3:0]);
  end

  // ---------------------------------------------------------------- handshakes
  logic         ph_aad;      // the next input beat is AAD
  logic         ph_data;     // the next input beat is payload (and may be taken)
  logic         mac_take;    // the MAC core takes mb this clock
  logic         mb_free;     // mb can be written this clock
  logic         s_fire;
  logic         a_fire;
  logic         d_fire;
  logic         f_fire;      // flush block goes to mb
  logic         fin;         // the MAC is complete: make the tag

  assign cfg_ready_o = !run_q && !tvalid_q && mac_key_ready && ctr_key_ready;
  assign cfg_fire    = cfg_valid_i && cfg_ready_o;

  assign mac_take = mb_valid_q && mac_in_ready && (mac_first_q || mac_out_valid);
  assign mb_free  = !mb_valid_q || mac_take;

  assign ph_aad  = run_q && (aad_rem_q != 32'd0);
  assign ph_data = run_q && (aad_rem_q == 32'd0) && !aflush_q && (data_rem_q != 32'd0)
                   && s0_got_q && ctr_out_valid && !mvalid_q;

  assign s_axis_tready = (ph_aad || ph_data) && mb_free;
  assign s_fire        = s_axis_tvalid && s_axis_tready;
  assign a_fire        = s_fire && ph_aad;
  assign d_fire        = s_fire && !ph_aad;
  assign f_fire        = run_q && aflush_q && mb_free;

  assign fin = run_q && !tvalid_q && (aad_rem_q == 32'd0) && (data_rem_q == 32'd0) && !aflush_q
               && !mb_valid_q && mac_out_valid && mac_in_ready && s0_got_q && !mvalid_q;

  assign mac_in_valid  = mac_take;
  assign mac_in_data   = mac_first_q ? mb_q : (mb_q ^ mac_out_data);
  assign mac_out_ready = (mac_take && !mac_first_q) || fin;

  assign ctr_in_valid  = run_q && (ctr_left_q != 29'd0);
  always_comb begin
    ctr_in_data = abase_q;
    for (int k = 0; k < 4; k++) begin
      if (4'(k) < qlen_q) ctr_in_data[8*(15-k) +: 8] = ctr_idx_q[8*k +: 8];
    end
  end
  assign ctr_out_ready = !s0_got_q || d_fire;

  // ---------------------------------------------------------------- beat datapath
  logic [31:0]  rem;         // bytes left in the current phase
  logic [4:0]   nb;          // bytes in this beat
  logic [127:0] din;         // input beat, bytes past nb zeroed
  logic [127:0] dout;        // payload output, bytes past nb zeroed
  logic [127:0] ablk;        // MAC block made from an AAD beat
  logic [47:0]  acarry;
  logic         aflush_need;

  always_comb begin
    rem = ph_aad ? aad_rem_q : data_rem_q;
    nb  = (rem >= 32'd16) ? 5'd16 : rem[4:0];
    for (int i = 0; i < 16; i++) begin
      din[8*i +: 8]  = (5'(i) < nb) ? s_axis_tdata[8*i +: 8] : 8'h00;
      dout[8*i +: 8] = (5'(i) < nb) ? (s_axis_tdata[8*i +: 8] ^ ctr_out_data[8*i +: 8]) : 8'h00;
    end
    if (e6_q) begin
      ablk        = {din[79:0], carry_q};
      acarry      = din[127:80];
      aflush_need = (nb > 5'd10);
    end else begin
      ablk        = {din[111:0], carry_q[15:0]};
      acarry      = {32'd0, din[127:112]};
      aflush_need = (nb > 5'd14);
    end
  end

  // ---------------------------------------------------------------- next state
  always_comb begin
    run_d       = run_q;
    dec_d       = dec_q;
    tlen_d      = tlen_q;
    qlen_d      = qlen_q;
    abase_d     = abase_q;
    e6_d        = e6_q;
    carry_d     = carry_q;
    aflush_d    = aflush_q;
    aad_rem_d   = aad_rem_q;
    data_rem_d  = data_rem_q;
    ctr_idx_d   = ctr_idx_q;
    ctr_left_d  = ctr_left_q;
    s0_got_d    = s0_got_q;
    s0_d        = s0_q;
    mb_valid_d  = mb_valid_q;
    mb_d        = mb_q;
    mac_first_d = mac_first_q;
    mvalid_d    = mvalid_q;
    mdata_d     = mdata_q;
    mbytes_d    = mbytes_q;
    tvalid_d    = tvalid_q;
    tag_d       = tag_q;

    if (cfg_fire) begin
      run_d       = 1'b1;
      dec_d       = cfg_decrypt_i;
      tlen_d      = cfg_tag_len_i;
      qlen_d      = q_in;
      abase_d     = abase_in;
      e6_d        = e6_in;
      carry_d     = lenc_in;
      aflush_d    = 1'b0;
      aad_rem_d   = cfg_aad_len_i;
      data_rem_d  = cfg_data_len_i;
      ctr_idx_d   = 32'd0;
      ctr_left_d  = m_in + 29'd1;
      s0_got_d    = 1'b0;
      mb_valid_d  = 1'b1;              // B0 is the first MAC block
      mb_d        = b0_in;
      mac_first_d = 1'b1;
    end

    // MAC core takes the queued block
    if (mac_take) begin
      mb_valid_d  = 1'b0;
      mac_first_d = 1'b0;
    end

    // counter blocks into the CTR core
    if (ctr_in_valid && ctr_in_ready) begin
      ctr_idx_d  = ctr_idx_q + 32'd1;
      ctr_left_d = ctr_left_q - 29'd1;
    end
    // E(A0) is S0
    if (!s0_got_q && ctr_out_valid && run_q) begin
      s0_got_d = 1'b1;
      s0_d     = ctr_out_data;
    end

    // AAD beat -> one MAC block (plus a flush block after the last beat if bytes are left)
    if (a_fire) begin
      mb_valid_d = 1'b1;
      mb_d       = ablk;
      carry_d    = acarry;
      aad_rem_d  = aad_rem_q - 32'(nb);
      if (aad_rem_q <= 32'd16 && aflush_need) aflush_d = 1'b1;
    end
    if (f_fire) begin
      mb_valid_d = 1'b1;
      mb_d       = {80'd0, carry_q};
      aflush_d   = 1'b0;
    end

    // m_axis output register
    if (mvalid_q && m_axis_tready) mvalid_d = 1'b0;

    // payload beat: output and the plaintext block for the MAC
    if (d_fire) begin
      mvalid_d   = 1'b1;
      mdata_d    = dout;
      mbytes_d   = nb;
      mb_valid_d = 1'b1;
      mb_d       = dec_q ? dout : din;
      data_rem_d = data_rem_q - 32'(nb);
    end

    // tag
    if (tvalid_q && tag_ready_i) tvalid_d = 1'b0;
    if (fin) begin
      run_d    = 1'b0;
      tvalid_d = 1'b1;
      for (int i = 0; i < 16; i++) begin
        tag_d[8*i +: 8] = (5'(i) < tlen_q) ? (mac_out_data[8*i +: 8] ^ s0_q[8*i +: 8]) : 8'h00;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      run_q       <= 1'b0;
      dec_q       <= 1'b0;
      tlen_q      <= 5'd0;
      qlen_q      <= 4'd0;
      e6_q        <= 1'b0;
      aflush_q    <= 1'b0;
      aad_rem_q   <= 32'd0;
      data_rem_q  <= 32'd0;
      ctr_idx_q   <= 32'd0;
      ctr_left_q  <= 29'd0;
      s0_got_q    <= 1'b0;
      mb_valid_q  <= 1'b0;
      mac_first_q <= 1'b0;
      mvalid_q    <= 1'b0;
      mbytes_q    <= 5'd0;
      tvalid_q    <= 1'b0;
    end else begin
      run_q       <= run_d;
      dec_q       <= dec_d;
      tlen_q      <= tlen_d;
      qlen_q      <= qlen_d;
      e6_q        <= e6_d;
      aflush_q    <= aflush_d;
      aad_rem_q   <= aad_rem_d;
      data_rem_q  <= data_rem_d;
      ctr_idx_q   <= ctr_idx_d;
      ctr_left_q  <= ctr_left_d;
      s0_got_q    <= s0_got_d;
      mb_valid_q  <= mb_valid_d;
      mac_first_q <= mac_first_d;
      mvalid_q    <= mvalid_d;
      mbytes_q    <= mbytes_d;
      tvalid_q    <= tvalid_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    abase_q <= abase_d;
    carry_q <= carry_d;
    s0_q    <= s0_d;
    mb_q    <= mb_d;
    mdata_q <= mdata_d;
    tag_q   <= tag_d;
  end

  assign m_axis_tvalid = mvalid_q;
  assign m_axis_tdata  = mdata_q;
  assign m_axis_tbytes = mbytes_q;
  assign tag_valid_o   = tvalid_q;
  assign tag_o         = tag_q;
  assign busy_o        = run_q || tvalid_q;

  // The beat byte counts follow from the announced lengths; tuser and tbytes are redundant.
  logic unused_ok;
  assign unused_ok = ^{s_axis_tbytes, s_axis_tuser};

endmodule
