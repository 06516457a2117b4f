// vcrypto_engines: the crypto engines behind one interface for the request processor.
// One configuration port (a mask picks the engines to start; the handshake fires when all of
// them are ready), one primary input stream steered to one engine, a hash tap (the chaining
// hash input, packed into full beats here), one data output stream and one tag/digest output,
// each taken from the engine the request processor selects.
// EXT_AES = 1: the cipher and CMAC engines have no AES datapath of their own; the aes_* ports
// are two ports of a datapath shared by all processing lanes (slice 0 cipher engine, slice 1
// CMAC engine, each slice as a vcrypto_aes_stream port).
module vcrypto_engines #(
  // 1: pipelined AES datapaths in the cipher and GCM engines (one block per clock);
  // 0: the small iterative core (one block per Nr+1 clocks).
  parameter bit AES_PIPELINED = 1'b1,
  // 1: cipher and CMAC engines use the shared datapath on the aes_* ports.
  parameter bit EXT_AES = 1'b0,
  // Side information width of a shared-datapath port (the cipher engine's).
  parameter int unsigned AES_UW = vcrypto_pkg::CIPHER_AES_USER_W
) (
  input  logic          clk_i,
  input  logic          rst_i,
  // ---------------- configuration
  input  logic          cfg_valid_i,
  output logic          cfg_ready_o,
  input  logic [4:0]    cfg_sel_i,        // bit 0 cipher, 1 hash, 2 cmac, 3 gcm, 4 ccm
  input  logic [2:0]    cfg_cipher_mode_i,
  input  logic          cfg_decrypt_i,
  input  logic [255:0]  cfg_key_i,
  input  logic [255:0]  cfg_key2_i,
  input  logic [1:0]    cfg_key_len_i,
  input  logic [127:0]  cfg_iv_i,
  input  logic [31:0]   cfg_iv_len_i,
  input  logic [31:0]   cfg_aad_len_i,
  input  logic [31:0]   cfg_data_len_i,
  input  logic [4:0]    cfg_tag_len_i,
  input  logic [2:0]    cfg_hash_algo_i,
  input  logic          cfg_hmac_i,
  input  logic          cfg_hprep_i,      // compute HMAC states of cfg_akey_i (two results)
  input  logic          cfg_hstate_i,     // cfg_akey_i holds precomputed HMAC states
  input  logic [1023:0] cfg_akey_i,
  input  logic [7:0]    cfg_akey_len_i,
  input  logic [31:0]   cfg_hash_len_i,
  // ---------------- primary input
  input  logic [2:0]    s_sel_i,          // 0 cipher, 1 hash, 2 cmac, 3 gcm, 4 ccm
  input  logic          s_valid_i,
  output logic          s_ready_o,
  input  logic [127:0]  s_data_i,
  input  logic [4:0]    s_bytes_i,
  input  logic [1:0]    s_user_i,
  input  logic          s_last_i,
  // ---------------- hash tap (chaining): any byte count, flush at the end
  input  logic          h_valid_i,
  output logic          h_ready_o,
  input  logic [127:0]  h_data_i,
  input  logic [4:0]    h_bytes_i,
  input  logic          h_flush_i,
  input  logic          h_clear_i,
  // ---------------- data output
  input  logic [2:0]    m_sel_i,
  output logic          m_valid_o,
  input  logic          m_ready_i,
  output logic [127:0]  m_data_o,
  output logic [4:0]    m_bytes_o,
  // ---------------- tag / digest output
  input  logic [2:0]    t_sel_i,
  output logic          t_valid_o,
  input  logic          t_ready_i,
  output logic [511:0]  t_data_o,
  // ---------------- shared AES datapath ports (EXT_AES = 1): 0 cipher, 1 CMAC
  output logic [1:0]          aes_key_valid_o,
  input  logic [1:0]          aes_key_ready_i,
  output logic [2*256-1:0]    aes_key_o,
  output logic [2*2-1:0]      aes_key_len_o,
  output logic [1:0]          aes_in_valid_o,
  input  logic [1:0]          aes_in_ready_i,
  output logic [2*128-1:0]    aes_in_data_o,
  output logic [1:0]          aes_in_decrypt_o,
  output logic [2*AES_UW-1:0] aes_in_user_o,
  input  logic [1:0]          aes_out_valid_i,
  output logic [1:0]          aes_out_ready_o,
  input  logic [2*128-1:0]    aes_out_data_i,
  input  logic [2*AES_UW-1:0] aes_out_user_i
);

