// vcrypto_cipher_engine: AES-ECB/CBC/CTR encrypt/decrypt over a 128-bit block stream.
//
// A cfg_valid_i/cfg_ready_o handshake starts a message: mode (0 ECB, 1 CBC, 2 CTR; other
// values act as ECB), direction, key (expanded by vcrypto_aes_core, skipped when the key is
// the one already expanded) and IV. Input blocks follow on s_axis_*; the block carrying
// s_axis_tlast ends the message, and once its output has reached m_axis_* the engine takes the
// next cfg. CTR: the IV is the first counter block, incremented as a 128-bit big-endian
// integer (byte 15 least significant); the last block may be partial (s_axis_tbytes < 16) and
// its output bytes past tbytes are zero (the same masking is applied in every mode).
// ECB, CTR and CBC decryption keep two blocks in flight (one block per Nr+1 clocks);
// CBC encryption is serial (Nr+2 clocks per block).
//
// All outputs are registers or decodes of registers only: no combinational path runs from an
// input port to an output port.
module vcrypto_cipher_engine (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         cfg_valid_i,
  output logic         cfg_ready_o,
  input  logic [2:0]   cfg_mode_i,
  input  logic         cfg_decrypt_i,
  input  logic [255:0] cfg_key_i,
  input  logic [1:0]   cfg_key_len_i,
  input  logic [127:0] cfg_iv_i,

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

  output logic         busy_o
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

  // ---------------------------------------------------------------- registers
  state_e        st_q, st_d;
  logic [1:0]    mode_q, mode_d;
  logic          dec_q, dec_d;
  logic [127:0]  chain_q, chain_d;   // CBC chaining value or CTR counter block
  // Per-block side information of the (at most two) blocks inside the core, FIFO order.
  logic [255:0]  fdata_q, fdata_d;   // input block i at [128*i +: 128]
  logic [9:0]    fbytes_q, fbytes_d; // tbytes of entry i at [5*i +: 5]
  logic [1:0]    flast_q, flast_d;
  logic          fwp_q, fwp_d;
  logic          frp_q, frp_d;
  logic [1:0]    fcnt_q, fcnt_d;
  logic          mvalid_q, mvalid_d;
  logic [127:0]  mdata_q, mdata_d;
  logic [4:0]    mbytes_q, mbytes_d;
  logic          mlast_q, mlast_d;
  logic          busy_q, busy_d;

  // ---------------------------------------------------------------- AES core
  logic          core_key_valid;
  logic          core_key_ready;
  logic          core_in_valid;
  logic          core_in_ready;
  logic [127:0]  core_in_data;
  logic          core_in_decrypt;
  logic          core_out_valid;
  logic          core_out_ready;
  logic [127:0]  core_out_data;

  vcrypto_aes_core u_core (
    .clk_i        (clk_i),
    .rst_i        (rst_i),
    .key_valid_i  (core_key_valid),
    .key_ready_o  (core_key_ready),
    .key_i        (cfg_key_i),
    .key_len_i    (cfg_key_len_i),
    .in_valid_i   (core_in_valid),
    .in_ready_o   (core_in_ready),
    .in_data_i    (core_in_data),
    .in_decrypt_i (core_in_decrypt),
    .out_valid_o  (core_out_valid),
    .out_ready_i  (core_out_ready),
    .out_data_o   (core_out_data)
  );

  // ---------------------------------------------------------------- handshakes
  logic cbc_enc;
  logic s_fire;
  logic o_fire;

  assign cbc_enc        = (mode_q == MODE_CBC) && !dec_q;
  assign cfg_ready_o    = (st_q == ST_IDLE) && core_key_ready;
  assign core_key_valid = cfg_valid_i && cfg_ready_o;
  // CBC encryption needs the previous ciphertext: only one block in flight there.
  assign s_axis_tready  = (st_q == ST_RUN) && core_in_ready && (fcnt_q != 2'd2)
                          && !(cbc_enc && fcnt_q != 2'd0);
  assign s_fire         = s_axis_tvalid && s_axis_tready;
  assign core_in_valid  = s_fire;
  assign core_out_ready = !mvalid_q || m_axis_tready;
  assign o_fire         = core_out_valid && core_out_ready;

  always_comb begin
    case (mode_q)
      MODE_CBC: core_in_data = dec_q ? s_axis_tdata : (s_axis_tdata ^ chain_q);
      MODE_CTR: core_in_data = chain_q;
      default:  core_in_data = s_axis_tdata;
    endcase
    core_in_decrypt = (mode_q == MODE_CTR) ? 1'b0 : dec_q;
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

  always_comb begin
    head_data  = frp_q ? fdata_q[255:128] : fdata_q[127:0];
    head_bytes = frp_q ? fbytes_q[9:5] : fbytes_q[4:0];
    head_last  = flast_q[frp_q];
    case (mode_q)
      MODE_CBC: res = dec_q ? (core_out_data ^ chain_q) : core_out_data;
      MODE_CTR: res = core_out_data ^ head_data;
      default:  res = core_out_data;
    endcase
    for (int i = 0; i < 16; i++) begin
      res_masked[8*i +: 8] = (5'(i) < head_bytes) ? res[8*i +: 8] : 8'h00;
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
    fdata_d  = fdata_q;
    fbytes_d = fbytes_q;
    flast_d  = flast_q;
    fwp_d    = fwp_q;
    frp_d    = frp_q;
    fcnt_d   = fcnt_q;
    mvalid_d = mvalid_q;
    mdata_d  = mdata_q;
    mbytes_d = mbytes_q;
    mlast_d  = mlast_q;

    if (core_key_valid) begin
      st_d    = ST_RUN;
      mode_d  = (cfg_mode_i == 3'd1) ? MODE_CBC : (cfg_mode_i == 3'd2) ? MODE_CTR : MODE_ECB;
      dec_d   = cfg_decrypt_i;
      chain_d = cfg_iv_i;
    end

    if (s_fire) begin
      if (fwp_q) begin
        fdata_d[255:128] = s_axis_tdata;
        fbytes_d[9:5]    = s_axis_tbytes;
      end else begin
        fdata_d[127:0]   = s_axis_tdata;
        fbytes_d[4:0]    = s_axis_tbytes;
      end
      flast_d[fwp_q] = s_axis_tlast;
      fwp_d          = !fwp_q;
      if (mode_q == MODE_CTR) chain_d = ctr_next;
      if (s_axis_tlast) st_d = ST_DRAIN;
    end

    if (m_axis_tready) mvalid_d = 1'b0;

    if (o_fire) begin
      frp_d    = !frp_q;
      mvalid_d = 1'b1;
      mdata_d  = res_masked;
      mbytes_d = head_bytes;
      mlast_d  = head_last;
      if (mode_q == MODE_CBC) chain_d = dec_q ? head_data : core_out_data;
      if (head_last) st_d = ST_IDLE;
    end

    case ({s_fire, o_fire})
      2'b10:   fcnt_d = fcnt_q + 2'd1;
      2'b01:   fcnt_d = fcnt_q - 2'd1;
      default: fcnt_d = fcnt_q;
    endcase

    busy_d = (st_d != ST_IDLE) || mvalid_d;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q     <= ST_IDLE;
      mode_q   <= MODE_ECB;
      dec_q    <= 1'b0;
      flast_q  <= 2'b00;
      fwp_q    <= 1'b0;
      frp_q    <= 1'b0;
      fcnt_q   <= 2'd0;
      mvalid_q <= 1'b0;
      mbytes_q <= 5'd0;
      mlast_q  <= 1'b0;
      busy_q   <= 1'b0;
    end else begin
      st_q     <= st_d;
      mode_q   <= mode_d;
      dec_q    <= dec_d;
      flast_q  <= flast_d;
      fwp_q    <= fwp_d;
      frp_q    <= frp_d;
      fcnt_q   <= fcnt_d;
      mvalid_q <= mvalid_d;
      mbytes_q <= mbytes_d;
      mlast_q  <= mlast_d;
      busy_q   <= busy_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    chain_q <= chain_d;
    fdata_q <= fdata_d;
    fbytes_q <= fbytes_d;
    mdata_q <= mdata_d;
  end

  assign m_axis_tvalid = mvalid_q;
  assign m_axis_tdata  = mdata_q;
  assign m_axis_tbytes = mbytes_q;
  assign m_axis_tlast  = mlast_q;
  assign busy_o        = busy_q;

endmodule
