// vcrypto_aes_enc_otf: small encrypt-only AES-128/192/256 block unit with on-the-fly round keys.
//
// Used for one block per message where keeping a second expanded key schedule would cost far
// more than it saves (the XTS tweak T = E_key2(iv)). There is no key expansion phase: every
// clock runs one round and derives the next four schedule words from a sliding window of the
// last eight, so a block takes Nr+1 clocks from start_i to done_o (11/13/15) whatever the key.
//
// start_i (one clock, ignored while busy_o) samples key_i, key_len_i (0: 128, 1: 192, 2 or 3:
// 256) and in_data_i; done_o pulses for one clock when out_data_o holds the result, which
// stays there until the next start. Byte order as everywhere (design.md): byte i of key and
// block is bits [8*i+7:8*i].
//
// Schedule bookkeeping: before round r (1..Nr) the window holds w[h-8 .. h-1] with
// h = 4r + Nk - 4; the clock computes w[h .. h+3], and round key r = w[4r .. 4r+3] is the
// four words at h-(Nk-4) .. h-(Nk-4)+3 of the window-plus-new sequence. Four consecutive
// schedule words never contain more than one word that needs SubWord (Nk >= 4), so one
// SubWord unit suffices, and its input is derived from the window registers only (no
// combinational loop through the new words).
module vcrypto_aes_enc_otf (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         start_i,
  input  logic [255:0] key_i,
  input  logic [1:0]   key_len_i,
  input  logic [127:0] in_data_i,

  output logic         busy_o,
  output logic         done_o,
  output logic [127:0] out_data_o
);

  // ---------------------------------------------------------------- registers
  logic          busy_q, busy_d;
  logic          done_q, done_d;
  logic [1:0]    klen_q, klen_d;     // 0/1/2
  logic [3:0]    round_q, round_d;   // round computed this clock (1..Nr)
  logic [2:0]    kj_q, kj_d;         // h mod Nk
  logic [7:0]    rcon_q, rcon_d;     // round constant for the next word with h mod Nk = 0
  logic [255:0]  win_q, win_d;       // word w[h-1-k] at [32*k +: 32]
  logic [127:0]  state_q, state_d;

  logic [1:0] len_in;
  logic [3:0] nr;

  assign len_in = (key_len_i == 2'd3) ? 2'd2 : key_len_i;

  always_comb begin
    case (klen_q)
      2'd0:    nr = 4'd10;
      2'd1:    nr = 4'd12;
      default: nr = 4'd14;
    endcase
  end

  // ---------------------------------------------------------------- schedule words
  // old[j] = w[h+j-Nk], the word each new word w[h+j] is built on.
  logic [127:0] old_w;                // old[j] at [32*j +: 32]
  logic [31:0] sub_in;
  logic [31:0] sub_out;
  logic        sub_rot;                // the SubWord input is rotated (h+j = 0 mod Nk)
  logic [1:0]  sub_j;                  // which new word uses SubWord
  logic        sub_use;                // some new word uses SubWord this clock
  logic [127:0] new_w;                // w[h+j] at [32*j +: 32]
  logic [31:0] sub_raw;

  always_comb begin
    for (int j = 0; j < 4; j++) begin
      case (klen_q)
        2'd0:    old_w[32*j +: 32] = win_q[32*(3-j) +: 32];
        2'd1:    old_w[32*j +: 32] = win_q[32*(5-j) +: 32];
        default: old_w[32*j +: 32] = win_q[32*(7-j) +: 32];
      endcase
    end
    // Which of w[h..h+3] needs SubWord (see the header): Nk=4: j=0 always (h = 0 mod 4);
    // Nk=8: j=0 (h mod 8 is 0 -> RotWord too, or 4 -> SubWord only); Nk=6: h mod 6 cycles
    // 0 (j=0), 4 (j=2), 2 (none).
    sub_use = 1'b1;
    sub_j   = 2'd0;
    sub_rot = 1'b1;
    sub_raw = win_q[31:0];
    case (klen_q)
      2'd0: ;
      2'd1: begin
        if (kj_q == 3'd4) begin
          sub_j   = 2'd2;
          // w[h+1] = old1 ^ w[h] = old1 ^ old0 ^ w[h-1] (neither uses SubWord)
          sub_raw = old_w[63:32] ^ old_w[31:0] ^ win_q[31:0];
        end else if (kj_q != 3'd0) begin
          sub_use = 1'b0;
        end
      end
      default: sub_rot = (kj_q == 3'd0);
    endcase
    sub_in = sub_rot ? {sub_raw[7:0], sub_raw[31:8]} : sub_raw;
  end

  vcrypto_aes_sub_word u_sub_word (
    .word_i (sub_in),
    .word_o (sub_out)
  );

  // w[h+j] = w[h+j-Nk] ^ (SubWord term or w[h+j-1]); written out per word (no loop-carried
  // select on new_w).
  logic [31:0] sub_term;
  logic [3:0]  sub_at;
  assign sub_term = sub_out ^ (sub_rot ? {24'd0, rcon_q} : 32'd0);
  always_comb begin
    for (int k = 0; k < 4; k++) sub_at[k] = sub_use && (sub_j == 2'(k));
  end
  logic [31:0] nw0, nw1, nw2, nw3;
  assign nw0   = old_w[31:0]   ^ (sub_at[0] ? sub_term : win_q[31:0]);
  assign nw1   = old_w[63:32]  ^ (sub_at[1] ? sub_term : nw0);
  assign nw2   = old_w[95:64]  ^ (sub_at[2] ? sub_term : nw1);
  assign nw3   = old_w[127:96] ^ (sub_at[3] ? sub_term : nw2);
  assign new_w = {nw3, nw2, nw1, nw0};

  // Round key r = words 4r..4r+3 = sequence positions h-(Nk-4) .. h-(Nk-4)+3.
  logic [127:0] rk;
  always_comb begin
    case (klen_q)
      2'd0:    rk = new_w;
      2'd1:    rk = {new_w[63:0], win_q[31:0], win_q[63:32]};
      default: rk = {win_q[31:0], win_q[63:32], win_q[95:64], win_q[127:96]};
    endcase
  end

  logic [127:0] round_res;
  vcrypto_aes_enc_round u_round (
    .state_i (state_q),
    .rkey_i  (rk),
    .last_i  (round_q == nr),
    .state_o (round_res)
  );

  // ---------------------------------------------------------------- next state
  always_comb begin
    busy_d  = busy_q;
    done_d  = 1'b0;
    klen_d  = klen_q;
    round_d = round_q;
    kj_d    = kj_q;
    rcon_d  = rcon_q;
    win_d   = win_q;
    state_d = state_q;

    if (busy_q) begin
      state_d = round_res;
      win_d   = {win_q[127:0], new_w[31:0], new_w[63:32], new_w[95:64], new_w[127:96]};
      round_d = round_q + 4'd1;
      case (klen_q)
        2'd0:    kj_d = 3'd0;
        2'd1:    kj_d = (kj_q == 3'd0) ? 3'd4 : (kj_q == 3'd4) ? 3'd2 : 3'd0;
        default: kj_d = (kj_q == 3'd0) ? 3'd4 : 3'd0;
      endcase
      if (sub_use && sub_rot) rcon_d = {rcon_q[6:0], 1'b0} ^ (rcon_q[7] ? 8'h1b : 8'h00);
      if (round_q == nr) begin
        busy_d = 1'b0;
        done_d = 1'b1;
      end
    end else if (start_i) begin
      busy_d  = 1'b1;
      klen_d  = len_in;
      round_d = 4'd1;
      kj_d    = 3'd0;
      rcon_d  = 8'h01;
      state_d = in_data_i ^ key_i[127:0];
      // window word k = key word Nk-1-k (words beyond the key are never read)
      win_d   = '0;
      case (len_in)
        2'd0: for (int k = 0; k < 4; k++) win_d[32*k +: 32] = key_i[32*(3-k) +: 32];
        2'd1: for (int k = 0; k < 6; k++) win_d[32*k +: 32] = key_i[32*(5-k) +: 32];
        default: for (int k = 0; k < 8; k++) win_d[32*k +: 32] = key_i[32*(7-k) +: 32];
      endcase
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q  <= 1'b0;
      done_q  <= 1'b0;
      klen_q  <= 2'd0;
      round_q <= 4'd0;
      kj_q    <= 3'd0;
      rcon_q  <= 8'h01;
    end else begin
      busy_q  <= busy_d;
      done_q  <= done_d;
      klen_q  <= klen_d;
      round_q <= round_d;
      kj_q    <= kj_d;
      rcon_q  <= rcon_d;
    end
  end

  // Datapath registers need no reset (qualified by the control bits above).
  always_ff @(posedge clk_i) begin
    win_q   <= win_d;
    state_q <= state_d;
  end

  assign busy_o     = busy_q;
  assign done_o     = done_q;
  assign out_data_o = state_q;

endmodule
