// vcrypto_cipher_engine: AES-ECB/CBC/CTR/XTS encrypt/decrypt over a 128-bit block stream.
//
// A cfg_valid_i/cfg_ready_o handshake starts a message: mode (0 ECB, 1 CBC, 2 CTR, 3 XTS;
// other values act as ECB), direction, key (expanded by vcrypto_aes_core, skipped when the key
// is the one already expanded) and IV. Input blocks follow on s_axis_*; the block carrying
// s_axis_tlast ends the message, and once its output has reached m_axis_* the engine takes the
// next cfg. CTR: the IV is the first counter block, incremented as a 128-bit big-endian
// integer (byte 15 least significant); the last block may be partial (s_axis_tbytes < 16) and
// its output bytes past tbytes are zero (the same masking is applied in every mode).
// The blocks run through vcrypto_aes_stream, which carries each block's side information
// (input block, CBC chaining value or XTS tweak, byte count, tlast) along with it. With
// AES_PIPELINED = 1 (default) ECB, CTR, XTS and CBC decryption stream one block per clock (the
// blocks are independent); CBC encryption is serial: one block in flight, Nr+2 clocks per
// block (interleaving several messages is not done). AES_PIPELINED = 0 keeps the small
// iterative core (two blocks in flight, one block per Nr+1 clocks).
//
// XTS (IEEE 1619): cfg_key_i = key1 (data key), cfg_key2_i = key2 (tweak key), both of
// length cfg_key_len_i; cfg_iv_i = the 16-byte tweak i. T0 = E_key2(i) is computed by a small
// encrypt-only unit (vcrypto_aes_enc_otf, Nr+1 clocks, in parallel with the key1 expansion);
// then per block C = E_key1(P ^ T) ^ T (decryption with the inverse cipher) and T <- T*alpha
// (GF(2^128), byte 0 least significant: shift left by one bit, 0x87 into byte 0 on carry).
// A one-block look-ahead register holds each block until the next beat shows whether that is
// a partial (tbytes < 16) tlast block; in that case ciphertext stealing: the held block is
// processed with T(m-1) (encrypt) or T(m) (decrypt) into X, the partial block padded with the
// tail of X is processed with the other tweak, and the output is that full block followed by
// the first tbytes bytes of X (so output byte counts equal input byte counts). XTS keeps two
// blocks in flight like ECB (Nr+1 clocks per block); stealing adds one serial block at the
// end. At least 16 bytes are expected; a lone partial block is simply processed like a full
// one and its output masked.
//
// EXT_AES = 1 (processing lanes sharing one datapath): the engine has no AES datapath of its
// own; the aes_* ports are its port of a shared vcrypto_aes_stream (same handshakes), so CBC
// encryption blocks of several lanes' requests interleave in one pipeline.
//
// All outputs are registers or decodes of registers only: no combinational path runs from an
// input port to an output port (EXT_AES = 0).
module vcrypto_cipher_engine #(
  // 1: pipelined AES datapath (one block per clock); 0: iterative core (small FPGA builds).
  parameter bit AES_PIPELINED = 1'b1,
  // 1: use the external datapath on the aes_* ports; 0: own vcrypto_aes_stream.
  parameter bit EXT_AES = 1'b0
) (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         cfg_valid_i,
  output logic         cfg_ready_o,
  input  logic [2:0]   cfg_mode_i,
  input  logic         cfg_decrypt_i,
  input  logic [255:0] cfg_key_i,
  input  logic [1:0]   cfg_key_len_i,
  input  logic [127:0] cfg_iv_i,
  input  logic [255:0] cfg_key2_i,

  input  logic         s_axis_tvalid,
  output logic         s_axis_tready,
  input  logic [127:0] s_axis_tdata,
  input  logic [4:0]   s_axis_tbytes,
  input  logic         s_axis_tlast,

  output logic         m_axis_tvalid,
  input  logic         m_axis_tready,
  output logic [127:0] m_axis_tdata,
  output logic [4:0]   m_axis_tbytes,
  output logic         m_axis_tlast,

  output logic         busy_o,

  // ---------------- external AES datapath (EXT_AES = 1; outputs zero otherwise)
  output logic         aes_key_valid_o,
  input  logic         aes_key_ready_i,
  output logic [255:0] aes_key_o,
  output logic [1:0]   aes_key_len_o,
  output logic         aes_in_valid_o,
  input  logic         aes_in_ready_i,
  output logic [127:0] aes_in_data_o,
  output logic         aes_in_decrypt_o,
  output logic [vcrypto_pkg::CIPHER_AES_USER_W-1:0] aes_in_user_o,
  input  logic         aes_out_valid_i,
  output logic         aes_out_ready_o,
  input  logic [127:0] aes_out_data_i,
  input  logic [vcrypto_pkg::CIPHER_AES_USER_W-1:0] aes_out_user_i
);

  typedef enum logic [1:0] {
    ST_IDLE  = 2'd0,  // waiting for cfg
    ST_RUN   = 2'd1,  // accepting input blocks
    ST_DRAIN = 2'd2   // tlast accepted, waiting for the remaining outputs
  } state_e;

  // Internal mode code: electronic codebook (also any unknown cfg_mode_i).
  localparam logic [1:0] MODE_ECB = 2'd0;
  // Internal mode code: cipher block chaining.
  localparam logic [1:0] MODE_CBC = 2'd1;
  // Internal mode code: counter mode.
  localparam logic [1:0] MODE_CTR = 2'd2;
  // Internal mode code: XEX-based tweaked codebook with ciphertext stealing.
  localparam logic [1:0] MODE_XTS = 2'd3;

  // ---------------------------------------------------------------- registers
  state_e        st_q, st_d;
  logic [1:0]    mode_q, mode_d;
  logic          dec_q, dec_d;
  logic [127:0]  chain_q, chain_d;   // CBC chaining value or CTR counter block
  logic [4:0]    fcnt_q, fcnt_d;     // blocks inside the AES datapath (at most 16)
  logic          mvalid_q, mvalid_d;
  logic [127:0]  mdata_q, mdata_d;
  logic [4:0]    mbytes_q, mbytes_d;
  logic          mlast_q, mlast_d;
  logic          busy_q, busy_d;
  // XTS registers
  logic [127:0]  tw_q, tw_d;         // tweak of the next block to issue
  logic          twok_q, twok_d;     // T0 has arrived from the tweak unit
  logic          pv_q, pv_d;         // look-ahead block held
  logic [127:0]  pdata_q, pdata_d;
  logic [4:0]    pbytes_q, pbytes_d;
  logic          plast_q, plast_d;
  logic [127:0]  sdata_q, sdata_d;   // the partial last block waiting for X
  logic [4:0]    sbytes_q, sbytes_d;
  logic          cp_q, cp_d;         // the padded stealing block is in the core
  logic          tailv_q, tailv_d;   // the final partial output (head of X) is pending
  logic [127:0]  tail_q, tail_d;
  logic [4:0]    tailb_q, tailb_d;

  // ---------------------------------------------------------------- AES datapath
  // Side information of a block: {data (input block, CBC-decrypt chaining value or XTS
  // tweak), tbytes, tlast, XTS stolen-from block X (held back, not output)}.
  localparam int unsigned UW = vcrypto_pkg::CIPHER_AES_USER_W;

  logic          core_key_valid;
  logic          core_key_ready;
  logic          core_in_valid;
  logic          core_in_ready;
  logic [127:0]  core_in_data;
  logic          core_in_decrypt;
  logic [UW-1:0] core_in_user;
  logic          core_out_valid;
  logic          core_out_ready;
  logic [127:0]  core_out_data;
  logic [UW-1:0] core_out_user;

  if (EXT_AES) begin : g_ext_aes
    assign aes_key_valid_o  = core_key_valid;
    assign core_key_ready   = aes_key_ready_i;
    assign aes_key_o        = cfg_key_i;
    assign aes_key_len_o    = cfg_key_len_i;
    assign aes_in_valid_o   = core_in_valid;
    assign core_in_ready    = aes_in_ready_i;
    assign aes_in_data_o    = core_in_data;
    assign aes_in_decrypt_o = core_in_decrypt;
    assign aes_in_user_o    = core_in_user;
    assign core_out_valid   = aes_out_valid_i;
    assign aes_out_ready_o  = core_out_ready;
    assign core_out_data    = aes_out_data_i;
    assign core_out_user    = aes_out_user_i;
  end else begin : g_own_aes
    vcrypto_aes_stream #(
      .PIPELINED (AES_PIPELINED),
      .DECRYPT   (1'b1),
      .USER_W    (UW)
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
      .in_decrypt_i (core_in_decrypt),
      .in_user_i    (core_in_user),
      .out_valid_o  (core_out_valid),
      .out_ready_i  (core_out_ready),
      .out_data_o   (core_out_data),
      .out_user_o   (core_out_user)
    );
    assign aes_key_valid_o  = 1'b0;
    assign aes_key_o        = '0;
    assign aes_key_len_o    = '0;
    assign aes_in_valid_o   = 1'b0;
    assign aes_in_data_o    = '0;
    assign aes_in_decrypt_o = 1'b0;
    assign aes_in_user_o    = '0;
    assign aes_out_ready_o  = 1'b0;
    // the external datapath's inputs are not used by an engine with its own
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_ext;
    assign unused_ext = ^{aes_key_ready_i, aes_in_ready_i, aes_out_valid_i, aes_out_data_i,
                          aes_out_user_i};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  // ---------------------------------------------------------------- XTS tweak unit
  logic          tw_start;
  logic          tw_done;
  logic [127:0]  tw_out;
  logic          tw_busy_unused;

  assign tw_start = core_key_valid && (cfg_mode_i == 3'd3);

  vcrypto_aes_enc_otf u_tweak (
    .clk_i      (clk_i),
    .rst_i      (rst_i),
    .start_i    (tw_start),
    .key_i      (cfg_key2_i),
    .key_len_i  (cfg_key_len_i),
    .in_data_i  (cfg_iv_i),
    .busy_o     (tw_busy_unused),
    .done_o     (tw_done),
    .out_data_o (tw_out)
  );

  // ---------------------------------------------------------------- handshakes
  logic cbc_enc;
  logic xts;
  logic s_fire;
  logic o_fire;
  logic issue_ok;     // the AES datapath takes a block this clock
  logic head_steal;   // the core output is X (XTS stealing), not an output block
  logic x_pop;        // X leaves the core; the padded block enters it in the same clock
  logic p_issue;      // the look-ahead block enters the core
  logic steal_now;    // a partial tlast beat arrives behind a held block
  logic push;         // a block enters the core (FIFO push)
  logic [127:0] tw_alpha;
  logic [127:0] tw_use;
  logic [127:0] cp_blk;

  assign cbc_enc        = (mode_q == MODE_CBC) && !dec_q;
  assign xts            = (mode_q == MODE_XTS);
  assign cfg_ready_o    = (st_q == ST_IDLE) && core_key_ready;
  assign core_key_valid = cfg_valid_i && cfg_ready_o;
  assign issue_ok       = core_in_ready;
  // CBC encryption needs the previous ciphertext: only one block in flight there.
  // XTS: a beat is taken when the look-ahead register is free or its block can enter the core.
  assign s_axis_tready  = xts ? ((st_q == ST_RUN) && twok_q && (!pv_q || (issue_ok && !plast_q)))
                              : ((st_q == ST_RUN) && core_in_ready
                                 && !(cbc_enc && fcnt_q != 5'd0));
  assign s_fire         = s_axis_tvalid && s_axis_tready;
  assign head_steal     = xts && core_out_user[0];
  assign core_out_ready = head_steal ? core_in_ready : (!mvalid_q || m_axis_tready);
  assign o_fire         = core_out_valid && core_out_ready;
  assign x_pop          = o_fire && head_steal;
  assign steal_now      = xts && s_fire && pv_q && s_axis_tlast && (s_axis_tbytes < 5'd16);
  assign p_issue        = xts && pv_q && (s_fire || (plast_q && issue_ok));
  assign push           = xts ? (p_issue || x_pop) : s_fire;
  assign core_in_valid  = push;
  // T * alpha; the 128-bit value is the little-endian integer of the tweak bytes
  assign tw_alpha       = {tw_q[126:0], 1'b0} ^ {120'd0, tw_q[127] ? 8'h87 : 8'h00};
  // Decrypt-side stealing: the last full block uses T(m), the padded block T(m-1).
  assign tw_use         = (steal_now && dec_q) ? tw_alpha : tw_q;

  always_comb begin
    case (mode_q)
      MODE_CBC: core_in_data = dec_q ? s_axis_tdata : (s_axis_tdata ^ chain_q);
      MODE_CTR: core_in_data = chain_q;
      MODE_XTS: core_in_data = x_pop ? (cp_blk ^ tw_q) : (pdata_q ^ tw_use);
      default:  core_in_data = s_axis_tdata;
    endcase
    core_in_decrypt = (mode_q == MODE_CTR) ? 1'b0 : dec_q;
    // side information: the tweak the block was made with (XTS), the previous ciphertext
    // (CBC decryption) or the input block (CTR keystream xor)
    if (xts) begin
      core_in_user = {x_pop ? tw_q : tw_use, x_pop ? 5'd16 : pbytes_q, !x_pop && plast_q,
                      !x_pop && steal_now};
    end else begin
      core_in_user = {(mode_q == MODE_CBC && dec_q) ? chain_q : s_axis_tdata, s_axis_tbytes,
                      s_axis_tlast, 1'b0};
    end
  end

  // ---------------------------------------------------------------- output computation
  logic [127:0] head_data;
  logic [4:0]   head_bytes;
  logic         head_last;
  logic [127:0] res;
  logic [127:0] res_masked;
  logic [127:0] ctr_be;
  logic [127:0] ctr_be_inc;
  logic [127:0] ctr_next;
  logic [127:0] tail_mask;

  always_comb begin
    head_data  = core_out_user[UW-1 -: 128];
    head_bytes = core_out_user[6:2];
    head_last  = core_out_user[1];
    case (mode_q)
      MODE_CBC: res = dec_q ? (core_out_data ^ head_data) : core_out_data;
      MODE_CTR: res = core_out_data ^ head_data;
      MODE_XTS: res = core_out_data ^ head_data;
      default:  res = core_out_data;
    endcase
    for (int i = 0; i < 16; i++) begin
      res_masked[8*i +: 8] = (5'(i) < head_bytes) ? res[8*i +: 8] : 8'h00;
    end
    // XTS stealing: padded block = partial input bytes, then the tail of X; the final
    // output = the head of X.
    for (int i = 0; i < 16; i++) begin
      cp_blk[8*i +: 8]   = (5'(i) < sbytes_q) ? sdata_q[8*i +: 8] : res[8*i +: 8];
      tail_mask[8*i +: 8] = (5'(i) < sbytes_q) ? res[8*i +: 8] : 8'h00;
    end
    // CTR increment: byte 15 is the least significant byte of a big-endian counter
    for (int i = 0; i < 16; i++) begin
      ctr_be[8*i +: 8] = chain_q[8*(15-i) +: 8];
    end
    ctr_be_inc = ctr_be + 128'd1;
    for (int i = 0; i < 16; i++) begin
      ctr_next[8*i +: 8] = ctr_be_inc[8*(15-i) +: 8];
    end
  end

  // ---------------------------------------------------------------- next state
  always_comb begin
    st_d     = st_q;
    mode_d   = mode_q;
    dec_d    = dec_q;
    chain_d  = chain_q;
    fcnt_d   = fcnt_q;
    mvalid_d = mvalid_q;
    mdata_d  = mdata_q;
    mbytes_d = mbytes_q;
    mlast_d  = mlast_q;
    tw_d     = tw_q;
    twok_d   = twok_q;
    pv_d     = pv_q;
    pdata_d  = pdata_q;
    pbytes_d = pbytes_q;
    plast_d  = plast_q;
    sdata_d  = sdata_q;
    sbytes_d = sbytes_q;
    cp_d     = cp_q;
    tailv_d  = tailv_q;
    tail_d   = tail_q;
    tailb_d  = tailb_q;

    if (core_key_valid) begin
      st_d    = ST_RUN;
      mode_d  = (cfg_mode_i == 3'd1) ? MODE_CBC : (cfg_mode_i == 3'd2) ? MODE_CTR :
                (cfg_mode_i == 3'd3) ? MODE_XTS : MODE_ECB;
      dec_d   = cfg_decrypt_i;
      chain_d = cfg_iv_i;
      twok_d  = 1'b0;
      pv_d    = 1'b0;
      cp_d    = 1'b0;
      tailv_d = 1'b0;
    end

    if (tw_done) begin
      tw_d   = tw_out;
      twok_d = 1'b1;
    end

    if (s_fire) begin
      if (mode_q == MODE_CTR) chain_d = ctr_next;
      if (mode_q == MODE_CBC && dec_q) chain_d = s_axis_tdata;
      if (s_axis_tlast) st_d = ST_DRAIN;
      if (xts) begin
        if (steal_now) begin
          sdata_d  = s_axis_tdata;
          sbytes_d = s_axis_tbytes;
          pv_d     = 1'b0;
        end else begin
          pdata_d  = s_axis_tdata;
          pbytes_d = s_axis_tbytes;
          plast_d  = s_axis_tlast;
          pv_d     = 1'b1;
        end
      end
    end else if (p_issue) begin
      pv_d = 1'b0;
    end

    if (p_issue) begin
      // decrypt-side stealing keeps T(m-1) for the padded block
      tw_d = (steal_now && dec_q) ? tw_q : tw_alpha;
    end

    if (m_axis_tready) mvalid_d = 1'b0;

    if (x_pop) begin
      cp_d    = 1'b1;
      tail_d  = tail_mask;
      tailb_d = sbytes_q;
    end else if (o_fire) begin
      mvalid_d = 1'b1;
      mdata_d  = res_masked;
      mbytes_d = head_bytes;
      mlast_d  = head_last;
      if (mode_q == MODE_CBC && !dec_q) chain_d = core_out_data;
      if (head_last) st_d = ST_IDLE;
      if (cp_q) begin
        cp_d    = 1'b0;
        tailv_d = 1'b1;
      end
    end else if (tailv_q && (!mvalid_q || m_axis_tready)) begin
      // the last output of a stolen message: the head of X
      tailv_d  = 1'b0;
      mvalid_d = 1'b1;
      mdata_d  = tail_q;
      mbytes_d = tailb_q;
      mlast_d  = 1'b1;
      st_d     = ST_IDLE;
    end

    case ({push, o_fire})
      2'b10:   fcnt_d = fcnt_q + 5'd1;
      2'b01:   fcnt_d = fcnt_q - 5'd1;
      default: fcnt_d = fcnt_q;
    endcase

    busy_d = (st_d != ST_IDLE) || mvalid_d;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q     <= ST_IDLE;
      mode_q   <= MODE_ECB;
      dec_q    <= 1'b0;
      fcnt_q   <= 5'd0;
      mvalid_q <= 1'b0;
      mbytes_q <= 5'd0;
      mlast_q  <= 1'b0;
      busy_q   <= 1'b0;
      twok_q   <= 1'b0;
      pv_q     <= 1'b0;
      plast_q  <= 1'b0;
      pbytes_q <= 5'd0;
      sbytes_q <= 5'd0;
      cp_q     <= 1'b0;
      tailv_q  <= 1'b0;
      tailb_q  <= 5'd0;
    end else begin
      st_q     <= st_d;
      mode_q   <= mode_d;
      dec_q    <= dec_d;
      fcnt_q   <= fcnt_d;
      mvalid_q <= mvalid_d;
      mbytes_q <= mbytes_d;
      mlast_q  <= mlast_d;
      busy_q   <= busy_d;
      twok_q   <= twok_d;
      pv_q     <= pv_d;
      plast_q  <= plast_d;
      pbytes_q <= pbytes_d;
      sbytes_q <= sbytes_d;
      cp_q     <= cp_d;
      tailv_q  <= tailv_d;
      tailb_q  <= tailb_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    chain_q <= chain_d;
    mdata_q <= mdata_d;
    tw_q    <= tw_d;
    pdata_q <= pdata_d;
    sdata_q <= sdata_d;
    tail_q  <= tail_d;
  end

  assign m_axis_tvalid = mvalid_q;
  assign m_axis_tdata  = mdata_q;
  assign m_axis_tbytes = mbytes_q;
  assign m_axis_tlast  = mlast_q;
  assign busy_o        = busy_q;

endmodule
