// vcrypto_req_proc: the request processor. Takes one descriptor chain at a time from the
// virtqueue engine, reads the request header and fixed part from the gather stream, picks the
// layout from the negotiated features (legacy 72-byte, REVISION_1 natural size, stateless; D1,
// D2), executes control requests against the session store and data requests (CIPHER, HASH,
// MAC, AEAD, chaining) on the engines, and writes results and the status through the scatter
// writer (status = last byte of the writable area, D3). Every length is checked against the
// readable and writable areas before any result byte is written (D12, D13, D18); the rules are
// the table "Request semantics of every service" in docs/design.md.
//
// Data requests run as a short list of stream segments (step_q), each moving bytes from the
// gather stream to one destination: an engine input phase, the chaining hash tap, a plain copy
// to the scatter writer, the received-tag buffer, or nowhere (skipped bytes).
module vcrypto_req_proc #(
  // Address bits of the segment RAMs.
  parameter int unsigned SEG_AW = 8,
  // Number of session slots.
  parameter int unsigned NUM_SESSIONS = 16
) (
  input  logic                   clk_i,
  input  logic                   rst_i,
  input  logic [63:0]            features_i,
  // Request from the virtqueue engine
  input  logic                   req_valid_i,
  output logic                   req_ready_o,
  input  logic                   req_ctrl_i,
  input  logic [SEG_AW:0]        req_out_segs_i,
  input  logic [SEG_AW:0]        req_in_segs_i,
  input  logic [31:0]            req_out_len_i,
  input  logic [31:0]            req_in_len_i,
  input  logic                   req_chain_err_i,
  output logic                   done_valid_o,
  output logic [31:0]            done_used_len_o,
  // the status could not be written (its DMA write failed): the virtqueue engine must not
  // complete the chain and sets DEVICE_NEEDS_RESET instead
  output logic                   done_fatal_o,
  // pulse: reset the engines (a request was abandoned in the middle of an engine message)
  output logic                   eng_abort_o,
  // Gather reader
  output logic                   rd_start_o,
  output logic [SEG_AW:0]        rd_seg_count_o,
  output logic                   rd_abort_o,
  input  logic                   rd_idle_i,
  input  logic [127:0]           rd_data_i,
  input  logic [4:0]             rd_avail_i,
  output logic [4:0]             rd_pop_o,
  input  logic                   rd_err_i,
  // Scatter writer
  output logic                   wr_start_o,
  output logic [SEG_AW:0]        wr_seg_count_o,
  output logic                   wr_seek_valid_o,
  output logic [31:0]            wr_seek_pos_o,
  output logic                   wr_flush_o,
  input  logic                   wr_idle_i,
  input  logic                   wr_err_i,
  output logic                   wr_push_valid_o,
  input  logic                   wr_push_ready_i,
  output logic [127:0]           wr_push_data_o,
  output logic [4:0]             wr_push_bytes_o,
  // Session store
  input  logic                   ss_alloc_ok_i,
  input  logic [$clog2(NUM_SESSIONS)-1:0] ss_alloc_slot_i,
  output logic                   ss_create_o,
  output logic [$clog2(NUM_SESSIONS)-1:0] ss_slot_o,
  output logic [127:0]           ss_param_o,
  output logic                   ss_destroy_o,
  output logic [$clog2(NUM_SESSIONS)-1:0] ss_lookup_slot_o,
  input  logic                   ss_lookup_valid_i,
  input  logic [31:0]            ss_lookup_gen_i,
  input  logic [127:0]           ss_lookup_param_i,
  output logic                   ss_key_we_o,
  output logic [$clog2(NUM_SESSIONS)+4:0] ss_key_addr_o,
  output logic [127:0]           ss_key_wdata_o,
  input  logic [127:0]           ss_key_rdata_i,
  // Engines (vcrypto_engines)
  output logic                   eng_cfg_valid_o,
  input  logic                   eng_cfg_ready_i,
  output logic [4:0]             eng_cfg_sel_o,
  output logic [2:0]             eng_cipher_mode_o,
  output logic                   eng_decrypt_o,
  output logic [255:0]           eng_key_o,
  output logic [255:0]           eng_key2_o,
  output logic [1:0]             eng_key_len_o,
  output logic [127:0]           eng_iv_o,
  output logic [31:0]            eng_iv_len_o,
  output logic [31:0]            eng_aad_len_o,
  output logic [31:0]            eng_data_len_o,
  output logic [4:0]             eng_tag_len_o,
  output logic [2:0]             eng_hash_algo_o,
  output logic                   eng_hmac_o,
  // compute the HMAC inner / outer states of eng_akey_o (session create)
  output logic                   eng_hprep_o,
  // eng_akey_o holds the session's precomputed {outer, inner} HMAC states
  output logic                   eng_hstate_o,
  output logic [1023:0]          eng_akey_o,
  output logic [7:0]             eng_akey_len_o,
  output logic [31:0]            eng_hash_len_o,
  output logic [2:0]             eng_s_sel_o,
  output logic                   eng_s_valid_o,
  input  logic                   eng_s_ready_i,
  output logic [127:0]           eng_s_data_o,
  output logic [4:0]             eng_s_bytes_o,
  output logic [1:0]             eng_s_user_o,
  output logic                   eng_s_last_o,
  output logic                   eng_h_valid_o,
  input  logic                   eng_h_ready_i,
  output logic [127:0]           eng_h_data_o,
  output logic [4:0]             eng_h_bytes_o,
  output logic                   eng_h_flush_o,
  output logic                   eng_h_clear_o,
  output logic [2:0]             eng_m_sel_o,
  input  logic                   eng_m_valid_i,
  output logic                   eng_m_ready_o,
  input  logic [127:0]           eng_m_data_i,
  input  logic [4:0]             eng_m_bytes_i,
  output logic [2:0]             eng_t_sel_o,
  input  logic                   eng_t_valid_i,
  output logic                   eng_t_ready_o,
  input  logic [511:0]           eng_t_data_i
);
  localparam int unsigned SW = $clog2(NUM_SESSIONS);

  // ---------------------------------------------------------------- constants
  localparam logic [7:0]  ST_OK      = vcrypto_pkg::ST_OK;
  localparam logic [7:0]  ST_ERR     = vcrypto_pkg::ST_ERR;
  localparam logic [7:0]  ST_BADMSG  = vcrypto_pkg::ST_BADMSG;
  localparam logic [7:0]  ST_NOTSUPP = vcrypto_pkg::ST_NOTSUPP;
  localparam logic [7:0]  ST_INVSESS = vcrypto_pkg::ST_INVSESS;
  localparam logic [7:0]  ST_NOSPC   = vcrypto_pkg::ST_NOSPC;
  // algorithm identifiers (fact sheet 4.2)
  localparam logic [31:0] A_ECB = 32'd2, A_CBC = 32'd3, A_CTR = 32'd4, A_XTS = 32'd13;
  localparam logic [31:0] A_GCM = 32'd1, A_CCM = 32'd2, A_CMAC = 32'd26;
  localparam logic [31:0] OPE = 32'd1, OPD = 32'd2;
  localparam logic [31:0] OT_CIPHER = 32'd1, OT_CHAIN = 32'd2;
  localparam logic [31:0] HM_PLAIN = 32'd1, HM_AUTH = 32'd2;
  localparam logic [31:0] ORD_H_THEN_C = 32'd1, ORD_C_THEN_H = 32'd2;
  // internal service codes
  localparam logic [3:0]  V_CIPHER = 4'd0, V_HASH = 4'd1, V_MAC = 4'd2, V_AEAD = 4'd3, V_CHAIN = 4'd4;
  // engine selects (vcrypto_engines)
  localparam logic [2:0]  E_CIPHER = 3'd0, E_HASH = 3'd1, E_CMAC = 3'd2, E_GCM = 3'd3, E_CCM = 3'd4;
  // segment destinations
  localparam logic [2:0]  D_ENG = 3'd0, D_TAP = 3'd1, D_COPY = 3'd2, D_TAG = 3'd3;
  // parameter word layout in the session store
  localparam int unsigned P_SVC = 0, P_CALGO = 8, P_CKLEN = 16, P_DEC = 24, P_HALGO = 32,
                          P_AKLEN = 40, P_HRES = 48, P_ORDER = 56, P_HMODE = 58, P_CMAC = 60;

  typedef enum logic [5:0] {
    S_IDLE, S_POP, S_HDR_DONE, S_DECODE, S_CREATE_KEYS, S_CREATE_AKEY, S_CREATE_STORE,
    S_CREATE_HCFG, S_CREATE_HWAIT, S_CREATE_HSTORE,
    S_CREATE_COMMIT, S_CREATE_RESP, S_DESTROY, S_DESTROY_ZERO, S_DATA_CHECK, S_KEYLOAD,
    S_SL_CKEY, S_SL_AKEY, S_KEYCHK, S_IV, S_CFG, S_NEXTSEG, S_XFER, S_RESULT_WAIT,
    S_RESULT_SEEK, S_RESULT_PUSH, S_ZERO_SEEK, S_ZERO, S_FLUSH, S_STATUS, S_STATUS_PUSH,
    S_STATUS_WAIT, S_FINISH, S_DONE, S_WIPE
  } state_e;
  typedef enum logic [2:0] {T_HB, T_KB, T_AKB, T_IV, T_NONE} tgt_e;

  state_e        state_q, state_d, ret_q, ret_d;
  tgt_e          tgt_q, tgt_d;
  logic [1023:0] hb_q, hb_d;          // header + fixed part
  logic [511:0]  kb_q, kb_d;          // cipher / AEAD key (XTS: key1 ‖ key2)
  logic [1023:0] akb_q, akb_d;        // auth key (HMAC, CMAC)
  logic [127:0]  iv_q, iv_d;          // IV / nonce / tweak / counter block
  logic [127:0]  tb_q, tb_d;          // received AEAD tag
  logic [511:0]  res_q, res_d;        // digest / tag to write
  logic [31:0]   need_q, need_d, got_q, got_d;
  logic          ctrl_q, ctrl_d;
  logic [SEG_AW:0] out_segs_q, out_segs_d, in_segs_q, in_segs_d;
  logic [31:0]   out_len_q, out_len_d, in_len_q, in_len_d;
  logic [7:0]    status_q, status_d;
  logic          status32_q, status32_d;
  logic [31:0]   used_len_q, used_len_d;
  logic [SW-1:0] slot_q, slot_d;
  logic [31:0]   gen_q, gen_d;
  logic [4:0]    cnt_q, cnt_d;

  // the request being executed (from the session or the stateless fixed part)
  logic [3:0]    svc_q, svc_d;
  logic [31:0]   calgo_q, calgo_d;    // cipher or AEAD algorithm id
  logic [7:0]    cklen_q, cklen_d;
  logic          dec_q, dec_d;
  logic [31:0]   halgo_q, halgo_d;    // hash or MAC algorithm id
  logic          cmac_q, cmac_d;      // MAC service with CMAC-AES
  logic          hmac_q, hmac_d;      // keyed hash (MAC HMAC or chain AUTH)
  logic [7:0]    aklen_q, aklen_d;
  logic [7:0]    hres_q, hres_d;      // hash_result_len or AEAD tag_len
  logic          c_then_h_q, c_then_h_d;
  logic [31:0]   ivlen_q, ivlen_d, aadlen_q, aadlen_d, src_q, src_d, dst_q, dst_d;
  logic [31:0]   cs_q, cs_d, lc_q, lc_d, hs_q, hs_d, lh_q, lh_d;

  // stream segments
  logic [2:0]    step_q, step_d;
  logic [2:0]    seg_dst_q, seg_dst_d;
  logic [1:0]    seg_user_q, seg_user_d;
  logic [31:0]   in_left_q, in_left_d, out_left_q, out_left_d;
  logic [31:0]   ipos_q, ipos_d, opos_q, opos_d;  // src positions (hash tap)
  logic          tap_in_q, tap_in_d, tap_out_q, tap_out_d, tap_all_q, tap_all_d;
  logic          eng_last_q, eng_last_d;          // tlast on the final input beat (cipher)
  logic          eng_busy_q, eng_busy_d;          // an engine message is open (cfg done, result not taken)
  logic          fatal_q, fatal_d;
  logic [SW+4:0] wipe_q, wipe_d;                  // key RAM word being zeroized after reset
  logic          hst_q, hst_d;                    // akb_q holds the session's HMAC states

  // ---------------------------------------------------------------- features and layouts
  logic f_rev1;
  assign f_rev1 = features_i[vcrypto_pkg::F_REVISION_1];

  logic [31:0] opcode, dflag;
  logic [63:0] dsid, ds_id;
  logic [7:0]  svc_byte;
  assign opcode   = hb_q[0 +: 32];
  assign dflag    = hb_q[16*8 +: 32];
  assign dsid     = hb_q[8*8 +: 64];
  assign ds_id    = hb_q[16*8 +: 64];
  assign svc_byte = opcode[15:8];

  // stateless layout of the opcode's service is negotiated (D1, D2)
  logic sl_feat;
  always_comb begin
    case (svc_byte)
      vcrypto_pkg::SVC_CIPHER: sl_feat = features_i[vcrypto_pkg::F_CIPHER_STATELESS];
      vcrypto_pkg::SVC_HASH:   sl_feat = features_i[vcrypto_pkg::F_HASH_STATELESS];
      vcrypto_pkg::SVC_MAC:    sl_feat = features_i[vcrypto_pkg::F_MAC_STATELESS];
      vcrypto_pkg::SVC_AEAD:   sl_feat = features_i[vcrypto_pkg::F_AEAD_STATELESS];
      default:                 sl_feat = 1'b0;
    endcase
    sl_feat = sl_feat && f_rev1;
  end

  logic is_destroy;
  assign is_destroy = (opcode == vcrypto_pkg::OP_CIPHER_DESTROY_SESSION) ||
                      (opcode == vcrypto_pkg::OP_HASH_DESTROY_SESSION) ||
                      (opcode == vcrypto_pkg::OP_MAC_DESTROY_SESSION) ||
                      (opcode == vcrypto_pkg::OP_AEAD_DESTROY_SESSION);
  logic known_ctrl, known_data;
  assign known_ctrl = is_destroy || (opcode == vcrypto_pkg::OP_CIPHER_CREATE_SESSION) ||
                      (opcode == vcrypto_pkg::OP_HASH_CREATE_SESSION) ||
                      (opcode == vcrypto_pkg::OP_MAC_CREATE_SESSION) ||
                      (opcode == vcrypto_pkg::OP_AEAD_CREATE_SESSION);
  assign known_data = (opcode == vcrypto_pkg::OP_CIPHER_ENCRYPT) ||
                      (opcode == vcrypto_pkg::OP_CIPHER_DECRYPT) ||
                      (opcode == vcrypto_pkg::OP_HASH) || (opcode == vcrypto_pkg::OP_MAC) ||
                      (opcode == vcrypto_pkg::OP_AEAD_ENCRYPT) ||
                      (opcode == vcrypto_pkg::OP_AEAD_DECRYPT);

  logic [7:0] flf_len, hdr_len;
  assign hdr_len = ctrl_q ? 8'd16 : 8'd24;
  always_comb begin
    flf_len = 8'd0;
    if (ctrl_q) begin
      if (!f_rev1) flf_len = 8'd56;
      else if (opcode == vcrypto_pkg::OP_CIPHER_CREATE_SESSION) flf_len = 8'd56;
      else if (opcode == vcrypto_pkg::OP_HASH_CREATE_SESSION)   flf_len = 8'd8;
      else if (opcode == vcrypto_pkg::OP_MAC_CREATE_SESSION)    flf_len = 8'd16;
      else if (opcode == vcrypto_pkg::OP_AEAD_CREATE_SESSION)   flf_len = 8'd24;
      else if (is_destroy)                                      flf_len = 8'd8;
    end else begin
      if (!f_rev1) flf_len = 8'd48;
      else case (svc_byte)
        vcrypto_pkg::SVC_CIPHER: flf_len = sl_feat ? 8'd76 : 8'd48;
        vcrypto_pkg::SVC_HASH:   flf_len = sl_feat ? 8'd16 : 8'd8;
        vcrypto_pkg::SVC_MAC:    flf_len = sl_feat ? 8'd16 : 8'd8;
        vcrypto_pkg::SVC_AEAD:   flf_len = sl_feat ? 8'd32 : 8'd24;
        default:                 flf_len = 8'd0;
      endcase
    end
  end

  // data: session or stateless request (D2); a bad flag on REVISION_1 → NOTSUPP
  logic d_stateless, d_flag_bad;
  always_comb begin
    d_stateless = 1'b0;
    d_flag_bad  = 1'b0;
    if (f_rev1) begin
      if (sl_feat) begin
        if (dflag == 32'd0) d_stateless = 1'b1;
        else if (dflag != vcrypto_pkg::FLAG_SESSION_MODE) d_flag_bad = 1'b1;
      end else if (dflag != vcrypto_pkg::FLAG_SESSION_MODE) begin
        d_flag_bad = 1'b1;
      end
    end
  end

  function automatic [31:0] f32(input logic [1023:0] b, input logic [6:0] off);
    f32 = b[{off, 3'b000} +: 32];
  endfunction

  // ---------------------------------------------------------------- algorithm properties
  // These decode the *_d values of the cycle (decoded fields or session parameters) and feed
  // the checks in the same always_comb: not a loop, but Verilator cannot order it statically.
  /* verilator lint_off UNOPTFLAT */
  logic [7:0] dig_len_c;   // digest size of hash/HMAC algorithm id halgo_d
  logic       halgo_ok;    // SHA-1..SHA-512 / HMAC-SHA1..HMAC-SHA512 (ids 2..6)
  always_comb begin
    halgo_ok = (halgo_d >= 32'd2) && (halgo_d <= 32'd6);
    case (halgo_d)
      32'd2:   dig_len_c = 8'd20;
      32'd3:   dig_len_c = 8'd28;
      32'd4:   dig_len_c = 8'd32;
      32'd5:   dig_len_c = 8'd48;
      32'd6:   dig_len_c = 8'd64;
      default: dig_len_c = 8'd0;
    endcase
  end
  logic cipher_algo_ok, aes_klen_ok, xts_klen_ok, ckey_ok;
  always_comb begin
    cipher_algo_ok = (calgo_d == A_ECB) || (calgo_d == A_CBC) || (calgo_d == A_CTR) ||
                     (calgo_d == A_XTS);
    aes_klen_ok    = (cklen_d == 8'd16) || (cklen_d == 8'd24) || (cklen_d == 8'd32);
    xts_klen_ok    = (cklen_d == 8'd32) || (cklen_d == 8'd64);
    ckey_ok        = (calgo_d == A_XTS) ? xts_klen_ok : aes_klen_ok;
  end
  logic tag_ok;            // D7
  always_comb begin
    if (calgo_d == A_GCM)
      tag_ok = (hres_d == 8'd4) || (hres_d == 8'd8) || ((hres_d >= 8'd12) && (hres_d <= 8'd16));
    else
      tag_ok = (hres_d >= 8'd4) && (hres_d <= 8'd16) && !hres_d[0];
  end
  logic cmac_klen_ok;
  assign cmac_klen_ok = (aklen_d == 8'd16) || (aklen_d == 8'd24) || (aklen_d == 8'd32);
  /* verilator lint_on UNOPTFLAT */

  // ---------------------------------------------------------------- session id (D17)
  logic [63:0]   sid;
  logic [SW-1:0] sid_slot;
  logic          sid_ok;
  assign sid       = ctrl_q ? ds_id : dsid;
  assign sid_slot  = sid[SW-1:0];
  assign ss_lookup_slot_o = (state_q == S_CREATE_COMMIT) ? slot_q : sid_slot;
  assign sid_ok    = (sid[63:48] == 16'd0) && (sid[15:0] < 16'(NUM_SESSIONS)) &&
                     ss_lookup_valid_i && (ss_lookup_gen_i == sid[47:16]);

  // ---------------------------------------------------------------- pop helper
  logic [4:0]   take;
  logic [127:0] take_mask;
  always_comb begin
    take = 5'd0;
    if (state_q == S_POP) begin
      take = ((need_q - got_q) > 32'd16) ? 5'd16 : 5'(need_q - got_q);
      if (rd_avail_i < take) take = 5'd0;
    end
    take_mask = (take == 5'd16) ? {128{1'b1}} : ~({128{1'b1}} << {take, 3'b000});
  end

  // ---------------------------------------------------------------- transfer helpers
  logic [4:0]   xn;          // bytes of the next input chunk
  logic [4:0]   on;          // bytes of the current output beat
  logic [31:0]  hs_end;
  assign xn     = (in_left_q > 32'd16) ? 5'd16 : in_left_q[4:0];
  assign on     = eng_m_bytes_i;
  assign hs_end = hs_q + lh_q;

  // overlap of a chunk [p, p+n) with the hash range [hs, hs+lh): shift and count
  logic [31:0]  ti_lo, ti_hi, to_lo, to_hi;
  logic [4:0]   ti_n, to_n;
  logic [127:0] ti_data, to_data;
  always_comb begin
    ti_lo = (ipos_q > hs_q) ? ipos_q : hs_q;
    ti_hi = (ipos_q + 32'(xn) < hs_end) ? ipos_q + 32'(xn) : hs_end;
    ti_n  = (ti_hi > ti_lo) ? 5'(ti_hi - ti_lo) : 5'd0;
    ti_data = rd_data_i >> {5'(ti_lo - ipos_q), 3'b000};
    to_lo = (opos_q > hs_q) ? opos_q : hs_q;
    to_hi = (opos_q + 32'(on) < hs_end) ? opos_q + 32'(on) : hs_end;
    to_n  = (to_hi > to_lo) ? 5'(to_hi - to_lo) : 5'd0;
    to_data = eng_m_data_i >> {5'(to_lo - opos_q), 3'b000};
    if (tap_all_q) begin
      ti_n    = xn;
      ti_data = rd_data_i;
    end
  end

  // hash-tap handshakes: a chunk moves only when the tap can take its bytes too
  logic tap_need, tap_ok, otap_need, otap_ok;
  assign tap_need  = (tap_in_q || tap_all_q) && (ti_n != 0);
  assign tap_ok    = !tap_need || eng_h_ready_i;
  assign otap_need = tap_out_q && (to_n != 0);
  assign otap_ok   = !otap_need || eng_h_ready_i;

  // received-tag comparison over the first tag_len bytes (D6)
  logic [127:0] tag_mask;
  logic         tag_bad;
  assign tag_mask = (hres_q >= 8'd16) ? {128{1'b1}} : ~({128{1'b1}} << {hres_q[3:0], 3'b000});
  assign tag_bad  = |((eng_t_data_i[127:0] ^ tb_q) & tag_mask);

  // readable / writable area requirements of a data request (34 bits: no wrap)
  logic [33:0] need_rd, need_wr;

  // ---------------------------------------------------------------- next state
  always_comb begin
    state_d    = state_q;    ret_d      = ret_q;      tgt_d      = tgt_q;
    hb_d       = hb_q;       kb_d       = kb_q;       akb_d      = akb_q;
    iv_d       = iv_q;       tb_d       = tb_q;       res_d      = res_q;
    need_d     = need_q;     got_d      = got_q;      ctrl_d     = ctrl_q;
    out_segs_d = out_segs_q; in_segs_d  = in_segs_q;  out_len_d  = out_len_q;
    in_len_d   = in_len_q;   status_d   = status_q;   status32_d = status32_q;
    used_len_d = used_len_q; slot_d     = slot_q;     gen_d      = gen_q;
    cnt_d      = cnt_q;
    svc_d      = svc_q;      calgo_d    = calgo_q;    cklen_d    = cklen_q;
    dec_d      = dec_q;      halgo_d    = halgo_q;    cmac_d     = cmac_q;
    hmac_d     = hmac_q;     aklen_d    = aklen_q;    hres_d     = hres_q;
    c_then_h_d = c_then_h_q; ivlen_d    = ivlen_q;    aadlen_d   = aadlen_q;
    src_d      = src_q;      dst_d      = dst_q;      cs_d       = cs_q;
    lc_d       = lc_q;       hs_d       = hs_q;       lh_d       = lh_q;
    step_d     = step_q;     seg_dst_d  = seg_dst_q;  seg_user_d = seg_user_q;
    in_left_d  = in_left_q;  out_left_d = out_left_q; ipos_d     = ipos_q;
    opos_d     = opos_q;     tap_in_d   = tap_in_q;   tap_out_d  = tap_out_q;
    tap_all_d  = tap_all_q;  eng_last_d = eng_last_q;
    eng_busy_d = eng_busy_q; fatal_d    = fatal_q;    wipe_d     = wipe_q;
    hst_d      = hst_q;
    need_rd    = '0;
    need_wr    = '0;

    req_ready_o     = 1'b0;
    done_valid_o    = 1'b0;
    done_used_len_o = used_len_q;
    done_fatal_o    = fatal_q;
    eng_abort_o     = 1'b0;
    rd_start_o      = 1'b0;
    rd_seg_count_o  = out_segs_q;
    rd_abort_o      = 1'b0;
    rd_pop_o        = take;
    wr_start_o      = 1'b0;
    wr_seg_count_o  = in_segs_q;
    wr_seek_valid_o = 1'b0;
    wr_seek_pos_o   = '0;
    wr_flush_o      = 1'b0;
    wr_push_valid_o = 1'b0;
    wr_push_data_o  = '0;
    wr_push_bytes_o = '0;
    ss_create_o     = 1'b0;
    ss_destroy_o    = 1'b0;
    ss_slot_o       = slot_q;
    ss_param_o      = '0;
    ss_key_we_o     = 1'b0;
    ss_key_addr_o   = {slot_q, cnt_q};
    ss_key_wdata_o  = '0;
    eng_cfg_valid_o = 1'b0;
    eng_s_valid_o   = 1'b0;
    eng_s_data_o    = rd_data_i;
    eng_s_bytes_o   = xn;
    eng_s_user_o    = seg_user_q;
    eng_s_last_o    = eng_last_q && (in_left_q <= 32'd16);
    eng_h_valid_o   = 1'b0;
    eng_h_data_o    = ti_data;
    eng_h_bytes_o   = ti_n;
    eng_h_flush_o   = 1'b0;
    eng_h_clear_o   = 1'b0;
    eng_m_ready_o   = 1'b0;
    eng_t_ready_o   = 1'b0;

    case (state_q)
      // ------------------------------------------------------------ accept a chain
      S_IDLE: begin
        req_ready_o = 1'b1;
        if (req_valid_i) begin
          ctrl_d         = req_ctrl_i;
          out_segs_d     = req_out_segs_i;
          in_segs_d      = req_in_segs_i;
          out_len_d      = req_out_len_i;
          in_len_d       = req_in_len_i;
          hb_d           = '0;
          kb_d           = '0;
          akb_d          = '0;
          iv_d           = '0;
          tb_d           = '0;
          res_d          = '0;
          used_len_d     = req_in_len_i;
          fatal_d        = 1'b0;
          rd_start_o     = 1'b1;
          wr_start_o     = 1'b1;
          rd_seg_count_o = req_out_segs_i;
          wr_seg_count_o = req_in_segs_i;
          eng_h_clear_o  = 1'b1;
          // control answers other than destroy: le32 status in session_input (offset 8)
          status32_d     = req_ctrl_i && (req_in_len_i >= 32'd16);
          status_d       = ST_ERR;
          if (req_chain_err_i) begin
            state_d = S_STATUS;                              // D18
          end else begin
            need_d  = req_ctrl_i ? 32'd16 : 32'd24;
            got_d   = '0;
            tgt_d   = T_HB;
            ret_d   = S_HDR_DONE;
            state_d = (req_out_len_i < (req_ctrl_i ? 32'd16 : 32'd24)) ? S_STATUS : S_POP;
          end
        end
      end

      // ------------------------------------------------------------ pop need_q bytes into a buffer
      S_POP: begin
        if (rd_err_i) begin
          status_d = ST_ERR;
          state_d  = S_STATUS;
        end else if (got_q == need_q) begin
          state_d = ret_q;
        end else if (take != 0) begin
          case (tgt_q)
            T_HB:  hb_d  = hb_q  | ({896'd0, rd_data_i & take_mask} << {got_q[6:0], 3'b000});
            T_KB:  kb_d  = kb_q  | ({384'd0, rd_data_i & take_mask} << {got_q[5:0], 3'b000});
            T_AKB: akb_d = akb_q | ({896'd0, rd_data_i & take_mask} << {got_q[6:0], 3'b000});
            T_IV:  iv_d  = iv_q  | ((rd_data_i & take_mask) << {got_q[3:0], 3'b000});
            default: ;
          endcase
          got_d = got_q + 32'(take);
        end
      end

      S_HDR_DONE: begin
        if (ctrl_q && is_destroy) status32_d = 1'b0;
        if ((ctrl_q ? known_ctrl : known_data) && !(!ctrl_q && d_flag_bad) && flf_len != 0) begin
          if (33'(out_len_q) < 33'(hdr_len) + 33'(flf_len)) begin
            status_d = ST_ERR;                               // D18: readable area too short
            state_d  = S_STATUS;
          end else begin
            need_d  = 32'(hdr_len) + 32'(flf_len);
            ret_d   = S_DECODE;
            state_d = S_POP;
          end
        end else begin
          status_d = ST_NOTSUPP;                             // D19 / flag
          state_d  = S_STATUS;
        end
      end

      // ------------------------------------------------------------ decode the fixed part
      S_DECODE: begin
        state_d  = S_STATUS;
        status_d = ST_ERR;
        hmac_d   = 1'b0;
        cmac_d   = 1'b0;
        aklen_d  = '0;
        cklen_d  = '0;
        hres_d   = '0;
        hst_d    = 1'b0;
        if (ctrl_q) begin
          if (is_destroy) begin
            slot_d  = sid_slot;
            state_d = S_DESTROY;
          end else if (in_len_q < 32'd16) begin
            used_len_d = 32'd0;                              // nowhere to answer
            state_d    = S_FINISH;
          end else begin
            // ---- create: gather the parameters of every service
            if (opcode == vcrypto_pkg::OP_CIPHER_CREATE_SESSION) begin
              if (f32(hb_q, 7'd64) == OT_CHAIN) begin
                svc_d      = V_CHAIN;
                c_then_h_d = (f32(hb_q, 7'd16) == ORD_C_THEN_H);
                calgo_d    = f32(hb_q, 7'd24);
                cklen_d    = 8'(f32(hb_q, 7'd28));
                dec_d      = (f32(hb_q, 7'd32) == OPD);
                halgo_d    = f32(hb_q, 7'd40);
                hres_d     = 8'(f32(hb_q, 7'd44));
                hmac_d     = (f32(hb_q, 7'd20) == HM_AUTH);
                aklen_d    = hmac_d ? 8'(f32(hb_q, 7'd48)) : 8'd0;
              end else begin
                svc_d   = V_CIPHER;
                calgo_d = f32(hb_q, 7'd16);
                cklen_d = 8'(f32(hb_q, 7'd20));
                dec_d   = (f32(hb_q, 7'd24) == OPD);
              end
            end else if (opcode == vcrypto_pkg::OP_HASH_CREATE_SESSION) begin
              svc_d   = V_HASH;
              halgo_d = f32(hb_q, 7'd16);
              hres_d  = 8'(f32(hb_q, 7'd20));
            end else if (opcode == vcrypto_pkg::OP_MAC_CREATE_SESSION) begin
              svc_d   = V_MAC;
              halgo_d = f32(hb_q, 7'd16);
              hres_d  = 8'(f32(hb_q, 7'd20));
              aklen_d = 8'(f32(hb_q, 7'd24));
              cmac_d  = (f32(hb_q, 7'd16) == A_CMAC);
              hmac_d  = !cmac_d;
            end else begin
              svc_d   = V_AEAD;
              calgo_d = f32(hb_q, 7'd16);
              cklen_d = 8'(f32(hb_q, 7'd20));
              hres_d  = 8'(f32(hb_q, 7'd24));
              dec_d   = (f32(hb_q, 7'd32) == OPD);
            end
            // ---- checks (design table order)
            if (opcode == vcrypto_pkg::OP_CIPHER_CREATE_SESSION &&
                f32(hb_q, 7'd64) != OT_CIPHER && f32(hb_q, 7'd64) != OT_CHAIN) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_CIPHER && !cipher_algo_ok) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_CIPHER && f32(hb_q, 7'd24) != OPE && f32(hb_q, 7'd24) != OPD) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_CIPHER && (!ckey_ok || f32(hb_q, 7'd20) > 32'd64)) begin
              status_d = ST_ERR;
            end else if (svc_d == V_CHAIN && (!cipher_algo_ok || !halgo_ok ||
                         (f32(hb_q, 7'd20) != HM_PLAIN && f32(hb_q, 7'd20) != HM_AUTH) ||
                         (f32(hb_q, 7'd32) != OPE && f32(hb_q, 7'd32) != OPD) ||
                         (f32(hb_q, 7'd16) != ORD_H_THEN_C && f32(hb_q, 7'd16) != ORD_C_THEN_H))) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_CHAIN && (!ckey_ok || f32(hb_q, 7'd28) > 32'd64 ||
                         hres_d == 0 || hres_d > dig_len_c || f32(hb_q, 7'd44) > 32'd64 ||
                         (hmac_d && f32(hb_q, 7'd48) > 32'd128))) begin
              status_d = ST_ERR;
            end else if (svc_d == V_HASH && !halgo_ok) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_HASH && (hres_d == 0 || f32(hb_q, 7'd20) > 32'(dig_len_c))) begin
              status_d = ST_ERR;                             // D13 / D14
            end else if (svc_d == V_MAC && !halgo_ok && !cmac_d) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_MAC && (hres_d == 0 ||
                         f32(hb_q, 7'd20) > (cmac_d ? 32'd16 : 32'(dig_len_c)) ||
                         f32(hb_q, 7'd24) > 32'd128 || (cmac_d && !cmac_klen_ok))) begin
              status_d = ST_ERR;                             // D15
            end else if (svc_d == V_AEAD && calgo_d != A_GCM && calgo_d != A_CCM) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_AEAD && (f32(hb_q, 7'd32) != OPE && f32(hb_q, 7'd32) != OPD)) begin
              status_d = ST_NOTSUPP;
            end else if (svc_d == V_AEAD && (f32(hb_q, 7'd24) > 32'd16 || !tag_ok)) begin
              status_d = ST_NOTSUPP;                         // D7
            end else if (svc_d == V_AEAD && (!aes_klen_ok || f32(hb_q, 7'd20) > 32'd32)) begin
              status_d = ST_ERR;
            end else if (33'(out_len_q) < 33'(hdr_len) + 33'(flf_len) + 33'(cklen_d) + 33'(aklen_d)) begin
              status_d = ST_ERR;                             // D18
            end else if (!ss_alloc_ok_i) begin
              status_d = f_rev1 ? ST_NOSPC : ST_ERR;          // D17
            end else begin
              slot_d  = ss_alloc_slot_i;
              need_d  = 32'(cklen_d);
              got_d   = '0;
              tgt_d   = T_KB;
              ret_d   = S_CREATE_AKEY;
              state_d = S_POP;
            end
          end
        end else begin
          // ---- data request: gather fields of the service's layout
          state_d = S_DATA_CHECK;
          case (svc_byte)
            vcrypto_pkg::SVC_CIPHER: begin
              if (sl_feat) begin
                // stateless sym flf: op_type @96; cipher @24; chain @24
                if (f32(hb_q, 7'd96) == OT_CHAIN) begin
                  svc_d      = V_CHAIN;
                  c_then_h_d = (f32(hb_q, 7'd24) == ORD_C_THEN_H);
                  calgo_d    = f32(hb_q, 7'd32);
                  cklen_d    = 8'(f32(hb_q, 7'd36));
                  dec_d      = (f32(hb_q, 7'd40) == OPD);
                  halgo_d    = f32(hb_q, 7'd44);
                  hmac_d     = (f32(hb_q, 7'd52) == HM_AUTH);
                  aklen_d    = hmac_d ? 8'(f32(hb_q, 7'd48)) : 8'd0;
                  ivlen_d    = f32(hb_q, 7'd56);
                  src_d      = f32(hb_q, 7'd60);
                  dst_d      = f32(hb_q, 7'd64);
                  cs_d       = f32(hb_q, 7'd68);
                  lc_d       = f32(hb_q, 7'd72);
                  hs_d       = f32(hb_q, 7'd76);
                  lh_d       = f32(hb_q, 7'd80);
                  aadlen_d   = f32(hb_q, 7'd84);
                  hres_d     = 8'(f32(hb_q, 7'd88));
                end else begin
                  svc_d    = V_CIPHER;
                  calgo_d  = f32(hb_q, 7'd24);
                  cklen_d  = 8'(f32(hb_q, 7'd28));
                  dec_d    = (f32(hb_q, 7'd32) == OPD);
                  ivlen_d  = f32(hb_q, 7'd36);
                  src_d    = f32(hb_q, 7'd40);
                  dst_d    = f32(hb_q, 7'd44);
                  aadlen_d = '0;
                end
              end else begin
                svc_d    = (f32(hb_q, 7'd64) == OT_CHAIN) ? V_CHAIN : V_CIPHER;
                ivlen_d  = f32(hb_q, 7'd24);
                src_d    = f32(hb_q, 7'd28);
                dst_d    = f32(hb_q, 7'd32);
                cs_d     = f32(hb_q, 7'd36);
                lc_d     = f32(hb_q, 7'd40);
                hs_d     = f32(hb_q, 7'd44);
                lh_d     = f32(hb_q, 7'd48);
                aadlen_d = (f32(hb_q, 7'd64) == OT_CHAIN) ? f32(hb_q, 7'd52) : 32'd0;
              end
            end
            vcrypto_pkg::SVC_HASH: begin
              svc_d    = V_HASH;
              ivlen_d  = '0;
              aadlen_d = '0;
              if (sl_feat) begin
                halgo_d = f32(hb_q, 7'd24);
                src_d   = f32(hb_q, 7'd28);
                hres_d  = 8'(f32(hb_q, 7'd32));
              end else begin
                src_d   = f32(hb_q, 7'd24);
              end
            end
            vcrypto_pkg::SVC_MAC: begin
              svc_d    = V_MAC;
              ivlen_d  = '0;
              aadlen_d = '0;
              if (sl_feat) begin
                halgo_d = f32(hb_q, 7'd24);
                aklen_d = 8'(f32(hb_q, 7'd28));
                src_d   = f32(hb_q, 7'd32);
                hres_d  = 8'(f32(hb_q, 7'd36));
                cmac_d  = (f32(hb_q, 7'd24) == A_CMAC);
                hmac_d  = !cmac_d;
              end else begin
                src_d   = f32(hb_q, 7'd24);
              end
            end
            default: begin                                   // AEAD
              svc_d = V_AEAD;
              if (sl_feat) begin
                calgo_d  = f32(hb_q, 7'd24);
                cklen_d  = 8'(f32(hb_q, 7'd28));
                dec_d    = (f32(hb_q, 7'd32) == OPD);
                ivlen_d  = f32(hb_q, 7'd36);
                hres_d   = 8'(f32(hb_q, 7'd40));
                aadlen_d = f32(hb_q, 7'd44);
                src_d    = f32(hb_q, 7'd48);
                dst_d    = f32(hb_q, 7'd52);
              end else begin
                ivlen_d  = f32(hb_q, 7'd24);
                aadlen_d = f32(hb_q, 7'd28);
                src_d    = f32(hb_q, 7'd32);
                dst_d    = f32(hb_q, 7'd36);
              end
            end
          endcase
        end
      end

      // ------------------------------------------------------------ session create
      S_CREATE_AKEY: begin
        need_d  = 32'(aklen_q);
        got_d   = '0;
        tgt_d   = T_AKB;
        ret_d   = S_CREATE_KEYS;
        state_d = S_POP;
      end
      S_CREATE_KEYS: begin
        // XTS with key1 = key2 is refused (D11)
        if (svc_q != V_HASH && svc_q != V_MAC && calgo_q == A_XTS &&
            ((cklen_q == 8'd32) ? (kb_q[127:0] == kb_q[255:128]) : (kb_q[255:0] == kb_q[511:256]))) begin
          status_d = ST_ERR;
          state_d  = S_STATUS;
        end else begin
          cnt_d   = '0;
          state_d = S_CREATE_STORE;
        end
      end
      S_CREATE_STORE: begin
        // all 32 words of the slot: keys, the rest (HMAC state words included) zero
        ss_key_we_o   = 1'b1;
        ss_key_addr_o = {slot_q, cnt_q};
        if (cnt_q < 5'd4)       ss_key_wdata_o = kb_q[cnt_q[1:0]*128 +: 128];
        else if (cnt_q < 5'd12) ss_key_wdata_o = akb_q[3'(cnt_q - 5'd4)*128 +: 128];
        else                    ss_key_wdata_o = '0;
        cnt_d = cnt_q + 5'd1;
        if (cnt_q == 5'd31) state_d = hmac_q ? S_CREATE_HCFG : S_CREATE_COMMIT;
      end
      // HMAC (MAC or chaining AUTH): the hash engine computes the inner and outer states of the
      // key once (D15: a long key is hashed first); they go to words 16..19 and 20..23
      S_CREATE_HCFG: begin
        eng_cfg_valid_o = 1'b1;
        if (eng_cfg_ready_i) begin
          eng_busy_d = 1'b1;
          cnt_d      = 5'd16;
          state_d    = S_CREATE_HWAIT;
        end
      end
      S_CREATE_HWAIT: begin
        eng_t_ready_o = 1'b1;
        if (eng_t_valid_i) begin
          res_d   = eng_t_data_i;
          state_d = S_CREATE_HSTORE;
          if (cnt_q == 5'd20) eng_busy_d = 1'b0;           // the outer state: engine idle
        end
      end
      S_CREATE_HSTORE: begin
        ss_key_we_o    = 1'b1;
        ss_key_addr_o  = {slot_q, cnt_q};
        ss_key_wdata_o = res_q[cnt_q[1:0]*128 +: 128];
        cnt_d          = cnt_q + 5'd1;
        if (cnt_q == 5'd23) begin
          res_d   = '0;
          state_d = S_CREATE_COMMIT;
        end else if (cnt_q[1:0] == 2'd3) begin
          state_d = S_CREATE_HWAIT;
        end
      end
      S_CREATE_COMMIT: begin
        ss_create_o = 1'b1;
        ss_slot_o   = slot_q;
        ss_param_o  = '0;
        ss_param_o[P_SVC +: 4]   = svc_q;
        ss_param_o[P_CALGO +: 8] = calgo_q[7:0];
        ss_param_o[P_CKLEN +: 8] = cklen_q;
        ss_param_o[P_DEC]        = dec_q;
        ss_param_o[P_HALGO +: 8] = halgo_q[7:0];
        ss_param_o[P_AKLEN +: 8] = aklen_q;
        ss_param_o[P_HRES +: 8]  = hres_q;
        ss_param_o[P_ORDER]      = c_then_h_q;
        ss_param_o[P_HMODE]      = hmac_q;
        ss_param_o[P_CMAC]       = cmac_q;
        gen_d    = ss_lookup_gen_i + 32'd1;   // the store bumps the generation on create
        kb_d     = '0;
        akb_d    = '0;
        status_d = ST_OK;
        state_d  = S_CREATE_RESP;
      end
      S_CREATE_RESP: begin
        // session_input: session_id le64 @0, status le32 @8, padding @12
        wr_push_valid_o = 1'b1;
        wr_push_data_o  = {32'd0, 24'd0, ST_OK, 16'd0, gen_q, 16'(slot_q)};
        wr_push_bytes_o = 5'd16;
        if (wr_push_ready_i) state_d = S_STATUS_WAIT;
      end

      // ------------------------------------------------------------ session destroy (D17)
      S_DESTROY: begin
        if (sid_ok && ((ss_lookup_param_i[P_SVC +: 4] == V_CHAIN && svc_byte == vcrypto_pkg::SVC_CIPHER) ||
                       (ss_lookup_param_i[P_SVC +: 4] != V_CHAIN &&
                        {4'd0, ss_lookup_param_i[P_SVC +: 4]} == svc_byte))) begin
          cnt_d   = '0;
          state_d = S_DESTROY_ZERO;
        end else begin
          status_d = ST_ERR;
          state_d  = S_STATUS;
        end
      end
      S_DESTROY_ZERO: begin
        ss_key_we_o    = 1'b1;
        ss_key_addr_o  = {slot_q, cnt_q};
        ss_key_wdata_o = '0;
        cnt_d          = cnt_q + 5'd1;
        if (cnt_q == 5'd31) begin
          ss_destroy_o = 1'b1;
          status_d     = ST_OK;
          state_d      = S_STATUS;
        end
      end

      // ------------------------------------------------------------ data: session, checks
      S_DATA_CHECK: begin
        state_d  = S_STATUS;
        status_d = ST_ERR;
        slot_d   = sid_slot;
        // session parameters (D2: a session request ignores sess_para)
        if (!d_stateless) begin
          calgo_d    = {24'd0, ss_lookup_param_i[P_CALGO +: 8]};
          cklen_d    = ss_lookup_param_i[P_CKLEN +: 8];
          dec_d      = ss_lookup_param_i[P_DEC];
          halgo_d    = {24'd0, ss_lookup_param_i[P_HALGO +: 8]};
          aklen_d    = ss_lookup_param_i[P_AKLEN +: 8];
          hres_d     = ss_lookup_param_i[P_HRES +: 8];
          c_then_h_d = ss_lookup_param_i[P_ORDER];
          hmac_d     = ss_lookup_param_i[P_HMODE];
          cmac_d     = ss_lookup_param_i[P_CMAC];
        end
        need_rd = 34'(hdr_len) + 34'(flf_len) + 34'(ivlen_q) + 34'(aadlen_q) + 34'(src_q) +
                  (d_stateless ? 34'(cklen_d) + 34'(aklen_d) : 34'd0);
        if (svc_d == V_CIPHER)      need_wr = 34'(src_q) + 34'd1;
        else if (svc_d == V_HASH || svc_d == V_MAC) need_wr = 34'(hres_d) + 34'd1;
        else if (svc_d == V_AEAD)   need_wr = (dec_d ? 34'(src_q) - 34'(hres_d) : 34'(src_q) + 34'(hres_d)) + 34'd1;
        else                        need_wr = 34'(dst_q) + 34'(hres_d) + 34'd1;

        // the session must be valid and of the request's kind (a chaining request needs a
        // chaining session, a cipher request a cipher session)
        if (!d_stateless && !sid_ok) begin
          status_d = ST_INVSESS;
        end else if (svc_byte == vcrypto_pkg::SVC_CIPHER &&
                     f32(hb_q, sl_feat ? 7'd96 : 7'd64) != OT_CIPHER &&
                     f32(hb_q, sl_feat ? 7'd96 : 7'd64) != OT_CHAIN) begin
          status_d = ST_NOTSUPP;                             // D19: unknown op_type
        end else if (!d_stateless && ss_lookup_param_i[P_SVC +: 4] != svc_q) begin
          status_d = ST_INVSESS;                             // a session of another kind
        end else if (d_stateless && svc_d == V_CHAIN &&
                     f32(hb_q, 7'd24) != ORD_H_THEN_C && f32(hb_q, 7'd24) != ORD_C_THEN_H) begin
          status_d = ST_NOTSUPP;                             // D19: unknown alg_chain_order
        end else if ((svc_d == V_CIPHER || svc_d == V_CHAIN) && !cipher_algo_ok) begin
          status_d = ST_NOTSUPP;
        end else if (d_stateless && (svc_d == V_CIPHER || svc_d == V_CHAIN) &&
                     f32(hb_q, svc_d == V_CHAIN ? 7'd40 : 7'd32) != OPE &&
                     f32(hb_q, svc_d == V_CHAIN ? 7'd40 : 7'd32) != OPD) begin
          status_d = ST_NOTSUPP;
        end else if (svc_d == V_CHAIN && (!halgo_ok || (d_stateless &&
                     f32(hb_q, 7'd52) != HM_PLAIN && f32(hb_q, 7'd52) != HM_AUTH))) begin
          status_d = ST_NOTSUPP;
        end else if ((svc_d == V_HASH || svc_d == V_MAC) && !halgo_ok && !(svc_d == V_MAC && cmac_d)) begin
          status_d = ST_NOTSUPP;
        end else if (svc_d == V_AEAD && calgo_d != A_GCM && calgo_d != A_CCM) begin
          status_d = ST_NOTSUPP;
        end else if (d_stateless && svc_d == V_AEAD && f32(hb_q, 7'd32) != OPE && f32(hb_q, 7'd32) != OPD) begin
          status_d = ST_NOTSUPP;
        end else if ((svc_d == V_CIPHER || svc_d == V_CHAIN) && !ckey_ok) begin
          status_d = ST_ERR;
        end else if (svc_d == V_AEAD && (!aes_klen_ok || !tag_ok)) begin
          status_d = ST_ERR;                                 // D7 (stateless)
        end else if ((svc_d == V_HASH || svc_d == V_MAC || svc_d == V_CHAIN) &&
                     (hres_d == 0 || hres_d > ((svc_d == V_MAC && cmac_d) ? 8'd16 : dig_len_c))) begin
          status_d = ST_ERR;                                 // D13 / D14
        end else if (d_stateless && svc_d == V_MAC && (aklen_d > 8'd128 || f32(hb_q, 7'd28) > 32'd128 ||
                     (cmac_d && !cmac_klen_ok))) begin
          status_d = ST_ERR;                                 // D15
        end else if (d_stateless && svc_d == V_CHAIN && hmac_d && f32(hb_q, 7'd48) > 32'd128) begin
          status_d = ST_ERR;
        end else if (d_stateless && (svc_d == V_CIPHER || svc_d == V_CHAIN || svc_d == V_AEAD) &&
                     f32(hb_q, svc_d == V_CHAIN ? 7'd36 : 7'd28) > 32'd64) begin
          status_d = ST_ERR;
        end else if ((svc_d == V_CIPHER && calgo_d != A_ECB && ivlen_q != 32'd16) ||
                     (svc_d == V_CHAIN && calgo_d != A_ECB && ivlen_q != 32'd16) ||
                     (svc_d == V_AEAD && calgo_d == A_GCM && ivlen_q == 32'd0) ||
                     (svc_d == V_AEAD && calgo_d == A_CCM && (ivlen_q < 32'd7 || ivlen_q > 32'd13)) ||
                     // CCM: the payload length must fit the q = 15 - n length field (only n = 13
                     // can be exceeded within max_size)
                     (svc_d == V_AEAD && calgo_d == A_CCM && ivlen_q == 32'd13 &&
                      (dec_d ? src_q - 32'(hres_d) : src_q) > 32'd65535)) begin
          status_d = ST_ERR;                                 // IV rules, D8, D9
        end else if (svc_d == V_CIPHER && (((calgo_d == A_ECB || calgo_d == A_CBC) && src_q[3:0] != 0) ||
                                           (calgo_d == A_XTS && src_q != 0 && src_q < 32'd16) ||
                                           dst_q < src_q)) begin
          status_d = ST_ERR;                                 // D12, D11, D13
        end else if (svc_d == V_CHAIN && (dst_q < src_q ||
                     33'(cs_q) + 33'(lc_q) > 33'(src_q) || 33'(hs_q) + 33'(lh_q) > 33'(src_q) ||
                     ((calgo_d == A_ECB || calgo_d == A_CBC) && lc_q[3:0] != 0) ||
                     (calgo_d == A_XTS && lc_q != 0 && lc_q < 32'd16))) begin
          status_d = ST_ERR;                                 // D21
        end else if (svc_d == V_AEAD && ((dec_d && (src_q < 32'(hres_d) ||
                                                     dst_q < src_q - 32'(hres_d))) ||
                                          (!dec_d && 33'(dst_q) < 33'(src_q) + 33'(hres_d)))) begin
          status_d = ST_ERR;                                 // D5, D6
        end else if (need_rd > 34'(out_len_q)) begin
          status_d = ST_ERR;                                 // D18
        end else if (need_wr > 34'(in_len_q)) begin
          status_d = ST_ERR;                                 // D13
        end else if (d_stateless) begin
          need_d  = 32'(cklen_d);
          got_d   = '0;
          tgt_d   = T_KB;
          ret_d   = S_SL_AKEY;
          state_d = S_POP;
        end else begin
          cnt_d   = '0;
          state_d = S_KEYLOAD;
        end
      end

      // ------------------------------------------------------------ keys
      S_KEYLOAD: begin                                       // session keys, 1-cycle RAM
        // HMAC sessions: the precomputed states (words 16..23) instead of the auth key (4..11)
        ss_key_addr_o = {slot_q, (hmac_q && cnt_q >= 5'd4) ? cnt_q + 5'd12 : cnt_q};
        hst_d         = hmac_q;
        if (cnt_q != 5'd0 && cnt_q <= 5'd4)
          kb_d[2'(cnt_q - 5'd1)*128 +: 128] = ss_key_rdata_i;
        else if (cnt_q > 5'd4)
          akb_d[3'(cnt_q - 5'd5)*128 +: 128] = ss_key_rdata_i;
        cnt_d = cnt_q + 5'd1;
        if (cnt_q == 5'd12) state_d = S_KEYCHK;
      end
      S_SL_AKEY: begin
        need_d  = 32'(aklen_q);
        got_d   = '0;
        tgt_d   = T_AKB;
        ret_d   = S_KEYCHK;
        state_d = S_POP;
      end
      S_KEYCHK: begin
        if ((svc_q == V_CIPHER || svc_q == V_CHAIN) && calgo_q == A_XTS &&
            ((cklen_q == 8'd32) ? (kb_q[127:0] == kb_q[255:128]) : (kb_q[255:0] == kb_q[511:256]))) begin
          status_d = ST_ERR;                                 // D11
          state_d  = S_STATUS;
        end else begin
          state_d = S_IV;
        end
      end
      S_IV: begin
        // the IV goes to the IV register, except a GCM IV that is not 12 bytes (streamed to the
        // engine) and an ECB IV (read and dropped)
        got_d   = '0;
        step_d  = '0;
        if (svc_q == V_HASH || svc_q == V_MAC ||
            (svc_q == V_AEAD && calgo_q == A_GCM && ivlen_q != 32'd12)) begin
          state_d = S_CFG;
        end else begin
          need_d  = ivlen_q;
          tgt_d   = ((svc_q == V_CIPHER || svc_q == V_CHAIN) && calgo_q == A_ECB) ? T_NONE : T_IV;
          ret_d   = S_CFG;
          state_d = S_POP;
        end
      end

      // ------------------------------------------------------------ engine configuration
      S_CFG: begin
        if (svc_q == V_CIPHER && src_q == 0) begin
          status_d = ST_OK;                                  // D12: nothing to do
          state_d  = S_STATUS;
        end else begin
          eng_cfg_valid_o = 1'b1;
          if (eng_cfg_ready_i) begin
            eng_busy_d = 1'b1;
            state_d    = S_NEXTSEG;
          end
        end
      end

      // ------------------------------------------------------------ stream segments
      S_NEXTSEG: begin
        step_d     = step_q + 3'd1;
        in_left_d  = '0;
        out_left_d = '0;
        tap_in_d   = 1'b0;
        tap_out_d  = 1'b0;
        tap_all_d  = 1'b0;
        eng_last_d = 1'b0;
        seg_user_d = 2'd2;
        seg_dst_d  = D_ENG;
        state_d    = S_XFER;
        case (svc_q)
          V_CIPHER: begin
            if (step_q == 0) begin
              in_left_d  = src_q;
              out_left_d = src_q;
              eng_last_d = 1'b1;
              ipos_d     = '0;
              opos_d     = '0;
            end else state_d = S_RESULT_WAIT;
          end
          V_HASH, V_MAC: begin
            if (step_q == 0) in_left_d = src_q;
            else state_d = S_RESULT_WAIT;
          end
          V_AEAD: begin
            case (step_q)
              3'd0: if (calgo_q == A_GCM && ivlen_q != 32'd12) begin
                      in_left_d  = ivlen_q;
                      seg_user_d = 2'd0;
                    end
              3'd1: begin
                      in_left_d  = aadlen_q;
                      seg_user_d = 2'd1;
                    end
              3'd2: begin
                      in_left_d  = dec_q ? src_q - 32'(hres_q) : src_q;
                      out_left_d = dec_q ? src_q - 32'(hres_q) : src_q;
                    end
              3'd3: if (dec_q) begin
                      in_left_d = 32'(hres_q);
                      seg_dst_d = D_TAG;
                      ipos_d    = '0;
                    end
              default: state_d = S_RESULT_WAIT;
            endcase
          end
          default: begin                                     // V_CHAIN
            case (step_q)
              3'd0: begin                                    // aad → hash
                      in_left_d = aadlen_q;
                      seg_dst_d = D_TAP;
                      tap_all_d = 1'b1;
                    end
              3'd1: begin                                    // [0, cs): copy
                      in_left_d = cs_q;
                      seg_dst_d = D_COPY;
                      tap_in_d  = 1'b1;
                      ipos_d    = '0;
                      opos_d    = '0;
                    end
              3'd2: begin                                    // cipher range
                      opos_d     = ipos_q;
                      in_left_d  = lc_q;
                      out_left_d = lc_q;
                      eng_last_d = 1'b1;
                      tap_in_d   = !c_then_h_q;
                      tap_out_d  = c_then_h_q;
                    end
              3'd3: begin                                    // rest: copy
                      in_left_d = src_q - cs_q - lc_q;
                      seg_dst_d = D_COPY;
                      tap_in_d  = 1'b1;
                      opos_d    = ipos_q;
                    end
              default: state_d = S_RESULT_WAIT;
            endcase
          end
        endcase
      end

      S_XFER: begin
        // ---- input side: one chunk of min(16, left) bytes per handshake
        if (in_left_q != 0 && rd_avail_i >= xn && !rd_err_i) begin
          case (seg_dst_q)
            D_ENG: begin
              eng_s_valid_o = tap_ok;
              eng_h_valid_o = tap_need && eng_s_ready_i;
              if (eng_s_ready_i && tap_ok) begin
                rd_pop_o  = xn;
                in_left_d = in_left_q - 32'(xn);
                ipos_d    = ipos_q + 32'(xn);
              end
            end
            D_COPY: begin
              wr_push_valid_o = tap_ok;
              wr_push_data_o  = rd_data_i;
              wr_push_bytes_o = xn;
              eng_h_valid_o   = tap_need && wr_push_ready_i;
              if (wr_push_ready_i && tap_ok) begin
                rd_pop_o  = xn;
                in_left_d = in_left_q - 32'(xn);
                ipos_d    = ipos_q + 32'(xn);
              end
            end
            D_TAP: begin
              eng_h_valid_o = 1'b1;
              if (eng_h_ready_i) begin
                rd_pop_o  = xn;
                in_left_d = in_left_q - 32'(xn);
              end
            end
            D_TAG: begin
              tb_d      = tb_q | ((rd_data_i & ~({128{1'b1}} << {xn, 3'b000})) << {ipos_q[3:0], 3'b000});
              rd_pop_o  = xn;
              in_left_d = in_left_q - 32'(xn);
              ipos_d    = ipos_q + 32'(xn);
            end
            default: begin                                   // D_SKIP
              rd_pop_o  = xn;
              in_left_d = in_left_q - 32'(xn);
            end
          endcase
        end
        // ---- output side: engine results to the writer (and the hash tap)
        if (out_left_q != 0) begin
          eng_m_ready_o   = wr_push_ready_i && otap_ok;
          wr_push_valid_o = eng_m_valid_i && otap_ok;
          wr_push_data_o  = eng_m_data_i;
          wr_push_bytes_o = on;
          if (otap_need) begin
            eng_h_valid_o = eng_m_valid_i && wr_push_ready_i;
            eng_h_data_o  = to_data;
            eng_h_bytes_o = to_n;
          end
          if (eng_m_valid_i && wr_push_ready_i && otap_ok) begin
            out_left_d = out_left_q - 32'(on);
            opos_d     = opos_q + 32'(on);
          end
        end
        if (rd_err_i) begin
          status_d = ST_ERR;
          state_d  = S_STATUS;
        end else if (in_left_d == 0 && out_left_d == 0) begin
          state_d = S_NEXTSEG;
        end
      end

      // ------------------------------------------------------------ tag / digest
      S_RESULT_WAIT: begin
        eng_h_flush_o = 1'b1;
        if (svc_q == V_CIPHER) begin
          eng_busy_d = 1'b0;
          status_d   = ST_OK;
          state_d    = S_FLUSH;
        end else begin
          eng_t_ready_o = 1'b1;
          if (eng_t_valid_i) begin
            eng_busy_d = 1'b0;
            res_d = eng_t_data_i;
            if (svc_q == V_AEAD && dec_q) begin
              // compare the first tag_len bytes (D6)
              if (tag_bad) begin
                status_d = ST_BADMSG;
                state_d  = S_ZERO_SEEK;
              end else begin
                status_d = ST_OK;
                state_d  = S_FLUSH;
              end
            end else begin
              status_d = ST_OK;
              cnt_d    = '0;
              state_d  = S_RESULT_SEEK;
            end
          end
        end
      end
      S_RESULT_SEEK: begin
        wr_flush_o = 1'b1;
        if (wr_idle_i) begin
          if (wr_err_i) status_d = ST_ERR;                   // the seek restarts the error flag
          wr_seek_valid_o = 1'b1;
          wr_seek_pos_o   = (svc_q == V_CHAIN) ? dst_q : (svc_q == V_AEAD) ? src_q : 32'd0;
          need_d          = 32'(hres_q);
          got_d           = '0;
          state_d         = S_RESULT_PUSH;
        end
      end
      S_RESULT_PUSH: begin
        if (got_q == need_q) begin
          state_d = S_FLUSH;
        end else begin
          wr_push_valid_o = 1'b1;
          wr_push_data_o  = res_q[127:0];
          wr_push_bytes_o = ((need_q - got_q) > 32'd16) ? 5'd16 : 5'(need_q - got_q);
          if (wr_push_ready_i) begin
            res_d = res_q >> 128;
            got_d = got_q + 32'(wr_push_bytes_o);
          end
        end
      end
      // D6: no unauthenticated plaintext leaves the device
      S_ZERO_SEEK: begin
        wr_flush_o = 1'b1;
        if (wr_idle_i) begin
          wr_seek_valid_o = 1'b1;
          wr_seek_pos_o   = '0;
          need_d          = src_q - 32'(hres_q);
          got_d           = '0;
          state_d         = S_ZERO;
        end
      end
      S_ZERO: begin
        if (got_q == need_q) begin
          state_d = S_FLUSH;
        end else begin
          wr_push_valid_o = 1'b1;
          wr_push_data_o  = '0;
          wr_push_bytes_o = ((need_q - got_q) > 32'd16) ? 5'd16 : 5'(need_q - got_q);
          if (wr_push_ready_i) got_d = got_q + 32'(wr_push_bytes_o);
        end
      end
      S_FLUSH: begin
        wr_flush_o = 1'b1;
        if (wr_idle_i) begin
          if (rd_err_i || wr_err_i) status_d = ST_ERR;
          state_d = S_STATUS;
        end
      end

      // ------------------------------------------------------------ status (D3)
      S_STATUS: begin
        wr_flush_o = 1'b1;
        if (in_len_q == 0) begin
          used_len_d = 32'd0;
          state_d    = S_FINISH;
        end else if (wr_idle_i) begin
          wr_seek_valid_o = 1'b1;
          wr_seek_pos_o   = status32_q ? 32'd8 : in_len_q - 32'd1;
          state_d         = S_STATUS_PUSH;
        end
      end
      S_STATUS_PUSH: begin
        wr_push_valid_o = 1'b1;
        wr_push_data_o  = {120'd0, status_q};
        wr_push_bytes_o = status32_q ? 5'd4 : 5'd1;
        if (wr_push_ready_i) state_d = S_STATUS_WAIT;
      end
      S_STATUS_WAIT: begin
        wr_flush_o = 1'b1;
        if (wr_idle_i) begin
          // the writer's error flag restarts at every seek: set now, the status did not land
          if (wr_err_i) fatal_d = 1'b1;
          state_d = S_FINISH;
        end
      end
      S_FINISH: begin
        rd_abort_o = !rd_idle_i;
        // an engine left in the middle of a message (read error, abandoned stream) is reset
        if (eng_busy_q) begin
          eng_abort_o = 1'b1;
          eng_busy_d  = 1'b0;
        end
        if (rd_idle_i && wr_idle_i) state_d = S_DONE;
      end
      S_DONE: begin
        done_valid_o = 1'b1;
        state_d      = S_IDLE;
      end
      // after every reset (power-on or device reset) the whole key RAM is zeroized before the
      // first request: no key of a session that existed before the reset stays in the device
      S_WIPE: begin
        ss_key_we_o    = 1'b1;
        ss_key_addr_o  = wipe_q;
        ss_key_wdata_o = '0;
        wipe_d         = wipe_q + 1'b1;
        if (&wipe_q) state_d = S_IDLE;
      end
      default: state_d = S_IDLE;
    endcase
  end

  // ---------------------------------------------------------------- engine configuration
  always_comb begin
    eng_cfg_sel_o     = '0;
    eng_cipher_mode_o = 3'd0;
    eng_decrypt_o     = dec_q;
    eng_key_o         = kb_q[255:0];
    eng_key2_o        = '0;
    eng_key_len_o     = (cklen_q == 8'd16) ? 2'd0 : (cklen_q == 8'd24) ? 2'd1 : 2'd2;
    eng_iv_o          = iv_q;
    eng_iv_len_o      = ivlen_q;
    eng_aad_len_o     = aadlen_q;
    eng_data_len_o    = (svc_q == V_AEAD && dec_q) ? src_q - 32'(hres_q) : src_q;
    eng_tag_len_o     = hres_q[4:0];
    eng_hash_algo_o   = 3'(halgo_q - 32'd2);
    eng_hmac_o        = hmac_q;
    eng_hprep_o       = (state_q == S_CREATE_HCFG);
    eng_hstate_o      = hst_q;
    eng_akey_o        = akb_q;
    eng_akey_len_o    = aklen_q;
    eng_hash_len_o    = (svc_q == V_CHAIN) ? aadlen_q + lh_q : src_q;
    case (calgo_q)
      A_ECB:   eng_cipher_mode_o = 3'd0;
      A_CBC:   eng_cipher_mode_o = 3'd1;
      A_CTR:   eng_cipher_mode_o = 3'd2;
      default: eng_cipher_mode_o = 3'd3;
    endcase
    if (calgo_q == A_XTS) begin
      // key = key1 ‖ key2, each half of the key length (D11)
      if (cklen_q == 8'd32) begin
        eng_key_o     = {128'd0, kb_q[127:0]};
        eng_key2_o    = {128'd0, kb_q[255:128]};
        eng_key_len_o = 2'd0;
      end else begin
        eng_key_o     = kb_q[255:0];
        eng_key2_o    = kb_q[511:256];
        eng_key_len_o = 2'd2;
      end
    end
    case (svc_q)
      V_CIPHER: begin
        eng_cfg_sel_o = 5'b00001;
        eng_data_len_o = src_q;
      end
      V_HASH:   eng_cfg_sel_o = 5'b00010;
      V_MAC: begin
        if (cmac_q) begin
          eng_cfg_sel_o = 5'b00100;
          eng_key_len_o = (aklen_q == 8'd16) ? 2'd0 : (aklen_q == 8'd24) ? 2'd1 : 2'd2;
        end else begin
          eng_cfg_sel_o = 5'b00010;
        end
      end
      V_AEAD:   eng_cfg_sel_o = (calgo_q == A_GCM) ? 5'b01000 : 5'b10000;
      default:  eng_cfg_sel_o = (lc_q != 0) ? 5'b00011 : 5'b00010;   // chain
    endcase
    if (state_q == S_CREATE_HCFG) eng_cfg_sel_o = 5'b00010;          // hash engine only
  end

  always_comb begin
    case (svc_q)
      V_CIPHER, V_CHAIN: eng_s_sel_o = E_CIPHER;
      V_HASH:            eng_s_sel_o = E_HASH;
      V_MAC:             eng_s_sel_o = cmac_q ? E_CMAC : E_HASH;
      default:           eng_s_sel_o = (calgo_q == A_GCM) ? E_GCM : E_CCM;
    endcase
    eng_m_sel_o = (svc_q == V_AEAD) ? ((calgo_q == A_GCM) ? E_GCM : E_CCM) : E_CIPHER;
    case (svc_q)
      V_AEAD:  eng_t_sel_o = (calgo_q == A_GCM) ? E_GCM : E_CCM;
      V_MAC:   eng_t_sel_o = cmac_q ? E_CMAC : E_HASH;
      default: eng_t_sel_o = E_HASH;
    endcase
  end

  // ---------------------------------------------------------------- registers
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_WIPE; ret_q <= S_IDLE; wipe_q <= '0; tgt_q <= T_HB; hb_q <= '0; kb_q <= '0; akb_q <= '0;
      iv_q <= '0; tb_q <= '0; res_q <= '0; need_q <= '0; got_q <= '0; ctrl_q <= 1'b0;
      out_segs_q <= '0; in_segs_q <= '0; out_len_q <= '0; in_len_q <= '0; status_q <= '0;
      status32_q <= 1'b0; used_len_q <= '0; slot_q <= '0; gen_q <= '0; cnt_q <= '0;
      svc_q <= '0; calgo_q <= '0; cklen_q <= '0; dec_q <= 1'b0; halgo_q <= '0; cmac_q <= 1'b0;
      hmac_q <= 1'b0; aklen_q <= '0; hres_q <= '0; c_then_h_q <= 1'b0; ivlen_q <= '0;
      aadlen_q <= '0; src_q <= '0; dst_q <= '0; cs_q <= '0; lc_q <= '0; hs_q <= '0; lh_q <= '0;
      step_q <= '0; seg_dst_q <= '0; seg_user_q <= '0; in_left_q <= '0; out_left_q <= '0;
      ipos_q <= '0; opos_q <= '0; tap_in_q <= 1'b0; tap_out_q <= 1'b0; tap_all_q <= 1'b0;
      eng_last_q <= 1'b0; eng_busy_q <= 1'b0; fatal_q <= 1'b0; hst_q <= 1'b0;
    end else begin
      state_q <= state_d; ret_q <= ret_d; tgt_q <= tgt_d; hb_q <= hb_d; kb_q <= kb_d;
      akb_q <= akb_d; iv_q <= iv_d; tb_q <= tb_d; res_q <= res_d; need_q <= need_d;
      got_q <= got_d; ctrl_q <= ctrl_d; out_segs_q <= out_segs_d; in_segs_q <= in_segs_d;
      out_len_q <= out_len_d; in_len_q <= in_len_d; status_q <= status_d;
      status32_q <= status32_d; used_len_q <= used_len_d; slot_q <= slot_d; gen_q <= gen_d;
      cnt_q <= cnt_d; svc_q <= svc_d; calgo_q <= calgo_d; cklen_q <= cklen_d; dec_q <= dec_d;
      halgo_q <= halgo_d; cmac_q <= cmac_d; hmac_q <= hmac_d; aklen_q <= aklen_d;
      hres_q <= hres_d; c_then_h_q <= c_then_h_d; ivlen_q <= ivlen_d; aadlen_q <= aadlen_d;
      src_q <= src_d; dst_q <= dst_d; cs_q <= cs_d; lc_q <= lc_d; hs_q <= hs_d; lh_q <= lh_d;
      step_q <= step_d; seg_dst_q <= seg_dst_d; seg_user_q <= seg_user_d;
      in_left_q <= in_left_d; out_left_q <= out_left_d; ipos_q <= ipos_d; opos_q <= opos_d;
      tap_in_q <= tap_in_d; tap_out_q <= tap_out_d; tap_all_q <= tap_all_d;
      eng_last_q <= eng_last_d; eng_busy_q <= eng_busy_d; fatal_q <= fatal_d;
      wipe_q <= wipe_d; hst_q <= hst_d;
    end
  end
endmodule
