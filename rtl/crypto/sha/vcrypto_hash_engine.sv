// vcrypto_hash_engine: SHA-1/224/256/384/512 and HMAC (RFC 2104) over a 128-bit byte stream.
//
// A cfg_valid_i/cfg_ready_o handshake starts a message: cfg_algo_i (0 SHA-1, 1 SHA-224,
// 2 SHA-256, 3 SHA-384, 4 SHA-512; other values act as SHA-256), cfg_hmac_i, the key
// (cfg_key_i, byte 0 at [7:0], cfg_key_len_i bytes 0..128; larger values act as 128) and
// cfg_msg_len_i. Exactly cfg_msg_len_i bytes then arrive on s_axis_* (16 per beat, the last
// beat 1..16; none for an empty message); the engine counts bytes itself, so s_axis_tbytes and
// s_axis_tuser (always 2, data) are not needed. Padding (FIPS 180-4 5.1) is done here. The
// digest appears on digest_o (byte 0 of the big-endian digest at [7:0], 20/28/32/48/64 bytes,
// the upper bytes zero) with digest_valid_o until digest_ready_i; then cfg_ready_o rises again.
//
// HMAC: a key longer than the block (B = 64 bytes for SHA-1/224/256, 128 for SHA-384/512) is
// hashed first (pass KEY) and K0 is its digest; otherwise K0 is the key. Pass INNER hashes
// (K0 ^ ipad) || message, pass OUTER hashes (K0 ^ opad) || inner digest. Each pass is a stream
// of blocks built in one 128-byte buffer: optional prefix block, body bytes (message stream,
// or the key / inner digest from a register), then the padding. The buffer is handed to
// vcrypto_sha_core, which copies it, so the next block is filled while the previous one is
// compressed: 65 clocks per 64-byte SHA-256 block, 81 per SHA-1 or SHA-512 block.
//
// Precomputed HMAC states (per-session caching, D15): the chaining state right after the
// K0 ^ ipad block (inner state) and after the K0 ^ opad block (outer state) depend on the key
// only. With cfg_hprep_i (and cfg_hmac_i) the engine computes them from the key and returns
// them as two results on digest_o, no message: the inner state, then the outer state, each in
// the core's internal form (eight 64-bit words, word i at [64i+63:64i], 32-bit words in the low
// half; SHA-1 words 5..7 zero). cfg_msg_len_i is ignored then. With cfg_hstate_i (and
// cfg_hmac_i) cfg_key_i holds {outer state, inner state} in that form instead of a key
// (cfg_key_len_i ignored): both passes skip their prefix block and start from the given state
// (the length field still counts the B prefix bytes), so a message costs its own blocks plus
// one outer block.
//
// All outputs are registers or decodes of registers.
module vcrypto_hash_engine (
  input  logic          clk_i,
  input  logic          rst_i,

  input  logic          cfg_valid_i,
  output logic          cfg_ready_o,
  input  logic [2:0]    cfg_algo_i,
  input  logic          cfg_hmac_i,
  input  logic [1023:0] cfg_key_i,
  input  logic [7:0]    cfg_key_len_i,
  input  logic [31:0]   cfg_msg_len_i,
  // compute the HMAC inner / outer states of the key (two results, no message)
  input  logic          cfg_hprep_i,
  // cfg_key_i holds precomputed {outer, inner} HMAC states instead of the key
  input  logic          cfg_hstate_i,

  input  logic          s_axis_tvalid,
  output logic          s_axis_tready,
  input  logic [127:0]  s_axis_tdata,
  /* verilator lint_off UNUSED */
  // the engine derives beat sizes from cfg_msg_len_i; the only phase is data
  input  logic [4:0]    s_axis_tbytes,
  input  logic [1:0]    s_axis_tuser,
  /* verilator lint_on UNUSED */

  output logic          digest_valid_o,
  input  logic          digest_ready_i,
  output logic [511:0]  digest_o,

  output logic          busy_o
);

  // Core mode: SHA-1.
  localparam logic [1:0] M_SHA1   = 2'd0;
  // Core mode: SHA-256 / SHA-224.
  localparam logic [1:0] M_SHA256 = 2'd1;
  // Core mode: SHA-512 / SHA-384.
  localparam logic [1:0] M_SHA512 = 2'd2;

  // Pass: hash of a key longer than the block.
  localparam logic [1:0] P_KEY    = 2'd0;
  // Pass: the message (HMAC: behind K0 ^ ipad).
  localparam logic [1:0] P_INNER  = 2'd1;
  // Pass: HMAC outer hash over K0 ^ opad and the inner digest.
  localparam logic [1:0] P_OUTER  = 2'd2;

  typedef enum logic [2:0] {
    S_IDLE   = 3'd0,  // waiting for cfg
    S_PREFIX = 3'd1,  // build the K0 ^ pad block
    S_BODY   = 3'd2,  // body bytes into the buffer
    S_PAD    = 3'd3,  // 0x80 byte (and the length when it fits)
    S_LEN    = 3'd4,  // extra block with only the length
    S_WAIT   = 3'd5,  // last block of the pass handed over; wait for the core
    S_OUT    = 3'd6   // digest_valid_o
  } st_e;

  // ---------------------------------------------------------------- registers
  st_e            st_q, st_d;
  logic [1:0]     pass_q, pass_d;
  logic [2:0]     algo_q, algo_d;     // normalised 0..4
  logic           hmac_q, hmac_d;
  logic [31:0]    msg_len_q, msg_len_d;
  logic [1023:0]  k0_q, k0_d;         // masked key, then K0 (key digest) for long keys
  logic [1023:0]  buf_q, buf_d;       // block buffer, byte order
  logic [7:0]     cnt_q, cnt_d;       // bytes in the buffer
  logic           full_q, full_d;     // buffer holds a block for the core
  logic           first_q, first_d;   // the next block starts the pass (core init)
  logic [31:0]    rem_q, rem_d;       // body bytes still to come
  logic [32:0]    tot_q, tot_d;       // bytes hashed in this pass (length field)
  logic [2:0]     bidx_q, bidx_d;     // body beat index (register sources)
  logic [511:0]   dig_q, dig_d;       // inner digest, then the result
  logic           prep_q, prep_d;     // computing HMAC states (cfg_hprep_i)
  logic           pre_q, pre_d;       // k0_q holds {outer, inner} states (cfg_hstate_i)

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q      <= S_IDLE;
      pass_q    <= P_INNER;
      algo_q    <= 3'd2;
      hmac_q    <= 1'b0;
      msg_len_q <= '0;
      k0_q      <= '0;
      buf_q     <= '0;
      cnt_q     <= '0;
      full_q    <= 1'b0;
      first_q   <= 1'b0;
      rem_q     <= '0;
      tot_q     <= '0;
      bidx_q    <= '0;
      dig_q     <= '0;
      prep_q    <= 1'b0;
      pre_q     <= 1'b0;
    end else begin
      st_q      <= st_d;
      pass_q    <= pass_d;
      algo_q    <= algo_d;
      hmac_q    <= hmac_d;
      msg_len_q <= msg_len_d;
      k0_q      <= k0_d;
      buf_q     <= buf_d;
      cnt_q     <= cnt_d;
      full_q    <= full_d;
      first_q   <= first_d;
      rem_q     <= rem_d;
      tot_q     <= tot_d;
      bidx_q    <= bidx_d;
      dig_q     <= dig_d;
      prep_q    <= prep_d;
      pre_q     <= pre_d;
    end
  end

  // ---------------------------------------------------------------- algorithm decode
  logic [1:0]   mode;     // core mode
  logic         b128;     // 128-byte block
  logic [6:0]   dlen;     // digest bytes
  logic [511:0] iv;

  always_comb begin
    case (algo_q)
      3'd0: begin
        mode = M_SHA1;   b128 = 1'b0; dlen = 7'd20;
        iv = {192'h0, 64'hc3d2e1f0, 64'h10325476, 64'h98badcfe, 64'hefcdab89, 64'h67452301};
      end
      3'd1: begin
        mode = M_SHA256; b128 = 1'b0; dlen = 7'd28;
        iv = {64'hbefa4fa4, 64'h64f98fa7, 64'h68581511, 64'hffc00b31,
              64'hf70e5939, 64'h3070dd17, 64'h367cd507, 64'hc1059ed8};
      end
      3'd3: begin
        mode = M_SHA512; b128 = 1'b1; dlen = 7'd48;
        iv = {64'h47b5481dbefa4fa4, 64'hdb0c2e0d64f98fa7, 64'h8eb44a8768581511, 64'h67332667ffc00b31,
              64'h152fecd8f70e5939, 64'h9159015a3070dd17, 64'h629a292a367cd507, 64'hcbbb9d5dc1059ed8};
      end
      3'd4: begin
        mode = M_SHA512; b128 = 1'b1; dlen = 7'd64;
        iv = {64'h5be0cd19137e2179, 64'h1f83d9abfb41bd6b, 64'h9b05688c2b3e6c1f, 64'h510e527fade682d1,
              64'ha54ff53a5f1d36f1, 64'h3c6ef372fe94f82b, 64'hbb67ae8584caa73b, 64'h6a09e667f3bcc908};
      end
      default: begin
        mode = M_SHA256; b128 = 1'b0; dlen = 7'd32;
        iv = {64'h5be0cd19, 64'h1f83d9ab, 64'h9b05688c, 64'h510e527f,
              64'ha54ff53a, 64'h3c6ef372, 64'hbb67ae85, 64'h6a09e667};
      end
    endcase
  end

  // ---------------------------------------------------------------- core
  logic          core_ready;
  logic [511:0]  core_state;
  logic          core_idle;
  /* verilator lint_off UNUSEDSIGNAL */
  logic          core_done;  // not needed: S_WAIT waits for core_idle
  /* verilator lint_on UNUSEDSIGNAL */
  logic          blk_fire;
  logic [511:0]  core_init;  // chain start: the algorithm IV, or a precomputed HMAC state

  // k0_q holds the states only while pre_q; the P_KEY pass never runs then
  assign core_init = !pre_q ? iv : (pass_q == P_OUTER) ? k0_q[1023:512] : k0_q[511:0];

  vcrypto_sha_core u_core (
    .clk_i       (clk_i),
    .rst_i       (rst_i),
    .mode_i      (mode),
    .blk_valid_i (full_q),
    .blk_ready_o (core_ready),
    .blk_i       (buf_q),
    .blk_first_i (first_q),
    .init_i      (core_init),
    .state_o     (core_state),
    .idle_o      (core_idle),
    .blk_done_o  (core_done)
  );

  assign blk_fire = full_q && core_ready;

  // ---------------------------------------------------------------- outputs
  assign cfg_ready_o    = (st_q == S_IDLE);
  assign busy_o         = (st_q != S_IDLE);
  assign s_axis_tready  = (st_q == S_BODY) && (pass_q == P_INNER) && !full_q;
  assign digest_valid_o = (st_q == S_OUT);
  assign digest_o       = dig_q;

  // ---------------------------------------------------------------- helpers
  logic [511:0]  dig_conv;   // core state as digest bytes (masked to dlen)
  logic [1023:0] key_mask;   // cfg key with bytes >= key length cleared
  logic [7:0]    klen;       // key length clamped to 128
  logic          new_b128;   // block size of cfg_algo_i
  logic [4:0]    nb;         // bytes of the current body beat
  logic [127:0]  beat;       // body beat, bytes >= nb cleared
  logic [127:0]  src_data;
  logic          src_valid;
  logic [63:0]   bitlen;
  logic [1023:0] lenfield;
  logic [1023:0] padbyte;
  logic [7:0]    blen;       // block bytes
  logic [7:0]    lenlim;     // 0x80 at cnt < lenlim leaves room for the length

  always_comb begin
    // digest bytes
    dig_conv = '0;
    for (int j = 0; j < 8; j++) begin
      if (mode == M_SHA512) begin
        for (int k = 0; k < 8; k++) dig_conv[8*(8*j+k) +: 8] = core_state[64*j + 8*(7-k) +: 8];
      end else begin
        for (int k = 0; k < 4; k++) dig_conv[8*(4*j+k) +: 8] = core_state[64*j + 8*(3-k) +: 8];
      end
    end
    for (int i = 0; i < 64; i++) begin
      if (7'(i) >= dlen) dig_conv[8*i +: 8] = 8'h0;
    end

    // key
    klen = (cfg_key_len_i > 8'd128) ? 8'd128 : cfg_key_len_i;
    for (int i = 0; i < 128; i++) begin
      key_mask[8*i +: 8] = (8'(i) < klen) ? cfg_key_i[8*i +: 8] : 8'h0;
    end
    new_b128 = (cfg_algo_i == 3'd3) || (cfg_algo_i == 3'd4);

    // body beat
    case (pass_q)
      P_INNER: begin src_data = s_axis_tdata; src_valid = s_axis_tvalid; end
      P_KEY:   begin src_data = k0_q[128*bidx_q +: 128]; src_valid = 1'b1; end
      default: begin src_data = dig_q[128*bidx_q[1:0] +: 128]; src_valid = 1'b1; end
    endcase
    nb = (rem_q > 32'd16) ? 5'd16 : rem_q[4:0];
    for (int i = 0; i < 16; i++) begin
      beat[8*i +: 8] = (5'(i) < nb) ? src_data[8*i +: 8] : 8'h0;
    end

    // padding
    blen     = b128 ? 8'd128 : 8'd64;
    lenlim   = b128 ? 8'd112 : 8'd56;
    bitlen   = {28'h0, tot_q, 3'b000};
    lenfield = '0;
    for (int k = 0; k < 8; k++) begin
      if (b128) lenfield[8*(120+k) +: 8] = bitlen[8*(7-k) +: 8];
      else      lenfield[8*(56+k) +: 8]  = bitlen[8*(7-k) +: 8];
    end
    padbyte = '0;
    for (int i = 0; i < 128; i++) begin
      if (cnt_q[6:0] == 7'(i)) padbyte[8*i +: 8] = 8'h80;
    end
  end

  // ---------------------------------------------------------------- next state
  always_comb begin
    st_d      = st_q;
    pass_d    = pass_q;
    algo_d    = algo_q;
    hmac_d    = hmac_q;
    msg_len_d = msg_len_q;
    k0_d      = k0_q;
    buf_d     = buf_q;
    cnt_d     = cnt_q;
    full_d    = full_q;
    first_d   = first_q;
    rem_d     = rem_q;
    tot_d     = tot_q;
    bidx_d    = bidx_q;
    dig_d     = dig_q;
    prep_d    = prep_q;
    pre_d     = pre_q;

    if (blk_fire) begin
      buf_d   = '0;
      cnt_d   = '0;
      full_d  = 1'b0;
      first_d = 1'b0;
    end

    case (st_q)
      S_IDLE: begin
        if (cfg_valid_i) begin
          algo_d    = (cfg_algo_i > 3'd4) ? 3'd2 : cfg_algo_i;
          hmac_d    = cfg_hmac_i;
          msg_len_d = cfg_msg_len_i;
          k0_d      = key_mask;
          first_d   = 1'b1;
          bidx_d    = '0;
          cnt_d     = '0;
          buf_d     = '0;
          full_d    = 1'b0;
          prep_d    = cfg_hmac_i && cfg_hprep_i;
          pre_d     = cfg_hmac_i && !cfg_hprep_i && cfg_hstate_i;
          if (cfg_hmac_i && !cfg_hprep_i && cfg_hstate_i) begin
            // precomputed inner state: the message blocks only
            k0_d   = cfg_key_i;
            pass_d = P_INNER;
            st_d   = (cfg_msg_len_i == 32'h0) ? S_PAD : S_BODY;
            rem_d  = cfg_msg_len_i;
            tot_d  = {1'b0, cfg_msg_len_i} + (new_b128 ? 33'd128 : 33'd64);
          end else if (cfg_hmac_i && (klen > (new_b128 ? 8'd128 : 8'd64))) begin
            pass_d = P_KEY;
            st_d   = S_BODY;
            rem_d  = {24'h0, klen};
            tot_d  = {25'h0, klen};
          end else if (cfg_hmac_i) begin
            pass_d = P_INNER;
            st_d   = S_PREFIX;
            rem_d  = cfg_msg_len_i;
            tot_d  = {1'b0, cfg_msg_len_i} + (new_b128 ? 33'd128 : 33'd64);
          end else begin
            pass_d = P_INNER;
            st_d   = (cfg_msg_len_i == 32'h0) ? S_PAD : S_BODY;
            rem_d  = cfg_msg_len_i;
            tot_d  = {1'b0, cfg_msg_len_i};
          end
        end
      end

      S_PREFIX: begin
        if (!full_q) begin
          buf_d  = k0_q ^ {128{(pass_q == P_OUTER) ? 8'h5c : 8'h36}};
          cnt_d  = blen;
          full_d = 1'b1;
          // computing states: the state after this block is the result
          st_d   = prep_q ? S_WAIT : (rem_q == 32'h0) ? S_PAD : S_BODY;
        end
      end

      S_BODY: begin
        if (!full_q && src_valid) begin
          for (int j = 0; j < 8; j++) begin
            if (cnt_q[6:4] == 3'(j)) buf_d[128*j +: 128] = beat;
          end
          cnt_d  = cnt_q + {3'b000, nb};
          rem_d  = rem_q - {27'h0, nb};
          bidx_d = bidx_q + 3'd1;
          if (cnt_q + {3'b000, nb} == blen) full_d = 1'b1;
          if (rem_q == {27'h0, nb}) st_d = S_PAD;
        end
      end

      S_PAD: begin
        if (!full_q) begin
          full_d = 1'b1;
          if (cnt_q < lenlim) begin
            buf_d = buf_q | padbyte | lenfield;
            st_d  = S_WAIT;
          end else begin
            buf_d = buf_q | padbyte;
            st_d  = S_LEN;
          end
        end
      end

      S_LEN: begin
        if (!full_q) begin
          buf_d  = buf_q | lenfield;
          full_d = 1'b1;
          st_d   = S_WAIT;
        end
      end

      S_WAIT: begin
        if (!full_q && core_idle) begin
          first_d = 1'b1;
          bidx_d  = '0;
          case (pass_q)
            P_KEY: begin
              k0_d   = {512'h0, dig_conv};
              pass_d = P_INNER;
              st_d   = S_PREFIX;
              rem_d  = msg_len_q;
              tot_d  = {1'b0, msg_len_q} + {25'h0, blen};
            end
            P_INNER: begin
              dig_d = dig_conv;
              if (prep_q) begin
                dig_d = core_state;
                st_d  = S_OUT;
              end else if (hmac_q) begin
                pass_d = P_OUTER;
                // precomputed outer state: straight to the inner digest
                st_d   = pre_q ? S_BODY : S_PREFIX;
                rem_d  = {25'h0, dlen};
                tot_d  = {26'h0, dlen} + {25'h0, blen};
              end else begin
                st_d = S_OUT;
              end
            end
            default: begin
              dig_d = prep_q ? core_state : dig_conv;
              st_d  = S_OUT;
            end
          endcase
        end
      end

      S_OUT: begin
        if (digest_ready_i) begin
          st_d = S_IDLE;
          if (prep_q && pass_q == P_INNER) begin
            // inner state taken: the outer one next
            pass_d  = P_OUTER;
            first_d = 1'b1;
            st_d    = S_PREFIX;
          end
        end
      end

      default: st_d = S_IDLE;
    endcase
  end

endmodule
