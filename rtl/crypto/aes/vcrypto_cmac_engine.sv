// vcrypto_cmac_engine: AES-CMAC (NIST SP 800-38B, RFC 4493) with AES-128/192/256 keys.
//
// A cfg_valid_i/cfg_ready_o handshake starts a message: key (cfg_key_len_i 0: 128, 1: 192,
// 2: 256; expanded by vcrypto_aes_core, skipped when it is the key already expanded) and the
// message length cfg_msg_len_i in bytes (any value, 0 included). The message follows on
// s_axis_* as ceil(len/16) beats, 16 bytes each but the last (byte i at [8i+7:8i]); the byte
// count is taken from the length, so s_axis_tbytes and s_axis_tuser (always 2, data) are
// not needed. The 16-byte tag appears on tag_o (tag byte 0 at [7:0]) with tag_valid_o until
// tag_ready_i takes it; then the engine is idle again (cfg_ready_o).
//
// Schedule: L = E_K(0) is the first block through the core; the CBC-MAC chain starts behind
// it (only the last block needs the subkeys K1 = dbl(L), K2 = dbl(K1)). Each block enters the
// core in the clock its predecessor's result leaves it, so a block costs Nr+1 clocks
// (11/13/15); a message costs about (blocks + 1) * (Nr+1) clocks plus the key expansion when
// the key changed.
//
// EXT_AES = 1 (processing lanes sharing one datapath): the engine has no AES core of its own;
// the aes_* ports are its port of a shared vcrypto_aes_stream (encrypt only, results always
// taken), so the CBC-MAC chains of several lanes' requests interleave in one pipeline.
//
// All outputs are registers or decodes of registers only (EXT_AES = 0).
module vcrypto_cmac_engine #(
  // 1: use the external datapath on the aes_* ports; 0: own iterative vcrypto_aes_core.
  parameter bit EXT_AES = 1'b0
) (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         cfg_valid_i,
  output logic         cfg_ready_o,
  input  logic [255:0] cfg_key_i,
  input  logic [1:0]   cfg_key_len_i,
  input  logic [31:0]  cfg_msg_len_i,

  input  logic         s_axis_tvalid,
  output logic         s_axis_tready,
  input  logic [127:0] s_axis_tdata,
  // Not needed: the byte count follows from cfg_msg_len_i and there is only the data phase.
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [4:0]   s_axis_tbytes,
  input  logic [1:0]   s_axis_tuser,
  /* verilator lint_on UNUSEDSIGNAL */

  output logic         tag_valid_o,
  input  logic         tag_ready_i,
  output logic [127:0] tag_o,

  output logic         busy_o,

  // ---------------- external AES datapath (EXT_AES = 1; outputs zero otherwise)
  output logic         aes_key_valid_o,
  input  logic         aes_key_ready_i,
  output logic [255:0] aes_key_o,
  output logic [1:0]   aes_key_len_o,
  output logic         aes_in_valid_o,
  input  logic         aes_in_ready_i,
  output logic [127:0] aes_in_data_o,
  input  logic         aes_out_valid_i,
  input  logic [127:0] aes_out_data_i
);

  typedef enum logic [1:0] {
    ST_IDLE = 2'd0,  // waiting for cfg
    ST_RUN  = 2'd1,  // L and the message blocks
    ST_WAIT = 2'd2,  // the last block is in the core
    ST_TAG  = 2'd3   // tag_o valid
  } state_e;

  // ---------------------------------------------------------------- registers
  state_e        st_q, st_d;
  logic [31:0]   rem_q, rem_d;       // message bytes not yet taken
  logic          liss_q, liss_d;     // E_K(0) has entered the core
  logic          lpend_q, lpend_d;   // E_K(0) is in the core (its result comes out first)
  logic          lok_q, lok_d;       // L is in l_q
  logic [127:0]  l_q, l_d;
  logic          cv_q, cv_d;         // a chain block is in the core
  logic [127:0]  chain_q, chain_d;   // chaining value when no chain block is in the core
  logic [127:0]  tag_q, tag_d;

  // ---------------------------------------------------------------- AES core
  logic          core_key_valid;
  logic          core_key_ready;
  logic          core_in_valid;
  logic          core_in_ready;
  logic [127:0]  core_in_data;
  logic          core_out_valid;
  logic [127:0]  core_out_data;

  if (EXT_AES) begin : g_ext_aes
    assign aes_key_valid_o = core_key_valid;
    assign core_key_ready  = aes_key_ready_i;
    assign aes_key_o       = cfg_key_i;
    assign aes_key_len_o   = cfg_key_len_i;
    assign aes_in_valid_o  = core_in_valid;
    assign core_in_ready   = aes_in_ready_i;
    assign aes_in_data_o   = core_in_data;
    assign core_out_valid  = aes_out_valid_i;
    assign core_out_data   = aes_out_data_i;
  end else begin : g_own_aes
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
      .in_decrypt_i (1'b0),
      .out_valid_o  (core_out_valid),
      .out_ready_i  (1'b1),
      .out_data_o   (core_out_data)
    );
    assign aes_key_valid_o = 1'b0;
    assign aes_key_o       = '0;
    assign aes_key_len_o   = '0;
    assign aes_in_valid_o  = 1'b0;
    assign aes_in_data_o   = '0;
    // the external datapath's inputs are not used by an engine with its own core
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_ext;
    assign unused_ext = ^{aes_key_ready_i, aes_in_ready_i, aes_out_valid_i, aes_out_data_i};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  // ---------------------------------------------------------------- subkeys
  // dbl() works on the block as a big-endian 128-bit string: byte 0 is the most significant.
  logic [127:0] l_be, k1_be, k2_be, k1, k2;

  always_comb begin
    for (int i = 0; i < 16; i++) l_be[8*i +: 8] = l_q[8*(15-i) +: 8];
    k1_be = {l_be[126:0], 1'b0} ^ {120'd0, l_be[127] ? 8'h87 : 8'h00};
    k2_be = {k1_be[126:0], 1'b0} ^ {120'd0, k1_be[127] ? 8'h87 : 8'h00};
    for (int i = 0; i < 16; i++) begin
      k1[8*i +: 8] = k1_be[8*(15-i) +: 8];
      k2[8*i +: 8] = k2_be[8*(15-i) +: 8];
    end
  end

  // ---------------------------------------------------------------- handshakes
  logic         l_issue;      // E_K(0) enters the core
  logic         chain_pop;    // a chain result leaves the core
  logic         chain_ok;     // the chaining value is available this clock
  logic [127:0] chain_val;
  logic         beat_last;    // the beat on offer is the message's last
  logic         s_fire;
  logic         z_issue;      // empty message: the padded empty block enters the core
  logic         blk_last;     // the block entering the core is the last one
  logic [4:0]   last_n;       // valid bytes of the last block (0..16)
  logic [127:0] blk;

  assign cfg_ready_o    = (st_q == ST_IDLE) && core_key_ready;
  assign core_key_valid = cfg_valid_i && cfg_ready_o;
  assign l_issue        = (st_q == ST_RUN) && !liss_q && core_in_ready;
  // core results come out in order: L first, then the chain blocks
  assign chain_pop      = core_out_valid && !lpend_q;
  assign chain_ok       = !cv_q || chain_pop;
  assign chain_val      = cv_q ? core_out_data : chain_q;
  assign beat_last      = (rem_q <= 32'd16);
  assign s_axis_tready  = (st_q == ST_RUN) && liss_q && (rem_q != 32'd0) && core_in_ready
                          && chain_ok && (!beat_last || lok_q);
  assign s_fire         = s_axis_tvalid && s_axis_tready;
  assign z_issue        = (st_q == ST_RUN) && liss_q && (rem_q == 32'd0) && core_in_ready
                          && chain_ok && lok_q;
  assign blk_last       = z_issue || beat_last;
  assign last_n         = z_issue ? 5'd0 : rem_q[4:0];

  always_comb begin
    // last block: complete -> M ^ K1; partial (or empty) -> (M || 10*) ^ K2
    blk = s_axis_tdata;
    if (blk_last) begin
      if (!z_issue && rem_q == 32'd16) begin
        blk = s_axis_tdata ^ k1;
      end else begin
        for (int i = 0; i < 16; i++) begin
          if (5'(i) < last_n)       blk[8*i +: 8] = s_axis_tdata[8*i +: 8];
          else if (5'(i) == last_n) blk[8*i +: 8] = 8'h80;
          else                      blk[8*i +: 8] = 8'h00;
        end
        blk = blk ^ k2;
      end
    end
    core_in_valid = l_issue || s_fire || z_issue;
    core_in_data  = l_issue ? 128'd0 : (chain_val ^ blk);
  end

  // ---------------------------------------------------------------- next state
  always_comb begin
    st_d    = st_q;
    rem_d   = rem_q;
    liss_d  = liss_q;
    lpend_d = lpend_q;
    lok_d   = lok_q;
    l_d     = l_q;
    cv_d    = cv_q;
    chain_d = chain_q;
    tag_d   = tag_q;

    if (core_key_valid) begin
      st_d    = ST_RUN;
      rem_d   = cfg_msg_len_i;
      liss_d  = 1'b0;
      lpend_d = 1'b0;
      lok_d   = 1'b0;
      cv_d    = 1'b0;
      chain_d = '0;
    end

    if (l_issue) begin
      liss_d  = 1'b1;
      lpend_d = 1'b1;
    end

    if (core_out_valid && lpend_q) begin
      lpend_d = 1'b0;
      lok_d   = 1'b1;
      l_d     = core_out_data;
    end

    if (chain_pop) begin
      cv_d    = 1'b0;
      chain_d = core_out_data;
      if (st_q == ST_WAIT) begin
        tag_d = core_out_data;
        st_d  = ST_TAG;
      end
    end

    if (s_fire || z_issue) begin
      cv_d = 1'b1;
      if (blk_last) begin
        rem_d = 32'd0;
        st_d  = ST_WAIT;
      end else begin
        rem_d = rem_q - 32'd16;
      end
    end

    if (st_q == ST_TAG && tag_ready_i) st_d = ST_IDLE;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q    <= ST_IDLE;
      rem_q   <= 32'd0;
      liss_q  <= 1'b0;
      lpend_q <= 1'b0;
      lok_q   <= 1'b0;
      cv_q    <= 1'b0;
    end else begin
      st_q    <= st_d;
      rem_q   <= rem_d;
      liss_q  <= liss_d;
      lpend_q <= lpend_d;
      lok_q   <= lok_d;
      cv_q    <= cv_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    l_q     <= l_d;
    chain_q <= chain_d;
    tag_q   <= tag_d;
  end

  assign tag_valid_o = (st_q == ST_TAG);
  assign tag_o       = tag_q;
  assign busy_o      = (st_q != ST_IDLE);

endmodule
