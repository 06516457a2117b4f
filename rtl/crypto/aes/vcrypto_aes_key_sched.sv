// vcrypto_aes_key_sched: AES-128/192/256 key expansion into a cached round-key register.
//
// load_i (one clock; the parent only asserts it when no block uses the round keys) takes key_i
// and key_len_i (0: 128, 1: 192, 2 or 3: 256) and runs the expansion, one schedule word per
// clock (40/46/52 clocks); busy_o is high meanwhile and ok_o once the schedule is complete.
// hit_o (combinational) tells that key_i / key_len_i is the key already expanded, so the parent
// skips the load: the expansion runs once per key, not once per message.
// w_o holds schedule word j at [32*j +: 32] (round key r = w_o[128*r +: 128]); byte order as
// everywhere (design.md): key byte i = key_i[8*i+7:8*i], word j = key bytes 4j..4j+3.
module vcrypto_aes_key_sched (
  input  logic          clk_i,
  input  logic          rst_i,
  input  logic          load_i,
  input  logic [255:0]  key_i,
  input  logic [1:0]    key_len_i,
  output logic          hit_o,
  output logic          busy_o,
  output logic          ok_o,
  output logic [1:0]    klen_o,
  output logic [1919:0] w_o
);

  logic [1919:0] w_q, w_d;
  logic [1:0]    klen_q, klen_d;     // expanded key length (0/1/2)
  logic          kok_q, kok_d;       // round keys complete and valid
  logic          exp_q, exp_d;       // expansion running
  logic [5:0]    ki_q, ki_d;         // index of the schedule word computed this clock
  logic [2:0]    kj_q, kj_d;         // ki mod Nk
  logic [7:0]    rcon_q, rcon_d;     // current round constant
  // Sliding window of the last 8 schedule words: word ki-1-k at win_q[32*k +: 32].
  logic [255:0]  win_q, win_d;

  logic [1:0] len_in;
  logic [3:0] nk_in;
  logic [2:0] nk_m1_q;                // Nk - 1 of the expanded key
  logic [5:0] klast_q;               // index of the last schedule word

  assign len_in = (key_len_i == 2'd3) ? 2'd2 : key_len_i;

  always_comb begin
    case (len_in)
      2'd0:    nk_in = 4'd4;
      2'd1:    nk_in = 4'd6;
      default: nk_in = 4'd8;
    endcase
    case (klen_q)
      2'd0:    begin nk_m1_q = 3'd3; klast_q = 6'd43; end
      2'd1:    begin nk_m1_q = 3'd5; klast_q = 6'd51; end
      default: begin nk_m1_q = 3'd7; klast_q = 6'd59; end
    endcase
  end

  logic [31:0] knew;                 // w[ki]
  vcrypto_aes_key_step u_key_step (
    .win_i  (win_q),
    .klen_i (klen_q),
    .kj_i   (kj_q),
    .rcon_i (rcon_q),
    .word_o (knew)
  );

  always_comb begin
    case (len_in)
      2'd0:    hit_o = (key_i[127:0] == w_q[127:0]);
      2'd1:    hit_o = (key_i[191:0] == w_q[191:0]);
      default: hit_o = (key_i == w_q[255:0]);
    endcase
    hit_o = hit_o && kok_q && (klen_q == len_in);
  end

  always_comb begin
    w_d    = w_q;
    klen_d = klen_q;
    kok_d  = kok_q;
    exp_d  = exp_q;
    ki_d   = ki_q;
    kj_d   = kj_q;
    rcon_d = rcon_q;
    win_d  = win_q;

    if (load_i) begin
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
    end else if (exp_q) begin
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
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      klen_q <= 2'd0;
      kok_q  <= 1'b0;
      exp_q  <= 1'b0;
      ki_q   <= 6'd0;
      kj_q   <= 3'd0;
      rcon_q <= 8'h01;
    end else begin
      klen_q <= klen_d;
      kok_q  <= kok_d;
      exp_q  <= exp_d;
      ki_q   <= ki_d;
      kj_q   <= kj_d;
      rcon_q <= rcon_d;
    end
  end

  // Datapath registers need no reset (qualified by kok_q / exp_q).
  always_ff @(posedge clk_i) begin
    w_q   <= w_d;
    win_q <= win_d;
  end

  assign busy_o = exp_q;
  assign ok_o   = kok_q;
  assign klen_o = klen_q;
  assign w_o    = w_q;

endmodule
