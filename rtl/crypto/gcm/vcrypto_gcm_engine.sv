// vcrypto_gcm_engine: AES-GCM (NIST SP 800-38D) encrypt/decrypt, AES-128/192/256.
//
// A cfg_valid_i/cfg_ready_o handshake starts a message with every length up front: key
// (expanded by vcrypto_aes_core, skipped when it is the key already expanded), direction,
// IV length in bytes (>= 1), the IV itself when iv_len = 12 (J0 = IV || 0^31 || 1), the AAD
// length and the data length in bytes. Input beats follow on s_axis_* in phase order:
//   phase 0 IV   (only when iv_len != 12): J0 = GHASH_H(IV || 0-pad || 0^64 || [len(IV)]_64)
//   phase 1 AAD
//   phase 2 data (plaintext to encrypt or ciphertext to decrypt)
// Every beat of a phase carries 16 bytes except the phase's last (1..16). The engine counts
// the bytes itself from the lengths: s_axis_tbytes and s_axis_tuser are not needed (bytes past
// the phase's end in a beat are ignored). Data beats come out on m_axis_* with the same byte
// counts (bytes past tbytes are zero); after the last one has been taken, the full 16-byte tag
// E_K(J0) xor GHASH_H(A || 0-pad || C || 0-pad || [len(A)]_64 || [len(C)]_64) is offered on
// tag_*, where C is the ciphertext (the output for encryption, the input for decryption).
// The engine returns to idle (cfg_ready_o) once the tag has been taken.
//
// Byte order (design.md): key, IV, blocks and tag have byte 0 at bits [7:0]. H = E_K(0^128);
// the counter is incremented with inc32 (bytes 12..15 as a big-endian 32-bit integer).
//
// Schedule: the AES datapath (vcrypto_aes_stream, encrypt only) computes H, then E_K(J0) (kept
// for the tag), then the counter blocks ahead of the data (as many as its pipeline holds).
// GHASH runs in vcrypto_ghash_mul (GHASH_DIGIT coefficients per clock; 128 = one product per
// clock) fed by a one-block register that is refilled in the clock it empties. Data leave
// through a two-entry output FIFO. A data block costs max(1, 128/GHASH_DIGIT) clocks with
// AES_PIPELINED = 1 and max(Nr+1, 128/GHASH_DIGIT) with the iterative core.
//
// All outputs are registers or decodes of registers only: no combinational path runs from an
// input port to an output port.
module vcrypto_gcm_engine #(
  // Coefficients per clock of the GHASH multiplier (128/GHASH_DIGIT clocks per block).
  parameter int GHASH_DIGIT = 128,
  // 1: pipelined AES datapath (one block per clock); 0: iterative core (small FPGA builds).
  parameter bit AES_PIPELINED = 1'b1
) (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         cfg_valid_i,
  output logic         cfg_ready_o,
  input  logic [255:0] cfg_key_i,
  input  logic [1:0]   cfg_key_len_i,
  input  logic         cfg_decrypt_i,
  input  logic [31:0]  cfg_iv_len_i,
  input  logic [127:0] cfg_iv_i,
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

  typedef enum logic [3:0] {
    ST_IDLE   = 4'd0,  // waiting for cfg
    ST_IV     = 4'd1,  // IV beats (iv_len != 12) into GHASH
    ST_IVLEN  = 4'd2,  // 0^64 || [len(IV)]_64 into GHASH
    ST_IVWAIT = 4'd3,  // GHASH of the IV finishing: J0
    ST_AAD    = 4'd4,  // AAD beats into GHASH
    ST_DATA   = 4'd5,  // data beats: CTR + GHASH of the ciphertext
    ST_LEN    = 4'd6,  // [len(A)]_64 || [len(C)]_64 into GHASH
    ST_FIN    = 4'd7,  // GHASH finishing: tag
    ST_TAG    = 4'd8   // tag offered
  } state_e;

  // Unused by design: the engine counts bytes from the cfg lengths (see header), and a
  // 12-byte IV occupies cfg_iv_i[95:0] only.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [39:0] unused_in;
  assign unused_in = {s_axis_tbytes, s_axis_tuser, cfg_iv_i[127:96], core_out_user_unused};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------- registers
  state_e        st_q, st_d;
  logic [31:0]   ivlen_q, ivlen_d;
  logic [31:0]   aadlen_q, aadlen_d;
  logic [31:0]   datalen_q, datalen_d;
  logic          dec_q, dec_d;
  logic [31:0]   rem_q, rem_d;         // bytes left in the current input phase
  logic [28:0]   ksrem_q, ksrem_d;     // counter blocks still to issue to the core
  logic          hiss_q, hiss_d;       // E_K(0) issued
  logic          hok_q, hok_d;         // H received
  logic          j0ok_q, j0ok_d;       // J0 known
  logic          ekiss_q, ekiss_d;     // E_K(J0) issued
  logic          ekok_q, ekok_d;       // E_K(J0) received
  logic [127:0]  h_q, h_d;
  logic [127:0]  j0_q, j0_d;
  logic [127:0]  ekj0_q, ekj0_d;
  logic [127:0]  ctr_q, ctr_d;         // next counter block to issue
  logic [127:0]  y_q, y_d;             // GHASH accumulator
  logic          gvalid_q, gvalid_d;   // a block waits for GHASH
  logic [127:0]  gdata_q, gdata_d;
  logic          mbusy_q, mbusy_d;     // a product is in the multiplier
  // output FIFO, two entries
  logic [255:0]  of_data_q, of_data_d;    // entry i at [128*i +: 128]
  logic [9:0]    of_bytes_q, of_bytes_d;  // entry i at [5*i +: 5]
  logic [1:0]    of_cnt_q, of_cnt_d;
  logic          of_wp_q, of_wp_d;
  logic          of_rp_q, of_rp_d;
  logic          tvalid_q, tvalid_d;
  logic [127:0]  tag_q, tag_d;
  logic          busy_q, busy_d;

  // ---------------------------------------------------------------- AES core
  logic          core_key_valid;
  logic          core_key_ready;
  logic          core_in_valid;
  logic          core_in_ready;
  logic [127:0]  core_in_data;
  logic          core_out_valid;
  logic          core_out_ready;
  logic [127:0]  core_out_data;

  logic          core_out_user_unused;

  vcrypto_aes_stream #(
    .PIPELINED (AES_PIPELINED),
    .DECRYPT   (1'b0),
    .USER_W    (1)
  ) u_core (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .flush_i      (1'b0),
    .key_valid_i  (core_key_valid),
    .key_ready_o  (core_key_ready),
    .key_i        (cfg_key_i),
    .key_len_i    (cfg_key_len_i),
    .in_valid_i   (core_in_valid),
    .in_ready_o   (core_in_ready),
    .in_data_i    (core_in_data),
    .in_decrypt_i (1'b0),
    .in_user_i    (1'b0),
    .out_valid_o  (core_out_valid),
    .out_ready_i  (core_out_ready),
    .out_data_o   (core_out_data),
    .out_user_o   (core_out_user_unused)
  );

  // ---------------------------------------------------------------- GHASH multiplier
  logic          mul_in_valid;
  logic          mul_in_ready;
  logic [127:0]  mul_a;
  logic          mul_out_valid;
  logic [127:0]  mul_z;
  logic [127:0]  y_cur;                // accumulator including a product finishing now
  logic          mul_idle;             // no product outstanding after this clock's result
  logic          g_free;               // the GHASH input register can take a block this clock

  assign y_cur        = mul_out_valid ? mul_z : y_q;
  assign mul_idle     = !mbusy_q || mul_out_valid;
  assign mul_in_valid = gvalid_q && hok_q && mul_in_ready && mul_idle;
  assign mul_a        = y_cur ^ gdata_q;
  // empty, or its block enters the multiplier now (a decode of registers only)
  assign g_free       = !gvalid_q || (hok_q && mul_in_ready && mul_idle);

  vcrypto_ghash_mul #(
    .DIGIT (GHASH_DIGIT)
  ) u_mul (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .in_valid_i  (mul_in_valid),
    .in_ready_o  (mul_in_ready),
    .a_i         (mul_a),
    .b_i         (h_q),
    .out_valid_o (mul_out_valid),
    .z_o         (mul_z)
  );

  // ---------------------------------------------------------------- helpers
  logic [4:0]   nb;                    // bytes of the current beat
  logic         beat_last;             // the current beat ends its phase
  logic [127:0] in_masked;
  logic [127:0] out_masked;
  logic [127:0] ivlen_blk;
  logic [127:0] len_blk;
  logic [127:0] j0_cfg;
  logic [127:0] ctr_inc;
  logic [31:0]  ctr32;
  logic [31:0]  ctr32_inc;
  logic [127:0] ctr_src;
  logic [63:0]  bits_iv;
  logic [63:0]  bits_aad;
  logic [63:0]  bits_data;

  always_comb begin
    nb        = (rem_q >= 32'd16) ? 5'd16 : rem_q[4:0];
    beat_last = (rem_q <= 32'd16);
    for (int i = 0; i < 16; i++) begin
      in_masked[8*i +: 8]  = (5'(i) < nb) ? s_axis_tdata[8*i +: 8] : 8'h00;
      out_masked[8*i +: 8] = (5'(i) < nb) ? (s_axis_tdata[8*i +: 8] ^ core_out_data[8*i +: 8])
                                          : 8'h00;
    end
    // Lengths in bits as big-endian 64-bit integers (byte 0 of the field most significant).
    bits_iv   = {29'd0, ivlen_q, 3'd0};
    bits_aad  = {29'd0, aadlen_q, 3'd0};
    bits_data = {29'd0, datalen_q, 3'd0};
    for (int i = 0; i < 8; i++) begin
      ivlen_blk[8*i +: 8]     = 8'h00;
      ivlen_blk[64+8*i +: 8]  = bits_iv[8*(7-i) +: 8];
      len_blk[8*i +: 8]       = bits_aad[8*(7-i) +: 8];
      len_blk[64+8*i +: 8]    = bits_data[8*(7-i) +: 8];
    end
    // J0 = IV || 0^31 || 1 for a 96-bit IV
    j0_cfg = {8'h01, 24'h000000, cfg_iv_i[95:0]};
    // inc32 of the counter issued next (from J0 when E_K(J0) is being issued)
    ctr_src   = ekiss_q ? ctr_q : j0_q;
    ctr32     = {ctr_src[103:96], ctr_src[111:104], ctr_src[119:112], ctr_src[127:120]};
    ctr32_inc = ctr32 + 32'd1;
    ctr_inc   = {ctr32_inc[7:0], ctr32_inc[15:8], ctr32_inc[23:16], ctr32_inc[31:24],
                 ctr_src[95:0]};
  end

  // ---------------------------------------------------------------- handshakes
  logic s_fire;
  logic data_fire;
  logic cfg_fire;

  assign cfg_ready_o    = (st_q == ST_IDLE) && core_key_ready;
  assign cfg_fire       = cfg_valid_i && cfg_ready_o;
  assign core_key_valid = cfg_fire;

  always_comb begin
    case (st_q)
      ST_IV, ST_AAD: s_axis_tready = g_free;
      ST_DATA:       s_axis_tready = g_free && (of_cnt_q != 2'd2) && ekok_q && core_out_valid;
      default:       s_axis_tready = 1'b0;
    endcase
  end
  assign s_fire    = s_axis_tvalid && s_axis_tready;
  assign data_fire = s_fire && (st_q == ST_DATA);

  // Core input: E_K(0), then E_K(J0), then the counter blocks inc32(J0), inc32^2(J0), ...
  always_comb begin
    core_in_valid = 1'b0;
    core_in_data  = ctr_q;
    if (st_q != ST_IDLE && core_in_ready) begin
      if (!hiss_q) begin
        core_in_valid = 1'b1;
        core_in_data  = 128'd0;
      end else if (!ekiss_q) begin
        core_in_valid = j0ok_q;
        core_in_data  = j0_q;
      end else begin
        core_in_valid = (ksrem_q != 29'd0);
        core_in_data  = ctr_q;
      end
    end
  end

  // Core output in the same order: H and E_K(J0) are taken at once, keystream with the data.
  assign core_out_ready = !hok_q || !ekok_q || data_fire;

  // ---------------------------------------------------------------- next state
  always_comb begin
    st_d      = st_q;
    ivlen_d   = ivlen_q;
    aadlen_d  = aadlen_q;
    datalen_d = datalen_q;
    dec_d     = dec_q;
    rem_d     = rem_q;
    ksrem_d   = ksrem_q;
    hiss_d    = hiss_q;
    hok_d     = hok_q;
    j0ok_d    = j0ok_q;
    ekiss_d   = ekiss_q;
    ekok_d    = ekok_q;
    h_d       = h_q;
    j0_d      = j0_q;
    ekj0_d    = ekj0_q;
    ctr_d     = ctr_q;
    y_d       = y_q;
    gvalid_d  = gvalid_q;
    gdata_d   = gdata_q;
    mbusy_d   = mbusy_q;
    of_data_d  = of_data_q;
    of_bytes_d = of_bytes_q;
    of_cnt_d   = of_cnt_q;
    of_wp_d    = of_wp_q;
    of_rp_d    = of_rp_q;
    tvalid_d  = tvalid_q;
    tag_d     = tag_q;

    // ---- core issue / results
    if (core_in_valid) begin
      if (!hiss_q) begin
        hiss_d = 1'b1;
      end else if (!ekiss_q) begin
        ekiss_d = 1'b1;
        ctr_d   = ctr_inc;
      end else begin
        ksrem_d = ksrem_q - 29'd1;
        ctr_d   = ctr_inc;
      end
    end
    if (core_out_valid && core_out_ready) begin
      if (!hok_q) begin
        hok_d = 1'b1;
        h_d   = core_out_data;
      end else if (!ekok_q) begin
        ekok_d = 1'b1;
        ekj0_d = core_out_data;
      end
    end

    // ---- GHASH multiplier
    if (mul_out_valid) begin
      y_d     = mul_z;
      mbusy_d = 1'b0;
    end
    if (mul_in_valid) begin
      gvalid_d = 1'b0;
      mbusy_d  = 1'b1;
    end

    // ---- output FIFO: pop
    if (of_cnt_q != 2'd0 && m_axis_tready) begin
      of_rp_d  = !of_rp_q;
      of_cnt_d = of_cnt_d - 2'd1;
    end

    // ---- input beats
    if (s_fire) begin
      rem_d    = rem_q - {27'd0, nb};
      gvalid_d = 1'b1;
      gdata_d  = (st_q == ST_DATA && !dec_q) ? out_masked : in_masked;
      if (st_q == ST_DATA) begin
        of_data_d[128*of_wp_q +: 128] = out_masked;
        of_bytes_d[5*of_wp_q +: 5]    = nb;
        of_wp_d             = !of_wp_q;
        of_cnt_d            = of_cnt_d + 2'd1;
      end
    end

    // ---- phase sequencing
    case (st_q)
      ST_IDLE: begin
        if (cfg_fire) begin
          ivlen_d   = cfg_iv_len_i;
          aadlen_d  = cfg_aad_len_i;
          datalen_d = cfg_data_len_i;
          dec_d     = cfg_decrypt_i;
          ksrem_d   = cfg_data_len_i[31:4] + {28'd0, (cfg_data_len_i[3:0] != 4'd0)};
          hiss_d    = 1'b0;
          hok_d     = 1'b0;
          ekiss_d   = 1'b0;
          ekok_d    = 1'b0;
          y_d       = 128'd0;
          gvalid_d  = 1'b0;
          if (cfg_iv_len_i == 32'd12) begin
            j0ok_d = 1'b1;
            j0_d   = j0_cfg;
            if (cfg_aad_len_i != 32'd0) begin
              st_d  = ST_AAD;
              rem_d = cfg_aad_len_i;
            end else if (cfg_data_len_i != 32'd0) begin
              st_d  = ST_DATA;
              rem_d = cfg_data_len_i;
            end else begin
              st_d  = ST_LEN;
            end
          end else begin
            j0ok_d = 1'b0;
            rem_d  = cfg_iv_len_i;
            st_d   = (cfg_iv_len_i != 32'd0) ? ST_IV : ST_IVLEN;
          end
        end
      end
      ST_IV: begin
        if (s_fire && beat_last) st_d = ST_IVLEN;
      end
      ST_IVLEN: begin
        if (!gvalid_q) begin
          gvalid_d = 1'b1;
          gdata_d  = ivlen_blk;
          st_d     = ST_IVWAIT;
        end
      end
      ST_IVWAIT: begin
        if (!gvalid_q && mul_idle) begin
          j0ok_d = 1'b1;
          j0_d   = y_cur;
          y_d    = 128'd0;
          if (aadlen_q != 32'd0) begin
            st_d  = ST_AAD;
            rem_d = aadlen_q;
          end else if (datalen_q != 32'd0) begin
            st_d  = ST_DATA;
            rem_d = datalen_q;
          end else begin
            st_d  = ST_LEN;
          end
        end
      end
      ST_AAD: begin
        if (s_fire && beat_last) begin
          if (datalen_q != 32'd0) begin
            st_d  = ST_DATA;
            rem_d = datalen_q;
          end else begin
            st_d  = ST_LEN;
          end
        end
      end
      ST_DATA: begin
        if (s_fire && beat_last) st_d = ST_LEN;
      end
      ST_LEN: begin
        if (!gvalid_q) begin
          gvalid_d = 1'b1;
          gdata_d  = len_blk;
          st_d     = ST_FIN;
        end
      end
      ST_FIN: begin
        if (!gvalid_q && mul_idle && ekok_q && of_cnt_q == 2'd0) begin
          tvalid_d = 1'b1;
          tag_d    = y_cur ^ ekj0_q;
          st_d     = ST_TAG;
        end
      end
      ST_TAG: begin
        if (tag_ready_i) begin
          tvalid_d = 1'b0;
          st_d     = ST_IDLE;
        end
      end
      default: st_d = ST_IDLE;
    endcase

    busy_d = (st_d != ST_IDLE);
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q      <= ST_IDLE;
      dec_q     <= 1'b0;
      rem_q     <= 32'd0;
      ksrem_q   <= 29'd0;
      hiss_q    <= 1'b0;
      hok_q     <= 1'b0;
      j0ok_q    <= 1'b0;
      ekiss_q   <= 1'b0;
      ekok_q    <= 1'b0;
      gvalid_q  <= 1'b0;
      mbusy_q   <= 1'b0;
      of_cnt_q  <= 2'd0;
      of_wp_q   <= 1'b0;
      of_rp_q   <= 1'b0;
      tvalid_q  <= 1'b0;
      busy_q    <= 1'b0;
    end else begin
      st_q      <= st_d;
      dec_q     <= dec_d;
      rem_q     <= rem_d;
      ksrem_q   <= ksrem_d;
      hiss_q    <= hiss_d;
      hok_q     <= hok_d;
      j0ok_q    <= j0ok_d;
      ekiss_q   <= ekiss_d;
      ekok_q    <= ekok_d;
      gvalid_q  <= gvalid_d;
      mbusy_q   <= mbusy_d;
      of_cnt_q  <= of_cnt_d;
      of_wp_q   <= of_wp_d;
      of_rp_q   <= of_rp_d;
      tvalid_q  <= tvalid_d;
      busy_q    <= busy_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    ivlen_q   <= ivlen_d;
    aadlen_q  <= aadlen_d;
    datalen_q <= datalen_d;
    h_q       <= h_d;
    j0_q      <= j0_d;
    ekj0_q    <= ekj0_d;
    ctr_q     <= ctr_d;
    y_q       <= y_d;
    gdata_q   <= gdata_d;
    of_data_q  <= of_data_d;
    of_bytes_q <= of_bytes_d;
    tag_q     <= tag_d;
  end

  assign m_axis_tvalid = (of_cnt_q != 2'd0);
  assign m_axis_tdata  = of_data_q[128*of_rp_q +: 128];
  assign m_axis_tbytes = of_bytes_q[5*of_rp_q +: 5];
  assign tag_valid_o   = tvalid_q;
  assign tag_o         = tag_q;
  assign busy_o        = busy_q;

endmodule
