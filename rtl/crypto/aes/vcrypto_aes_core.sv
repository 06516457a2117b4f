// vcrypto_aes_core: iterative AES-128/192/256 block core (encrypt and inverse cipher).
//
// Key port: a key_valid_i/key_ready_o handshake loads key_i (key_len_i 0: 128, 1: 192,
// 2: 256 bit; 3 is treated as 256) and runs the key expansion, one schedule word per clock
// (40/46/52 clocks), into round-key registers. Loading the key that is already expanded (same
// length and bytes) is recognised and costs no expansion at all.
// Block port: in_valid_i/in_ready_o takes one 128-bit block and its direction; the result comes
// out on out_valid_o/out_ready_i (registered) Nr+1 clocks later (11/13/15). The next block is
// accepted as soon as the previous one has reached the output register.
//
// Byte order (design.md): key byte i = key_i[8*i+7:8*i], block byte i (i-th byte in memory) =
// bits [8*i+7:8*i]. FIPS-197 input byte in[i] is therefore simply byte i: state row i%4,
// column i/4, and schedule word w[j] is key bytes 4j..4j+3 with byte 4j in its bits [7:0].
module vcrypto_aes_core (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         key_valid_i,
  output logic         key_ready_o,
  input  logic [255:0] key_i,
  input  logic [1:0]   key_len_i,

  input  logic         in_valid_i,
  output logic         in_ready_o,
  input  logic [127:0] in_data_i,
  input  logic         in_decrypt_i,

  output logic         out_valid_o,
  input  logic         out_ready_i,
  output logic [127:0] out_data_o
);

  // ---------------------------------------------------------------- registers
  // Key schedule: word j at w_q[32*j +: 32], up to 60 words (AES-256).
  logic [1919:0] w_q, w_d;
  logic [1:0]    klen_q, klen_d;     // expanded key length (0/1/2)
  logic          kok_q, kok_d;       // round keys complete and valid
  logic          exp_q, exp_d;       // expansion running
  logic [5:0]    ki_q, ki_d;         // index of the schedule word computed this clock
  logic [2:0]    kj_q, kj_d;         // ki mod Nk
  logic [7:0]    rcon_q, rcon_d;     // current round constant
  // Sliding window of the last 8 schedule words: word ki-1-k at win_q[32*k +: 32].
  logic [255:0]  win_q, win_d;

  logic          busy_q, busy_d;     // a block is in the round loop
  logic          dec_q, dec_d;       // direction of that block
  logic [3:0]    round_q, round_d;   // round being computed
  logic [127:0]  state_q, state_d;
  logic          ovalid_q, ovalid_d;
  logic [127:0]  out_q, out_d;

  // ---------------------------------------------------------------- key length decode
  logic [1:0] len_in;
  logic [3:0] nk_in;                 // Nk of the key being loaded
  logic [2:0] nk_m1_q;                // Nk - 1 of the expanded key
  logic [3:0] nr_q;                  // Nr of the expanded key
  logic [5:0] klast_q;               // index of the last schedule word

  assign len_in = (key_len_i == 2'd3) ? 2'd2 : key_len_i;

  always_comb begin
    case (len_in)
      2'd0:    nk_in = 4'd4;
      2'd1:    nk_in = 4'd6;
      default: nk_in = 4'd8;
    endcase
    case (klen_q)
      2'd0:    begin nk_m1_q = 3'd3; nr_q = 4'd10; klast_q = 6'd43; end
      2'd1:    begin nk_m1_q = 3'd5; nr_q = 4'd12; klast_q = 6'd51; end
      default: begin nk_m1_q = 3'd7; nr_q = 4'd14; klast_q = 6'd59; end
    endcase
  end

  // ---------------------------------------------------------------- key expansion step
  logic [31:0] knew;                 // w[ki]
  vcrypto_aes_key_step u_key_step (
    .win_i  (win_q),
    .klen_i (klen_q),
    .kj_i   (kj_q),
    .rcon_i (rcon_q),
    .word_o (knew)
  );

  // The key being loaded equals the expanded one (its first Nk schedule words).
  logic key_hit;
  always_comb begin
    case (len_in)
      2'd0:    key_hit = (key_i[127:0] == w_q[127:0]);
      2'd1:    key_hit = (key_i[191:0] == w_q[191:0]);
      default: key_hit = (key_i == w_q[255:0]);
    endcase
    key_hit = key_hit && kok_q && (klen_q == len_in);
  end

  // ---------------------------------------------------------------- round datapath
  logic [3:0]   rk_idx;
  logic [127:0] rk;
  logic         rlast;
  logic [127:0] enc_res;
  logic [127:0] dec_res;

  always_comb begin
    if (busy_q) begin
      rk_idx = round_q;
    end else begin
      rk_idx = in_decrypt_i ? nr_q : 4'd0;
    end
    rk    = w_q[128*rk_idx +: 128];
    rlast = dec_q ? (round_q == 4'd0) : (round_q == nr_q);
  end

  vcrypto_aes_enc_round u_enc_round (
    .state_i (state_q),
    .rkey_i  (rk),
    .last_i  (rlast),
    .state_o (enc_res)
  );

  vcrypto_aes_dec_round u_dec_round (
    .state_i (state_q),
    .rkey_i  (rk),
    .last_i  (rlast),
    .state_o (dec_res)
  );

  assign key_ready_o = !exp_q && !busy_q;
  assign in_ready_o  = !exp_q && !busy_q && kok_q;
  assign out_valid_o = ovalid_q;
  assign out_data_o  = out_q;

  // ---------------------------------------------------------------- next state
  always_comb begin
    w_d      = w_q;
    klen_d   = klen_q;
    kok_d    = kok_q;
    exp_d    = exp_q;
    ki_d     = ki_q;
    kj_d     = kj_q;
    rcon_d   = rcon_q;
    win_d    = win_q;
    busy_d   = busy_q;
    dec_d    = dec_q;
    round_d  = round_q;
    state_d  = state_q;
    ovalid_d = ovalid_q;
    out_d    = out_q;

    // key load
    if (key_valid_i && key_ready_o && !key_hit) begin
      w_d[255:0] = key_i;
      klen_d     = len_in;
      kok_d      = 1'b0;
      exp_d      = 1'b1;
      ki_d       = {2'b00, nk_in};
      kj_d       = 3'd0;
      rcon_d     = 8'h01;
      win_d      = '0;
      // window word k = key word Nk-1-k
      case (len_in)
        2'd0: for (int k = 0; k < 4; k++) win_d[32*k +: 32] = key_i[32*(3-k) +: 32];
        2'd1: for (int k = 0; k < 6; k++) win_d[32*k +: 32] = key_i[32*(5-k) +: 32];
        default: for (int k = 0; k < 8; k++) win_d[32*k +: 32] = key_i[32*(7-k) +: 32];
      endcase
    end

    // key expansion: one schedule word per clock
    if (exp_q) begin
      for (int j = 4; j < 60; j++) begin
        if (ki_q == 6'(j)) w_d[32*j +: 32] = knew;
      end
      win_d  = {win_q[223:0], knew};
      kj_d   = (kj_q == nk_m1_q) ? 3'd0 : kj_q + 3'd1;
      rcon_d = (kj_q == 3'd0) ? ({rcon_q[6:0], 1'b0} ^ (rcon_q[7] ? 8'h1b : 8'h00)) : rcon_q;
      ki_d   = ki_q + 6'd1;
      if (ki_q == klast_q) begin
        exp_d = 1'b0;
        kok_d = 1'b1;
      end
    end

    // output register drains
    if (ovalid_q && out_ready_i) ovalid_d = 1'b0;

    // block accept: initial AddRoundKey
    if (in_valid_i && in_ready_o) begin
      state_d = in_data_i ^ rk;
      dec_d   = in_decrypt_i;
      round_d = in_decrypt_i ? nr_q - 4'd1 : 4'd1;
      busy_d  = 1'b1;
    end

    // one round per clock; the last one waits for a free output register
    if (busy_q) begin
      if (!rlast) begin
        state_d = dec_q ? dec_res : enc_res;
        round_d = dec_q ? round_q - 4'd1 : round_q + 4'd1;
      end else if (!ovalid_q || out_ready_i) begin
        out_d    = dec_q ? dec_res : enc_res;
        ovalid_d = 1'b1;
        busy_d   = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      klen_q   <= 2'd0;
      kok_q    <= 1'b0;
      exp_q    <= 1'b0;
      ki_q     <= 6'd0;
      kj_q     <= 3'd0;
      rcon_q   <= 8'h01;
      busy_q   <= 1'b0;
      dec_q    <= 1'b0;
      round_q  <= 4'd0;
      ovalid_q <= 1'b0;
    end else begin
      klen_q   <= klen_d;
      kok_q    <= kok_d;
      exp_q    <= exp_d;
      ki_q     <= ki_d;
      kj_q     <= kj_d;
      rcon_q   <= rcon_d;
      busy_q   <= busy_d;
      dec_q    <= dec_d;
      round_q  <= round_d;
      ovalid_q <= ovalid_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    w_q     <= w_d;
    win_q   <= win_d;
    state_q <= state_d;
    out_q   <= out_d;
  end

endmodule
