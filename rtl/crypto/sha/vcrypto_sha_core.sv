// vcrypto_sha_core: SHA-1 / SHA-256 / SHA-512 compression function, one round per clock.
//
// One 64-bit datapath serves all three: in the 32-bit modes (SHA-1, SHA-256) every word sits
// in the low half of its 64-bit lane and the upper half is kept zero. The five-operand adder of
// the SHA-2 T1 term is shared with the SHA-1 TEMP term.
//
// Block interface: blk_i is the message block in stream byte order (byte i at [8i+7:8i]; a
// 64-byte block uses [511:0]). The core takes a block when blk_valid_i && blk_ready_o; mode_i
// is sampled with it. blk_first_i starts a new chain from init_i (eight 64-bit words, word i at
// [64i+63:64i], 32-bit words in the low half, SHA-1 uses words 0..4 with words 5..7 zero);
// otherwise the block continues the chain in state_o. init_i may be any chaining value, e.g.
// a precomputed HMAC inner/outer state.
//
// Timing: the block is loaded in the clock it is accepted, then N rounds (80 SHA-1, 64
// SHA-256, 80 SHA-512) and one clock that adds the working variables into the chaining state.
// That add clock also accepts the next block, so back-to-back blocks take N+1 clocks each.
// blk_done_o pulses in the clock after the add, when state_o holds the chaining value after
// that block; idle_o is high when no block is in flight (state_o is then final).
module vcrypto_sha_core (
  input  logic          clk_i,
  input  logic          rst_i,

  input  logic [1:0]    mode_i,
  input  logic          blk_valid_i,
  output logic          blk_ready_o,
  input  logic [1023:0] blk_i,
  input  logic          blk_first_i,
  input  logic [511:0]  init_i,

  output logic [511:0]  state_o,
  output logic          idle_o,
  output logic          blk_done_o
);

  // Mode code: SHA-1 (32-bit words, 80 rounds).
  localparam logic [1:0] M_SHA1   = 2'd0;
  // Mode code: SHA-256 and SHA-224 (32-bit words, 64 rounds).
  localparam logic [1:0] M_SHA256 = 2'd1;
  // Mode code: SHA-512 and SHA-384 (64-bit words, 80 rounds).
  localparam logic [1:0] M_SHA512 = 2'd2;

  typedef enum logic [1:0] {
    C_IDLE = 2'd0,  // no block in flight
    C_RUN  = 2'd1,  // rounds
    C_ADD  = 2'd2   // add working variables into the chaining state; may take the next block
  } cst_e;

  // ---------------------------------------------------------------- registers
  cst_e           st_q, st_d;
  logic [1:0]     mode_q, mode_d;
  logic [6:0]     t_q, t_d;        // round index
  logic [1023:0]  w_q, w_d;        // message schedule window, W[t+i] at [64i +: 64]
  logic [511:0]   v_q, v_d;        // working variables a..h at [64i +: 64]
  logic [511:0]   h_q, h_d;        // chaining state
  logic           done_q, done_d;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st_q   <= C_IDLE;
      mode_q <= M_SHA256;
      t_q    <= '0;
      w_q    <= '0;
      v_q    <= '0;
      h_q    <= '0;
      done_q <= 1'b0;
    end else begin
      st_q   <= st_d;
      mode_q <= mode_d;
      t_q    <= t_d;
      w_q    <= w_d;
      v_q    <= v_d;
      h_q    <= h_d;
      done_q <= done_d;
    end
  end

  assign blk_ready_o = (st_q != C_RUN);
  assign state_o     = h_q;
  assign idle_o      = (st_q == C_IDLE);
  assign blk_done_o  = done_q;

  // ---------------------------------------------------------------- bit functions
  function automatic logic [31:0] rotr32(input logic [31:0] x, input int unsigned n);
    rotr32 = (x >> n) | (x << (32 - n));
  endfunction

  function automatic logic [63:0] rotr64(input logic [63:0] x, input int unsigned n);
    rotr64 = (x >> n) | (x << (64 - n));
  endfunction

  // ---------------------------------------------------------------- block load
  logic [1023:0] wload;   // blk_i as big-endian words for mode_i

  always_comb begin
    wload = '0;
    for (int j = 0; j < 16; j++) begin
      if (mode_i == M_SHA512) begin
        for (int k = 0; k < 8; k++) wload[64*j + 8*(7-k) +: 8] = blk_i[8*(8*j+k) +: 8];
      end else begin
        for (int k = 0; k < 4; k++) wload[64*j + 8*(3-k) +: 8] = blk_i[8*(4*j+k) +: 8];
      end
    end
  end

  // ---------------------------------------------------------------- round datapath
  logic        is1, is64;
  logic [63:0] mask;
  logic [63:0] a, b, c, d, e, f, g, h;
  logic [63:0] wt, w1, w9, w14;
  logic [31:0] w2, w8, w13;   // SHA-1 only: low halves
  logic [63:0] krom;
  logic [63:0] kt;
  logic [63:0] big_s0, big_s1, ch, maj, f1;
  logic [63:0] op1, op2, op3;
  logic [63:0] t1, t2;
  logic [63:0] sm0, sm1, wnew;
  logic [31:0] x1;
  logic [6:0]  last_t;
  logic [511:0] hsum;

  vcrypto_sha_k u_k (
    .idx_i (t_q),
    .k_o   (krom)
  );

  always_comb begin
    is1  = (mode_q == M_SHA1);
    is64 = (mode_q == M_SHA512);
    mask = is64 ? 64'hffff_ffff_ffff_ffff : 64'h0000_0000_ffff_ffff;

    a = v_q[0*64 +: 64];
    b = v_q[1*64 +: 64];
    c = v_q[2*64 +: 64];
    d = v_q[3*64 +: 64];
    e = v_q[4*64 +: 64];
    f = v_q[5*64 +: 64];
    g = v_q[6*64 +: 64];
    h = v_q[7*64 +: 64];

    wt  = w_q[0*64 +: 64];
    w1  = w_q[1*64 +: 64];
    w2  = w_q[2*64 +: 32];
    w8  = w_q[8*64 +: 32];
    w9  = w_q[9*64 +: 64];
    w13 = w_q[13*64 +: 32];
    w14 = w_q[14*64 +: 64];

    // round constant
    if (is1) begin
      if (t_q < 7'd20)      kt = 64'h5a82_7999;
      else if (t_q < 7'd40) kt = 64'h6ed9_eba1;
      else if (t_q < 7'd60) kt = 64'h8f1b_bcdc;
      else                  kt = 64'hca62_c1d6;
    end else if (is64) begin
      kt = krom;
    end else begin
      kt = {32'h0, krom[63:32]};
    end

    // SHA-2 functions
    if (is64) begin
      big_s0 = rotr64(a, 28) ^ rotr64(a, 34) ^ rotr64(a, 39);
      big_s1 = rotr64(e, 14) ^ rotr64(e, 18) ^ rotr64(e, 41);
      sm0    = rotr64(w1, 1) ^ rotr64(w1, 8) ^ (w1 >> 7);
      sm1    = rotr64(w14, 19) ^ rotr64(w14, 61) ^ (w14 >> 6);
    end else begin
      big_s0 = {32'h0, rotr32(a[31:0], 2) ^ rotr32(a[31:0], 13) ^ rotr32(a[31:0], 22)};
      big_s1 = {32'h0, rotr32(e[31:0], 6) ^ rotr32(e[31:0], 11) ^ rotr32(e[31:0], 25)};
      sm0    = {32'h0, rotr32(w1[31:0], 7) ^ rotr32(w1[31:0], 18) ^ (w1[31:0] >> 3)};
      sm1    = {32'h0, rotr32(w14[31:0], 17) ^ rotr32(w14[31:0], 19) ^ (w14[31:0] >> 10)};
    end
    ch  = (e & f) ^ (~e & g);
    maj = (a & b) ^ (a & c) ^ (b & c);

    // SHA-1 f_t(b, c, d)
    if (t_q < 7'd20)      f1 = (b & c) | (~b & d);
    else if (t_q < 7'd40) f1 = b ^ c ^ d;
    else if (t_q < 7'd60) f1 = (b & c) | (b & d) | (c & d);
    else                  f1 = b ^ c ^ d;

    // shared adder: SHA-2 T1 = h + S1(e) + Ch + K + W; SHA-1 TEMP = rotl5(a) + f + e + K + W
    op1 = is1 ? {32'h0, a[26:0], a[31:27]} : big_s1;
    op2 = is1 ? f1 : ch;
    op3 = is1 ? e : h;
    t1  = (op1 + op2 + op3 + kt + wt) & mask;
    t2  = (big_s0 + maj) & mask;

    // message schedule: W[t+16]
    x1   = w13 ^ w8 ^ w2 ^ wt[31:0];
    wnew = is1 ? {32'h0, x1[30:0], x1[31]} : ((sm1 + w9 + sm0 + wt) & mask);

    last_t = (mode_q == M_SHA256) ? 7'd63 : 7'd79;

    for (int i = 0; i < 8; i++) begin
      hsum[64*i +: 64] = (h_q[64*i +: 64] + v_q[64*i +: 64]) & mask;
    end
  end

  // ---------------------------------------------------------------- next state
  logic         fire;
  logic [511:0] base;

  always_comb begin
    st_d   = st_q;
    mode_d = mode_q;
    t_d    = t_q;
    w_d    = w_q;
    v_d    = v_q;
    h_d    = h_q;
    done_d = 1'b0;
    fire   = blk_valid_i && blk_ready_o;
    base   = h_q;

    case (st_q)
      C_RUN: begin
        t_d = t_q + 7'd1;
        if (t_q == last_t) st_d = C_ADD;
        w_d = {wnew, w_q[1023:64]};
        if (is1) begin
          v_d = {h, g, f, d, c, {32'h0, b[1:0], b[31:2]}, a, t1};
        end else begin
          v_d = {g, f, e, (d + t1) & mask, c, b, a, (t1 + t2) & mask};
        end
      end
      C_ADD: begin
        h_d    = hsum;
        done_d = 1'b1;
        base   = hsum;
        st_d   = C_IDLE;
      end
      default: ;
    endcase

    if (fire) begin
      if (blk_first_i) base = init_i;
      st_d   = C_RUN;
      mode_d = mode_i;
      t_d    = '0;
      w_d    = wload;
      v_d    = base;
      h_d    = base;
    end
  end

endmodule