`ifndef SYNTHESIS
  if (AES_UW != vcrypto_pkg::CIPHER_AES_USER_W) begin : g_bad_aes_uw
    $error("vcrypto_engines: AES_UW must be vcrypto_pkg::CIPHER_AES_USER_W");
  end
`endif
  localparam logic [2:0] E_CIPHER = 3'd0, E_HASH = 3'd1, E_CMAC = 3'd2, E_GCM = 3'd3, E_CCM = 3'd4;

  logic [4:0] rdy;
  logic       cfg_fire;
  assign cfg_ready_o = &(rdy | ~cfg_sel_i);
  assign cfg_fire    = cfg_valid_i && cfg_ready_o;

  // ---------------- cipher (ECB/CBC/CTR/XTS)
  logic         ci_s_ready, ci_m_valid, ci_m_last, ci_busy;
  logic [127:0] ci_m_data;
  logic [4:0]   ci_m_bytes;
  vcrypto_cipher_engine #(.AES_PIPELINED(AES_PIPELINED), .EXT_AES(EXT_AES)) u_cipher (
    .clk_i, .rst_i,
    .cfg_valid_i(cfg_fire && cfg_sel_i[0]), .cfg_ready_o(rdy[0]),
    .cfg_mode_i(cfg_cipher_mode_i), .cfg_decrypt_i(cfg_decrypt_i), .cfg_key_i(cfg_key_i),
    .cfg_key2_i(cfg_key2_i), .cfg_key_len_i(cfg_key_len_i), .cfg_iv_i(cfg_iv_i),
    .s_axis_tvalid(s_valid_i && s_sel_i == E_CIPHER), .s_axis_tready(ci_s_ready),
    .s_axis_tdata(s_data_i), .s_axis_tbytes(s_bytes_i), .s_axis_tlast(s_last_i),
    .m_axis_tvalid(ci_m_valid), .m_axis_tready(m_ready_i && m_sel_i == E_CIPHER),
    .m_axis_tdata(ci_m_data), .m_axis_tbytes(ci_m_bytes), .m_axis_tlast(ci_m_last),
    .busy_o(ci_busy),
    .aes_key_valid_o(aes_key_valid_o[0]), .aes_key_ready_i(aes_key_ready_i[0]),
    .aes_key_o(aes_key_o[0 +: 256]), .aes_key_len_o(aes_key_len_o[0 +: 2]),
    .aes_in_valid_o(aes_in_valid_o[0]), .aes_in_ready_i(aes_in_ready_i[0]),
    .aes_in_data_o(aes_in_data_o[0 +: 128]), .aes_in_decrypt_o(aes_in_decrypt_o[0]),
    .aes_in_user_o(aes_in_user_o[0 +: AES_UW]),
    .aes_out_valid_i(aes_out_valid_i[0]), .aes_out_ready_o(aes_out_ready_o[0]),
    .aes_out_data_i(aes_out_data_i[0 +: 128]), .aes_out_user_i(aes_out_user_i[0 +: AES_UW])
  );

  // ---------------- hash tap packer + hash engine (SHA / HMAC)
  logic         pk_valid, pk_ready;
  logic [127:0] pk_data;
  logic [4:0]   pk_bytes;
  logic         pk_empty;
  vcrypto_byte_packer u_tap (
    .clk_i, .rst_i, .clear_i(h_clear_i),
    .push_valid_i(h_valid_i), .push_ready_o(h_ready_o), .push_data_i(h_data_i),
    .push_bytes_i(h_bytes_i), .flush_i(h_flush_i),
    .m_valid_o(pk_valid), .m_ready_i(pk_ready), .m_data_o(pk_data), .m_bytes_o(pk_bytes),
    .empty_o(pk_empty)
  );

  logic         hs_valid, hs_ready, h_t_valid, h_busy;
  logic [127:0] hs_data;
  logic [4:0]   hs_bytes;
  logic [511:0] h_digest;
  always_comb begin
    if (s_sel_i == E_HASH) begin
      hs_valid = s_valid_i;
      hs_data  = s_data_i;
      hs_bytes = s_bytes_i;
    end else begin
      hs_valid = pk_valid;
      hs_data  = pk_data;
      hs_bytes = pk_bytes;
    end
  end
  assign pk_ready = hs_ready && (s_sel_i != E_HASH);
  vcrypto_hash_engine u_hash (
    .clk_i, .rst_i,
    .cfg_valid_i(cfg_fire && cfg_sel_i[1]), .cfg_ready_o(rdy[1]),
    .cfg_algo_i(cfg_hash_algo_i), .cfg_hmac_i(cfg_hmac_i), .cfg_key_i(cfg_akey_i),
    .cfg_key_len_i(cfg_akey_len_i), .cfg_msg_len_i(cfg_hash_len_i),
    .cfg_hprep_i(cfg_hprep_i), .cfg_hstate_i(cfg_hstate_i),
    .s_axis_tvalid(hs_valid), .s_axis_tready(hs_ready), .s_axis_tdata(hs_data),
    .s_axis_tbytes(hs_bytes), .s_axis_tuser(2'd2),
    .digest_valid_o(h_t_valid), .digest_ready_i(t_ready_i && t_sel_i == E_HASH),
    .digest_o(h_digest), .busy_o(h_busy)
  );

  // ---------------- CMAC
  logic         cm_s_ready, cm_t_valid, cm_busy;
  logic [127:0] cm_tag;
  vcrypto_cmac_engine #(.EXT_AES(EXT_AES)) u_cmac (
    .clk_i, .rst_i,
    .cfg_valid_i(cfg_fire && cfg_sel_i[2]), .cfg_ready_o(rdy[2]),
    .cfg_key_i(cfg_akey_i[255:0]), .cfg_key_len_i(cfg_key_len_i), .cfg_msg_len_i(cfg_data_len_i),
    .s_axis_tvalid(s_valid_i && s_sel_i == E_CMAC), .s_axis_tready(cm_s_ready),
    .s_axis_tdata(s_data_i), .s_axis_tbytes(s_bytes_i), .s_axis_tuser(s_user_i),
    .tag_valid_o(cm_t_valid), .tag_ready_i(t_ready_i && t_sel_i == E_CMAC), .tag_o(cm_tag),
    .busy_o(cm_busy),
    .aes_key_valid_o(aes_key_valid_o[1]), .aes_key_ready_i(aes_key_ready_i[1]),
    .aes_key_o(aes_key_o[256 +: 256]), .aes_key_len_o(aes_key_len_o[2 +: 2]),
    .aes_in_valid_o(aes_in_valid_o[1]), .aes_in_ready_i(aes_in_ready_i[1]),
    .aes_in_data_o(aes_in_data_o[128 +: 128]),
    .aes_out_valid_i(aes_out_valid_i[1]), .aes_out_data_i(aes_out_data_i[128 +: 128])
  );
  // CMAC encrypts only, carries no side information and always takes its results
  assign aes_in_decrypt_o[1]           = 1'b0;
  assign aes_in_user_o[AES_UW +: AES_UW] = '0;
  assign aes_out_ready_o[1]            = 1'b1;

  // ---------------- GCM
  logic         g_s_ready, g_m_valid, g_t_valid, g_busy;
  logic [127:0] g_m_data, g_tag;
  logic [4:0]   g_m_bytes;
  vcrypto_gcm_engine #(.AES_PIPELINED(AES_PIPELINED)) u_gcm (
    .clk_i, .rst_i,
    .cfg_valid_i(cfg_fire && cfg_sel_i[3]), .cfg_ready_o(rdy[3]),
    .cfg_key_i(cfg_key_i), .cfg_key_len_i(cfg_key_len_i), .cfg_decrypt_i(cfg_decrypt_i),
    .cfg_iv_len_i(cfg_iv_len_i), .cfg_iv_i(cfg_iv_i), .cfg_aad_len_i(cfg_aad_len_i),
    .cfg_data_len_i(cfg_data_len_i),
    .s_axis_tvalid(s_valid_i && s_sel_i == E_GCM), .s_axis_tready(g_s_ready),
    .s_axis_tdata(s_data_i), .s_axis_tbytes(s_bytes_i), .s_axis_tuser(s_user_i),
    .m_axis_tvalid(g_m_valid), .m_axis_tready(m_ready_i && m_sel_i == E_GCM),
    .m_axis_tdata(g_m_data), .m_axis_tbytes(g_m_bytes),
    .tag_valid_o(g_t_valid), .tag_ready_i(t_ready_i && t_sel_i == E_GCM), .tag_o(g_tag),
    .busy_o(g_busy)
  );

  // ---------------- CCM
  logic         c_s_ready, c_m_valid, c_t_valid, c_busy;
  logic [127:0] c_m_data, c_tag;
  logic [4:0]   c_m_bytes;
  vcrypto_ccm_engine u_ccm (
    .clk_i, .rst_i,
    .cfg_valid_i(cfg_fire && cfg_sel_i[4]), .cfg_ready_o(rdy[4]),
    .cfg_key_i(cfg_key_i), .cfg_key_len_i(cfg_key_len_i), .cfg_decrypt_i(cfg_decrypt_i),
    .cfg_nonce_i(cfg_iv_i[103:0]), .cfg_nonce_len_i(cfg_iv_len_i[3:0]),
    .cfg_tag_len_i(cfg_tag_len_i), .cfg_aad_len_i(cfg_aad_len_i),
    .cfg_data_len_i(cfg_data_len_i),
    .s_axis_tvalid(s_valid_i && s_sel_i == E_CCM), .s_axis_tready(c_s_ready),
    .s_axis_tdata(s_data_i), .s_axis_tbytes(s_bytes_i), .s_axis_tuser(s_user_i),
    .m_axis_tvalid(c_m_valid), .m_axis_tready(m_ready_i && m_sel_i == E_CCM),
    .m_axis_tdata(c_m_data), .m_axis_tbytes(c_m_bytes),
    .tag_valid_o(c_t_valid), .tag_ready_i(t_ready_i && t_sel_i == E_CCM), .tag_o(c_tag),
    .busy_o(c_busy)
  );

  // ---------------- steering
  always_comb begin
    case (s_sel_i)
      E_CIPHER: s_ready_o = ci_s_ready;
      E_HASH:   s_ready_o = hs_ready;
      E_CMAC:   s_ready_o = cm_s_ready;
      E_GCM:    s_ready_o = g_s_ready;
      E_CCM:    s_ready_o = c_s_ready;
      default:  s_ready_o = 1'b0;
    endcase
    case (m_sel_i)
      E_GCM:   begin m_valid_o = g_m_valid;  m_data_o = g_m_data;  m_bytes_o = g_m_bytes;  end
      E_CCM:   begin m_valid_o = c_m_valid;  m_data_o = c_m_data;  m_bytes_o = c_m_bytes;  end
      default: begin m_valid_o = ci_m_valid; m_data_o = ci_m_data; m_bytes_o = ci_m_bytes; end
    endcase
    case (t_sel_i)
      E_HASH:  begin t_valid_o = h_t_valid;  t_data_o = h_digest;            end
      E_CMAC:  begin t_valid_o = cm_t_valid; t_data_o = {384'd0, cm_tag};    end
      E_GCM:   begin t_valid_o = g_t_valid;  t_data_o = {384'd0, g_tag};     end
      E_CCM:   begin t_valid_o = c_t_valid;  t_data_o = {384'd0, c_tag};     end
      default: begin t_valid_o = 1'b0;       t_data_o = '0;                  end
    endcase
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_eng;
  assign unused_eng = ^{ci_m_last, ci_busy, h_busy, cm_busy, g_busy, c_busy, pk_empty,
                        cfg_iv_len_i[31:4], aes_out_user_i[AES_UW +: AES_UW]};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
