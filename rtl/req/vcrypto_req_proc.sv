// vcrypto_req_proc: the request processor. Takes one descriptor chain at a time from the
// virtqueue engine, reads the request header and fixed part from the gather stream, picks the
// layout from the negotiated features (legacy 72-byte, REVISION_1 natural size, stateless; D1,
// D2), executes control requests against the session store and data requests on the cipher
// engine, and writes results and the status through the scatter writer (status = last byte of
// the writable area, D3). Every length is checked against the readable and writable areas
// before any result byte is written (D12, D13, D18).
module vcrypto_req_proc#(
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
  output logic [$clog2(NUM_SESSIONS)+3:0] ss_key_addr_o,
  output logic [127:0]           ss_key_wdata_o,
  input  logic [127:0]           ss_key_rdata_i,
  // Cipher engine
  output logic                   ce_cfg_valid_o,
  input  logic                   ce_cfg_ready_i,
  output logic [2:0]             ce_cfg_mode_o,
  output logic                   ce_cfg_decrypt_o,
  output logic [255:0]           ce_cfg_key_o,
  output logic [1:0]             ce_cfg_key_len_o,
  output logic [127:0]           ce_cfg_iv_o,
  output logic                   ce_s_tvalid_o,
  input  logic                   ce_s_tready_i,
  output logic [127:0]           ce_s_tdata_o,
  output logic [4:0]             ce_s_tbytes_o,
  output logic                   ce_s_tlast_o,
  input  logic                   ce_m_tvalid_i,
  output logic                   ce_m_tready_o,
  input  logic [127:0]           ce_m_tdata_i,
  input  logic [4:0]             ce_m_tbytes_i,
  input  logic                   ce_m_tlast_i
);
  localparam int unsigned SW = $clog2(NUM_SESSIONS);

  // parameter word layout in the session store
  localparam int unsigned P_SVC = 0, P_OPTYPE = 8, P_CALGO = 16, P_KEYLEN = 24, P_OP = 32;

  typedef enum logic [4:0] {
    S_IDLE, S_POP, S_HDR_DONE, S_DECODE, S_CREATE_KEY, S_CREATE_COMMIT, S_CREATE_RESP,
    S_DESTROY, S_DESTROY_ZERO, S_DATA_KEYLOAD, S_DATA_IV, S_ENG_CFG, S_STREAM, S_FLUSH,
    S_STATUS, S_STATUS_PUSH, S_STATUS_WAIT, S_FINISH, S_DONE
  } state_e;
  typedef enum logic [1:0] {T_HB, T_KB, T_IV} tgt_e;
  typedef enum logic [1:0] {K_NONE, K_CREATE, K_STATELESS} kdest_e;

  state_e        state_q, state_d, ret_q, ret_d;
  tgt_e          tgt_q, tgt_d;
  logic [1023:0] hb_q, hb_d;          // header + fixed part
  logic [511:0]  kb_q, kb_d;          // key bytes
  logic [127:0]  iv_q, iv_d;
  logic [7:0]    need_q, need_d, got_q, got_d;
  logic          ctrl_q, ctrl_d;
  logic [SEG_AW:0] out_segs_q, out_segs_d, in_segs_q, in_segs_d;
  logic [31:0]   out_len_q, out_len_d, in_len_q, in_len_d;
  logic [7:0]    status_q, status_d;
  logic          status32_q, status32_d;  // create response: le32 status at offset 8
  logic [31:0]   used_len_q, used_len_d;
  logic [SW-1:0] slot_q, slot_d;
  logic [31:0]   gen_q, gen_d;
  logic [4:0]    cnt_q, cnt_d;           // small loop counter (key words)
  logic [7:0]    key_len_q, key_len_d;
  logic          decrypt_q, decrypt_d;
  logic [31:0]   nblk_q, nblk_d, blk_in_q, blk_in_d, blk_out_q, blk_out_d;
  logic [31:0]   iv_len_q, iv_len_d;

  // ---------------------------------------------------------------- field access
  logic        f_rev1, f_cipher_sl;
  assign f_rev1      = features_i[vcrypto_pkg::F_REVISION_1];
  assign f_cipher_sl = features_i[vcrypto_pkg::F_CIPHER_STATELESS];

  // control header: opcode @0, algo @4, flag @8; data header: opcode @0, algo @4, session_id @8, flag @16
  logic [31:0] opcode, dflag;
  logic [63:0] dsid;
  logic [7:0]  svc, opn;
  assign opcode = hb_q[0 +: 32];
  assign dflag  = hb_q[128 +: 32];
  assign dsid   = {hb_q[96 +: 32], hb_q[64 +: 32]};
  assign svc    = opcode[15:8];
  assign opn    = opcode[7:0];

  // fixed-part length after the header
  logic [7:0] flf_len;
  always_comb begin
    flf_len = 8'd0;
    if (ctrl_q) begin
      if (!f_rev1) flf_len = 8'd56;
      else case (opcode)
        vcrypto_pkg::OP_CIPHER_CREATE_SESSION: flf_len = 8'd56;
        vcrypto_pkg::OP_HASH_CREATE_SESSION:   flf_len = 8'd8;
        vcrypto_pkg::OP_MAC_CREATE_SESSION:    flf_len = 8'd16;
        vcrypto_pkg::OP_AEAD_CREATE_SESSION:   flf_len = 8'd24;
        vcrypto_pkg::OP_CIPHER_DESTROY_SESSION, vcrypto_pkg::OP_HASH_DESTROY_SESSION,
        vcrypto_pkg::OP_MAC_DESTROY_SESSION, vcrypto_pkg::OP_AEAD_DESTROY_SESSION: flf_len = 8'd8;
        default: flf_len = 8'd0;
      endcase
    end else begin
      if (!f_rev1) flf_len = 8'd48;
      else case (svc)
        vcrypto_pkg::SVC_CIPHER: flf_len = features_i[vcrypto_pkg::F_CIPHER_STATELESS] ? 8'd76 : 8'd48;
        vcrypto_pkg::SVC_HASH:   flf_len = features_i[vcrypto_pkg::F_HASH_STATELESS]   ? 8'd16 : 8'd8;
        vcrypto_pkg::SVC_MAC:    flf_len = features_i[vcrypto_pkg::F_MAC_STATELESS]    ? 8'd16 : 8'd8;
        vcrypto_pkg::SVC_AEAD:   flf_len = features_i[vcrypto_pkg::F_AEAD_STATELESS]   ? 8'd32 : 8'd24;
        default:    flf_len = 8'd0;
      endcase
    end
  end
  logic [7:0] hdr_len;
  assign hdr_len = ctrl_q ? 8'd16 : 8'd24;

  logic known_ctrl, known_data;
  always_comb begin
    known_ctrl = 1'b0;
    case (opcode)
      vcrypto_pkg::OP_CIPHER_CREATE_SESSION, vcrypto_pkg::OP_HASH_CREATE_SESSION, vcrypto_pkg::OP_MAC_CREATE_SESSION,
      vcrypto_pkg::OP_AEAD_CREATE_SESSION, vcrypto_pkg::OP_CIPHER_DESTROY_SESSION, vcrypto_pkg::OP_HASH_DESTROY_SESSION,
      vcrypto_pkg::OP_MAC_DESTROY_SESSION, vcrypto_pkg::OP_AEAD_DESTROY_SESSION: known_ctrl = 1'b1;
      default: known_ctrl = 1'b0;
    endcase
    known_data = (opcode == vcrypto_pkg::OP_CIPHER_ENCRYPT) || (opcode == vcrypto_pkg::OP_CIPHER_DECRYPT) ||
                 (opcode == vcrypto_pkg::OP_HASH) || (opcode == vcrypto_pkg::OP_MAC) ||
                 (opcode == vcrypto_pkg::OP_AEAD_ENCRYPT) || (opcode == vcrypto_pkg::OP_AEAD_DECRYPT);
  end

  // control: cipher create (flf at 16): algo @16, keylen @20, op @24, op_type @64
  logic [31:0] cc_algo, cc_keylen, cc_op, cc_optype;
  assign cc_algo   = hb_q[128 +: 32];
  assign cc_keylen = hb_q[160 +: 32];
  assign cc_op     = hb_q[192 +: 32];
  assign cc_optype = hb_q[512 +: 32];
  // control: destroy session id @16
  logic [63:0] ds_id;
  assign ds_id = {hb_q[160 +: 32], hb_q[128 +: 32]};

  // data: mode selection (D2)
  logic d_stateless, d_flag_bad;
  always_comb begin
    d_stateless = 1'b0;
    d_flag_bad  = 1'b0;
    if (f_rev1) begin
      if (svc == vcrypto_pkg::SVC_CIPHER && f_cipher_sl) begin
        if (dflag == 32'd0) d_stateless = 1'b1;
        else if (dflag != vcrypto_pkg::FLAG_SESSION_MODE) d_flag_bad = 1'b1;
      end else if (dflag != vcrypto_pkg::FLAG_SESSION_MODE) begin
        d_flag_bad = 1'b1;
      end
    end
  end
  // data: cipher fields; session flf @24: iv_len, src, dst; op_type @64.
  // stateless flf @24: algo, key_len, op, iv_len @36, src @40, dst @44; op_type @96.
  logic        sl_layout;
  logic [31:0] dc_optype, dc_ivlen, dc_src, dc_dst, ds_algo, ds_keylen, ds_op;
  always_comb begin
    sl_layout = f_rev1 && f_cipher_sl;
    dc_optype = sl_layout ? hb_q[768 +: 32] : hb_q[512 +: 32];
    dc_ivlen  = sl_layout ? hb_q[288 +: 32] : hb_q[192 +: 32];
    dc_src    = sl_layout ? hb_q[320 +: 32] : hb_q[224 +: 32];
    dc_dst    = sl_layout ? hb_q[352 +: 32] : hb_q[256 +: 32];
    ds_algo   = hb_q[192 +: 32];
    ds_keylen = hb_q[224 +: 32];
    ds_op     = hb_q[256 +: 32];
  end

  // session id check (D17): id = {16'b0, generation[31:0], slot[15:0]}
  logic [SW-1:0] sid_slot;
  logic [63:0]   sid;
  logic          sid_ok;
  assign sid      = ctrl_q ? ds_id : dsid;
  assign sid_slot = sid[SW-1:0];
  assign ss_lookup_slot_o = (state_q == S_CREATE_COMMIT) ? slot_q : sid_slot;
  assign sid_ok   = (sid[63:48] == 16'd0) && (sid[15:0] < 16'(NUM_SESSIONS)) &&
                    ss_lookup_valid_i && (ss_lookup_gen_i == sid[47:16]);

  // AES key lengths 16/24/32 bytes
  logic cc_key_ok, ds_key_ok;
  logic [1:0] key_code;
  assign cc_key_ok = (cc_keylen == 32'd16) || (cc_keylen == 32'd24) || (cc_keylen == 32'd32);
  assign ds_key_ok = (ds_keylen == 32'd16) || (ds_keylen == 32'd24) || (ds_keylen == 32'd32);
  assign key_code  = (key_len_q == 8'd16) ? 2'd0 : (key_len_q == 8'd24) ? 2'd1 : 2'd2;

  // sums for the readable-area check (33 bits: no wrap)
  logic [32:0] need_cc, need_dc;
  always_comb begin
    need_cc = 33'(hdr_len) + 33'(flf_len) + {1'b0, cc_keylen};
    need_dc = 33'(hdr_len) + 33'(flf_len) + {1'b0, dc_ivlen} + {1'b0, dc_src} +
              (d_stateless ? {1'b0, ds_keylen} : 33'd0);
  end

  // key word being received from the session store (one cycle behind its address)
  logic [1:0] kword;
  assign kword = cnt_q[1:0] - 2'd1;

  // byte-insert of popped stream bytes
  logic [4:0]   take;
  logic [127:0] take_mask;
  always_comb begin
    take = 5'd0;
    if (state_q == S_POP) begin
      take = ((need_q - got_q) > 8'd16) ? 5'd16 : 5'(need_q - got_q);
      if (rd_avail_i < take) take = 5'd0;
    end
    take_mask = (take == 5'd16) ? {128{1'b1}} : ~({128{1'b1}} << {take, 3'b000});
  end

  always_comb begin
    state_d    = state_q;
    ret_d      = ret_q;
    tgt_d      = tgt_q;
    hb_d       = hb_q;
    kb_d       = kb_q;
    iv_d       = iv_q;
    need_d     = need_q;
    got_d      = got_q;
    ctrl_d     = ctrl_q;
    out_segs_d = out_segs_q;
    in_segs_d  = in_segs_q;
    out_len_d  = out_len_q;
    in_len_d   = in_len_q;
    status_d   = status_q;
    status32_d = status32_q;
    used_len_d = used_len_q;
    slot_d     = slot_q;
    gen_d      = gen_q;
    cnt_d      = cnt_q;
    key_len_d  = key_len_q;
    decrypt_d  = decrypt_q;
    nblk_d     = nblk_q;
    blk_in_d   = blk_in_q;
    blk_out_d  = blk_out_q;
    iv_len_d   = iv_len_q;

    req_ready_o     = 1'b0;
    done_valid_o    = 1'b0;
    done_used_len_o = used_len_q;
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
    ss_key_addr_o   = {slot_q, cnt_q[3:0]};
    ss_key_wdata_o  = '0;
    ce_cfg_valid_o  = 1'b0;
    ce_cfg_mode_o   = 3'd1;               // CBC
    ce_cfg_decrypt_o = decrypt_q;
    ce_cfg_key_o    = kb_q[255:0];
    ce_cfg_key_len_o = key_code;
    ce_cfg_iv_o     = iv_q;
    ce_s_tvalid_o   = 1'b0;
    ce_s_tdata_o    = rd_data_i;
    ce_s_tbytes_o   = 5'd16;
    ce_s_tlast_o    = (blk_in_q + 32'd1 == nblk_q);
    ce_m_tready_o   = 1'b0;

    case (state_q)
      S_IDLE: begin
        req_ready_o = 1'b1;
        if (req_valid_i) begin
          ctrl_d     = req_ctrl_i;
          out_segs_d = req_out_segs_i;
          in_segs_d  = req_in_segs_i;
          out_len_d  = req_out_len_i;
          in_len_d   = req_in_len_i;
          hb_d       = '0;
          kb_d       = '0;
          iv_d       = '0;
          used_len_d = req_in_len_i;
          // control answers other than destroy: le32 status in session_input (offset 8)
          status32_d = req_ctrl_i && (req_in_len_i >= 32'd16);
          rd_start_o     = 1'b1;
          wr_start_o     = 1'b1;
          rd_seg_count_o = req_out_segs_i;
          wr_seg_count_o = req_in_segs_i;
          if (req_chain_err_i) begin
            status_d = vcrypto_pkg::ST_ERR;                       // D18
            state_d  = S_STATUS;
          end else begin
            need_d  = req_ctrl_i ? 8'd16 : 8'd24;
            got_d   = 8'd0;
            tgt_d   = T_HB;
            ret_d   = S_HDR_DONE;
            state_d = (req_out_len_i < (req_ctrl_i ? 32'd16 : 32'd24)) ? S_STATUS : S_POP;
            status_d = vcrypto_pkg::ST_ERR;
          end
        end
      end

      // generic: pop need_q bytes from the gather stream into hb/kb/iv at got_q
      S_POP: begin
        if (rd_err_i) begin
          status_d = vcrypto_pkg::ST_ERR;
          state_d  = S_STATUS;
        end else if (got_q == need_q) begin
          state_d = ret_q;
        end else if (take != 0) begin
          case (tgt_q)
            T_HB: hb_d = hb_q | ({896'd0, rd_data_i & take_mask} << {got_q, 3'b000});
            T_KB: kb_d = kb_q | ({384'd0, rd_data_i & take_mask} << {got_q, 3'b000});
            default: iv_d = iv_q | ((rd_data_i & take_mask) << {got_q[3:0], 3'b000});
          endcase
          got_d = got_q + 8'(take);
        end
      end

      S_HDR_DONE: begin
        if ((ctrl_q ? known_ctrl : known_data) && !(!ctrl_q && d_flag_bad) && flf_len != 0) begin
          if (33'(out_len_q) < 33'(hdr_len) + 33'(flf_len)) begin
            status_d = vcrypto_pkg::ST_ERR;                       // D18: readable area too short
            state_d  = S_STATUS;
          end else begin
            need_d  = hdr_len + flf_len;
            ret_d   = S_DECODE;
            state_d = S_POP;
          end
        end else begin
          // unknown opcode (D19), or on REVISION_1 a flag the service cannot take
          status_d   = vcrypto_pkg::ST_NOTSUPP;
          state_d    = S_STATUS;
        end
      end

      S_DECODE: begin
        state_d = S_STATUS;
        status_d = vcrypto_pkg::ST_ERR;
        if (ctrl_q) begin
          case (opcode)
            vcrypto_pkg::OP_CIPHER_CREATE_SESSION: begin
              status32_d = 1'b1;
              used_len_d = 32'd16;
              if (in_len_q < 32'd16) begin
                used_len_d = 32'd0;                  // nowhere to answer
                state_d    = S_FINISH;
              end else if (cc_optype == vcrypto_pkg::SYM_OP_CHAIN) begin
                status_d = vcrypto_pkg::ST_NOTSUPP;
              end else if (cc_optype != vcrypto_pkg::SYM_OP_CIPHER) begin
                status_d = vcrypto_pkg::ST_NOTSUPP;          // D19: unknown operation type
              end else if (cc_algo != vcrypto_pkg::CIPHER_AES_CBC) begin
                status_d = vcrypto_pkg::ST_NOTSUPP;               // D19
              end else if (cc_op != vcrypto_pkg::OP_ENCRYPT && cc_op != vcrypto_pkg::OP_DECRYPT) begin
                status_d = vcrypto_pkg::ST_NOTSUPP;          // unsupported operation
              end else if (!cc_key_ok) begin
                status_d = vcrypto_pkg::ST_ERR;
              end else if (need_cc > 33'(out_len_q)) begin
                status_d = vcrypto_pkg::ST_ERR;                   // D18
              end else if (!ss_alloc_ok_i) begin
                status_d = f_rev1 ? vcrypto_pkg::ST_NOSPC : vcrypto_pkg::ST_ERR;  // D17
              end else begin
                slot_d    = ss_alloc_slot_i;
                key_len_d = cc_keylen[7:0];
                need_d    = cc_keylen[7:0];
                got_d     = 8'd0;
                tgt_d     = T_KB;
                ret_d     = S_CREATE_KEY;
                cnt_d     = 5'd0;
                state_d   = S_POP;
              end
            end
            vcrypto_pkg::OP_HASH_CREATE_SESSION, vcrypto_pkg::OP_MAC_CREATE_SESSION, vcrypto_pkg::OP_AEAD_CREATE_SESSION: begin
              status32_d = 1'b1;
              used_len_d = 32'd16;
              status_d   = vcrypto_pkg::ST_NOTSUPP;
              if (in_len_q < 32'd16) begin
                used_len_d = 32'd0;
                state_d    = S_FINISH;
              end
            end
            default: begin                           // destroy: 1-byte status (last byte)
              status32_d = 1'b0;
              slot_d  = sid_slot;
              state_d = S_DESTROY;
            end
          endcase
        end else begin
          if (opcode != vcrypto_pkg::OP_CIPHER_ENCRYPT && opcode != vcrypto_pkg::OP_CIPHER_DECRYPT) begin
            status_d = vcrypto_pkg::ST_NOTSUPP;                   // services not executed yet
          end else if (dc_optype == vcrypto_pkg::SYM_OP_CHAIN) begin
            status_d = vcrypto_pkg::ST_NOTSUPP;
          end else if (dc_optype != vcrypto_pkg::SYM_OP_CIPHER) begin
            status_d = vcrypto_pkg::ST_NOTSUPP;              // D19: unknown operation type
          end else if (!d_stateless && !(sid_ok && ss_lookup_param_i[P_SVC +: 8] == vcrypto_pkg::SVC_CIPHER)) begin
            status_d = vcrypto_pkg::ST_INVSESS;
          end else if (d_stateless && ds_algo != vcrypto_pkg::CIPHER_AES_CBC) begin
            status_d = vcrypto_pkg::ST_NOTSUPP;
          end else if (d_stateless && ds_op != vcrypto_pkg::OP_ENCRYPT && ds_op != vcrypto_pkg::OP_DECRYPT) begin
            status_d = vcrypto_pkg::ST_NOTSUPP;              // unsupported operation
          end else if (d_stateless && !ds_key_ok) begin
            status_d = vcrypto_pkg::ST_ERR;
          end else if (dc_ivlen != 32'd16 || dc_src[3:0] != 4'd0 || dc_dst < dc_src ||
                       in_len_q < 32'd1 || in_len_q - 32'd1 < dc_src ||
                       need_dc > 33'(out_len_q)) begin
            status_d = vcrypto_pkg::ST_ERR;                       // D12, D13, D18
          end else begin
            nblk_d    = {4'd0, dc_src[31:4]};
            blk_in_d  = '0;
            blk_out_d = '0;
            iv_len_d  = dc_ivlen;
            slot_d    = sid_slot;
            cnt_d     = 5'd0;
            if (d_stateless) begin
              key_len_d = ds_keylen[7:0];
              decrypt_d = (ds_op == vcrypto_pkg::OP_DECRYPT);
              need_d    = ds_keylen[7:0];
              got_d     = 8'd0;
              tgt_d     = T_KB;
              ret_d     = S_DATA_IV;
              state_d   = S_POP;
            end else begin
              key_len_d = ss_lookup_param_i[P_KEYLEN +: 8];
              decrypt_d = (ss_lookup_param_i[P_OP +: 8] == vcrypto_pkg::OP_DECRYPT[7:0]);
              state_d   = S_DATA_KEYLOAD;
            end
          end
        end
      end

      // ---------------- session create: store the key words, commit, answer
      S_CREATE_KEY: begin
        ss_key_we_o    = 1'b1;
        ss_key_addr_o  = {slot_q, cnt_q[3:0]};
        ss_key_wdata_o = (cnt_q < 5'd4) ? kb_q[cnt_q[1:0]*128 +: 128] : 128'd0;
        cnt_d          = cnt_q + 5'd1;
        if (cnt_q == 5'd15) state_d = S_CREATE_COMMIT;
      end
      S_CREATE_COMMIT: begin
        ss_create_o = 1'b1;
        ss_slot_o   = slot_q;
        ss_param_o  = '0;
        ss_param_o[P_SVC +: 8]    = vcrypto_pkg::SVC_CIPHER;
        ss_param_o[P_OPTYPE +: 8] = vcrypto_pkg::SYM_OP_CIPHER[7:0];
        ss_param_o[P_CALGO +: 8]  = cc_algo[7:0];
        ss_param_o[P_KEYLEN +: 8] = key_len_q;
        ss_param_o[P_OP +: 8]     = cc_op[7:0];
        gen_d       = ss_lookup_gen_i + 32'd1;   // lookup_slot = slot_q
        kb_d        = '0;
        status_d    = vcrypto_pkg::ST_OK;
        state_d     = S_CREATE_RESP;
      end
      S_CREATE_RESP: begin
        // session_input: session_id le64 @0, status le32 @8, padding @12
        wr_push_valid_o = 1'b1;
        wr_push_data_o  = {32'd0, 24'd0, vcrypto_pkg::ST_OK, 16'd0, gen_q, 16'(slot_q)};
        wr_push_bytes_o = 5'd16;
        if (wr_push_ready_i) state_d = S_STATUS_WAIT;
      end

      // ---------------- session destroy (D17: zeroize, generation moves on)
      S_DESTROY: begin
        if (sid_ok && ss_lookup_param_i[P_SVC +: 8] == svc) begin
          cnt_d   = 5'd0;
          state_d = S_DESTROY_ZERO;
        end else begin
          status_d = vcrypto_pkg::ST_ERR;
          state_d  = S_STATUS;
        end
      end
      S_DESTROY_ZERO: begin
        ss_key_we_o    = 1'b1;
        ss_key_addr_o  = {slot_q, cnt_q[3:0]};
        ss_key_wdata_o = '0;
        cnt_d          = cnt_q + 5'd1;
        if (cnt_q == 5'd15) begin
          ss_destroy_o = 1'b1;
          status_d     = vcrypto_pkg::ST_OK;
          state_d      = S_STATUS;
        end
      end

      // ---------------- data: key from the session store (read latency one cycle)
      S_DATA_KEYLOAD: begin
        ss_key_addr_o = {slot_q, cnt_q[3:0]};
        if (cnt_q != 5'd0) kb_d[kword*128 +: 128] = ss_key_rdata_i;
        cnt_d = cnt_q + 5'd1;
        if (cnt_q == 5'd4) begin
          need_d  = 8'(iv_len_q);
          got_d   = 8'd0;
          tgt_d   = T_IV;
          ret_d   = S_ENG_CFG;
          state_d = S_POP;
        end
      end
      S_DATA_IV: begin
        need_d  = 8'(iv_len_q);
        got_d   = 8'd0;
        tgt_d   = T_IV;
        ret_d   = S_ENG_CFG;
        state_d = S_POP;
      end
      S_ENG_CFG: begin
        if (nblk_q == 0) begin
          status_d = vcrypto_pkg::ST_OK;                          // D12: nothing to do
          state_d  = S_STATUS;
        end else begin
          ce_cfg_valid_o = 1'b1;
          if (ce_cfg_ready_i) state_d = S_STREAM;
        end
      end
      S_STREAM: begin
        ce_s_tvalid_o = (blk_in_q != nblk_q) && (rd_avail_i == 5'd16) && !rd_err_i;
        if (ce_s_tvalid_o && ce_s_tready_i) begin
          rd_pop_o = 5'd16;
          blk_in_d = blk_in_q + 32'd1;
        end
        ce_m_tready_o   = wr_push_ready_i;
        wr_push_valid_o = ce_m_tvalid_i;
        wr_push_data_o  = ce_m_tdata_i;
        wr_push_bytes_o = 5'd16;
        if (ce_m_tvalid_i && wr_push_ready_i) blk_out_d = blk_out_q + 32'd1;
        if (blk_out_d == nblk_q) state_d = S_FLUSH;
        if (rd_err_i && blk_in_q != nblk_q) begin
          // the engine still holds blocks; finish them with zeros is not possible, report ERR
          status_d = vcrypto_pkg::ST_ERR;
        end
      end
      S_FLUSH: begin
        wr_flush_o = 1'b1;
        if (wr_idle_i) begin
          status_d = (rd_err_i || wr_err_i) ? vcrypto_pkg::ST_ERR : vcrypto_pkg::ST_OK;
          state_d  = S_STATUS;
        end
      end

      // ---------------- status: last byte of the writable area (D3), or le32 @8 on create
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
        if (wr_idle_i) state_d = S_FINISH;
      end
      S_FINISH: begin
        rd_abort_o = !rd_idle_i;
        if (rd_idle_i && wr_idle_i) state_d = S_DONE;
      end
      S_DONE: begin
        done_valid_o = 1'b1;
        state_d      = S_IDLE;
      end
      default: state_d = S_IDLE;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE; ret_q <= S_IDLE; tgt_q <= T_HB; hb_q <= '0; kb_q <= '0; iv_q <= '0;
      need_q <= '0; got_q <= '0; ctrl_q <= 1'b0; out_segs_q <= '0; in_segs_q <= '0;
      out_len_q <= '0; in_len_q <= '0; status_q <= '0; status32_q <= 1'b0; used_len_q <= '0;
      slot_q <= '0; gen_q <= '0; cnt_q <= '0; key_len_q <= '0; decrypt_q <= 1'b0;
      nblk_q <= '0; blk_in_q <= '0; blk_out_q <= '0; iv_len_q <= '0;
    end else begin
      state_q <= state_d; ret_q <= ret_d; tgt_q <= tgt_d; hb_q <= hb_d; kb_q <= kb_d;
      iv_q <= iv_d; need_q <= need_d; got_q <= got_d; ctrl_q <= ctrl_d;
      out_segs_q <= out_segs_d; in_segs_q <= in_segs_d; out_len_q <= out_len_d;
      in_len_q <= in_len_d; status_q <= status_d; status32_q <= status32_d;
      used_len_q <= used_len_d; slot_q <= slot_d; gen_q <= gen_d; cnt_q <= cnt_d;
      key_len_q <= key_len_d; decrypt_q <= decrypt_d; nblk_q <= nblk_d; blk_in_q <= blk_in_d;
      blk_out_q <= blk_out_d; iv_len_q <= iv_len_d;
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_ok;
  assign unused_ok = ^{ce_m_tbytes_i, ce_m_tlast_i, opn, ss_lookup_param_i};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
