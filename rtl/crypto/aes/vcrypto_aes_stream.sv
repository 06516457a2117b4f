// vcrypto_aes_stream: AES-128/192/256 block stream with side information, either pipelined
// (one block per clock) or on the small iterative core (one block per Nr+1 clocks).
//
// Key port: key_valid_i/key_ready_o loads key_i (key_len_i 0: 128, 1: 192, 2 or 3: 256). The
// key already expanded is recognised and costs nothing; a new key is expanded once (40/46/52
// clocks) into cached round-key registers. key_ready_o waits until no block is in the rounds.
// Block port: in_valid_i/in_ready_o takes a block, its direction (in_decrypt_i, ignored when
// DECRYPT = 0) and USER_W bits of side information that come out unchanged with the result, in
// order, on out_valid_o/out_ready_i/out_data_o/out_user_o, Nr+1 clocks later when not stalled.
//
// PIPELINED = 1: 14 unrolled round stages, each with an encryption round and (DECRYPT = 1) an
// inverse-cipher round; a block enters at stage 15-Nr (initial AddRoundKey in the same clock)
// and leaves stage 14 into a two-entry output FIFO. The whole pipeline advances while the FIFO
// holds fewer than two blocks, so in_ready_o is a decode of registers (no combinational path
// from out_ready_i to in_ready_o) and the stream runs at one block per clock when the consumer
// takes one per clock. Round keys come from the cached schedule: stage s uses round key
// s-14+Nr when encrypting and 14-s when decrypting.
// PIPELINED = 0: vcrypto_aes_core (at most two blocks inside) and a two-entry side FIFO.
module vcrypto_aes_stream #(
  // 1: unrolled 14-stage pipeline (one block per clock); 0: iterative core (small).
  parameter bit PIPELINED = 1'b1,
  // 1: the inverse cipher is available (in_decrypt_i); 0: encrypt only (less logic).
  parameter bit DECRYPT = 1'b1,
  // Width of the side information carried with each block (at least 1).
  parameter int unsigned USER_W = 1
) (
  input  logic              clk_i,
  input  logic              rst_i,

  input  logic              key_valid_i,
  output logic              key_ready_o,
  input  logic [255:0]      key_i,
  input  logic [1:0]        key_len_i,

  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic [127:0]      in_data_i,
  input  logic              in_decrypt_i,
  input  logic [USER_W-1:0] in_user_i,

  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [127:0]      out_data_o,
  output logic [USER_W-1:0] out_user_o
);

`ifndef SYNTHESIS
  if (USER_W < 1) begin : g_bad_user_w
    $error("vcrypto_aes_stream: USER_W must be at least 1");
  end
`endif

  // in_decrypt_i is not used by an encrypt-only instance
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_dec;
  assign unused_dec = in_decrypt_i;
  /* verilator lint_on UNUSEDSIGNAL */

  if (PIPELINED) begin : g_pipe
    // Number of round stages (AES-256).
    localparam int unsigned NS = 14;

    // ------------------------------------------------------------ key schedule
    logic          ks_load;
    logic          ks_hit;
    logic          ks_busy;
    logic          ks_ok;
    logic [1:0]    ks_klen;
    logic [1919:0] ks_w;

    vcrypto_aes_key_sched u_ks (
      .clk_i     (clk_i),
      .rst_i     (rst_i),
      .load_i    (ks_load),
      .key_i     (key_i),
      .key_len_i (key_len_i),
      .hit_o     (ks_hit),
      .busy_o    (ks_busy),
      .ok_o      (ks_ok),
      .klen_o    (ks_klen),
      .w_o       (ks_w)
    );

    // ------------------------------------------------------------ registers
    logic [127:0]      st_q [NS+1];   // state after stage s (index 0 unused)
    logic [127:0]      st_d [NS+1];
    logic [USER_W-1:0] us_q [NS+1];
    logic [USER_W-1:0] us_d [NS+1];
    logic [NS:0]       v_q, v_d;      // stage s holds a block
    logic [NS:0]       dr_q, dr_d;    // its direction (1: decrypt)
    // output FIFO, two entries
    logic [127:0]      of_data_q [2];
    logic [127:0]      of_data_d [2];
    logic [USER_W-1:0] of_user_q [2];
    logic [USER_W-1:0] of_user_d [2];
    logic [1:0]        of_cnt_q, of_cnt_d;
    logic              of_wp_q, of_wp_d;
    logic              of_rp_q, of_rp_d;

    logic adv;                        // the pipeline moves this clock
    logic fire;
    logic dec_in;
    logic [3:0] p0;                   // entry stage 15-Nr
    logic [3:0] nr;

    always_comb begin
      case (ks_klen)
        2'd0:    begin nr = 4'd10; p0 = 4'd5; end
        2'd1:    begin nr = 4'd12; p0 = 4'd3; end
        default: begin nr = 4'd14; p0 = 4'd1; end
      endcase
    end

    assign adv         = (of_cnt_q != 2'd2);
    assign in_ready_o  = adv && ks_ok && !ks_busy;
    assign fire        = in_valid_i && in_ready_o;
    assign dec_in      = DECRYPT ? in_decrypt_i : 1'b0;
    assign key_ready_o = !ks_busy && (v_q == '0);
    assign ks_load     = key_valid_i && key_ready_o && !ks_hit;

    // initial AddRoundKey: round key 0 (encrypt) or Nr (decrypt)
    logic [127:0] in_ark;
    logic [3:0]   rk0_idx;
    assign rk0_idx = dec_in ? nr : 4'd0;
    assign in_ark  = in_data_i ^ ks_w[128*rk0_idx +: 128];

    // ------------------------------------------------------------ round stages
    logic [127:0] s_in  [NS+1];       // stage input state
    logic [NS:0]  s_v;                // stage input valid
    logic [NS:0]  s_dr;
    logic [USER_W-1:0] s_us [NS+1];
    logic [127:0] s_out [NS+1];

    assign s_in[0]  = '0;
    assign s_v[0]   = 1'b0;
    assign s_dr[0]  = 1'b0;
    assign s_us[0]  = '0;
    assign s_out[0] = '0;

    for (genvar s = 1; s <= NS; s++) begin : g_stage
      logic [127:0] rk_enc;
      logic [127:0] enc_res;
      logic [127:0] dec_res;

      always_comb begin
        if (4'(s) == p0) begin
          s_in[s] = in_ark;
          s_v[s]  = fire;
          s_dr[s] = dec_in;
          s_us[s] = in_user_i;
        end else begin
          s_in[s] = st_q[s-1];
          s_v[s]  = v_q[s-1];
          s_dr[s] = dr_q[s-1];
          s_us[s] = us_q[s-1];
        end
        // encryption round s-14+Nr (stages before the entry stage carry no block)
        case (ks_klen)
          2'd0:    rk_enc = (s >= 5) ? ks_w[128*((s >= 5) ? s-4 : 0) +: 128] : '0;
          2'd1:    rk_enc = (s >= 3) ? ks_w[128*((s >= 3) ? s-2 : 0) +: 128] : '0;
          default: rk_enc = ks_w[128*s +: 128];
        endcase
      end

      vcrypto_aes_enc_round u_enc (
        .state_i (s_in[s]),
        .rkey_i  (rk_enc),
        .last_i  (s == NS),
        .state_o (enc_res)
      );

      if (DECRYPT) begin : g_dec
        vcrypto_aes_dec_round u_dec (
          .state_i (s_in[s]),
          .rkey_i  (ks_w[128*(NS-s) +: 128]),
          .last_i  (s == NS),
          .state_o (dec_res)
        );
      end else begin : g_no_dec
        assign dec_res = '0;
      end

      assign s_out[s] = s_dr[s] ? dec_res : enc_res;
    end

    // ------------------------------------------------------------ next state
    logic push;
    logic pop;
    assign push = adv && v_q[NS];
    assign pop  = (of_cnt_q != 2'd0) && out_ready_i;

    always_comb begin
      st_d      = st_q;
      us_d      = us_q;
      v_d       = v_q;
      dr_d      = dr_q;
      of_data_d = of_data_q;
      of_user_d = of_user_q;
      of_cnt_d  = of_cnt_q;
      of_wp_d   = of_wp_q;
      of_rp_d   = of_rp_q;
      if (adv) begin
        for (int s = 1; s <= NS; s++) begin
          st_d[s] = s_out[s];
          us_d[s] = s_us[s];
          v_d[s]  = s_v[s];
          dr_d[s] = s_dr[s];
        end
      end
      v_d[0]  = 1'b0;
      dr_d[0] = 1'b0;
      if (push) begin
        of_data_d[of_wp_q] = st_q[NS];
        of_user_d[of_wp_q] = us_q[NS];
        of_wp_d            = !of_wp_q;
      end
      if (pop) of_rp_d = !of_rp_q;
      case ({push, pop})
        2'b10:   of_cnt_d = of_cnt_q + 2'd1;
        2'b01:   of_cnt_d = of_cnt_q - 2'd1;
        default: of_cnt_d = of_cnt_q;
      endcase
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        v_q      <= '0;
        dr_q     <= '0;
        of_cnt_q <= 2'd0;
        of_wp_q  <= 1'b0;
        of_rp_q  <= 1'b0;
      end else begin
        v_q      <= v_d;
        dr_q     <= dr_d;
        of_cnt_q <= of_cnt_d;
        of_wp_q  <= of_wp_d;
        of_rp_q  <= of_rp_d;
      end
    end

    // Datapath registers need no reset (qualified by v_q / of_cnt_q).
    always_ff @(posedge clk_i) begin
      st_q      <= st_d;
      us_q      <= us_d;
      of_data_q <= of_data_d;
      of_user_q <= of_user_d;
    end

    assign out_valid_o = (of_cnt_q != 2'd0);
    assign out_data_o  = of_data_q[of_rp_q];
    assign out_user_o  = of_user_q[of_rp_q];

    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_pipe;
    assign unused_pipe = ^{st_q[0], us_q[0], s_out[0]};
    /* verilator lint_on UNUSEDSIGNAL */

  end else begin : g_iter
    // ------------------------------------------------------------ iterative core + side FIFO
    logic              c_in_ready;
    logic              c_out_valid;
    logic              fire;
    logic [USER_W-1:0] sf_q [2];
    logic [USER_W-1:0] sf_d [2];
    logic              sf_wp_q, sf_wp_d;
    logic              sf_rp_q, sf_rp_d;

    vcrypto_aes_core u_core (
      .clk_i        (clk_i),
      .rst_i        (rst_i),
      .key_valid_i  (key_valid_i),
      .key_ready_o  (key_ready_o),
      .key_i        (key_i),
      .key_len_i    (key_len_i),
      .in_valid_i   (in_valid_i),
      .in_ready_o   (c_in_ready),
      .in_data_i    (in_data_i),
      .in_decrypt_i (DECRYPT ? in_decrypt_i : 1'b0),
      .out_valid_o  (c_out_valid),
      .out_ready_i  (out_ready_i),
      .out_data_o   (out_data_o)
    );

    // the core holds at most two blocks (round loop + output register)
    assign in_ready_o  = c_in_ready;
    assign out_valid_o = c_out_valid;
    assign fire        = in_valid_i && c_in_ready;

    always_comb begin
      sf_d    = sf_q;
      sf_wp_d = sf_wp_q;
      sf_rp_d = sf_rp_q;
      if (fire) begin
        sf_d[sf_wp_q] = in_user_i;
        sf_wp_d       = !sf_wp_q;
      end
      if (c_out_valid && out_ready_i) sf_rp_d = !sf_rp_q;
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        sf_wp_q <= 1'b0;
        sf_rp_q <= 1'b0;
      end else begin
        sf_wp_q <= sf_wp_d;
        sf_rp_q <= sf_rp_d;
      end
    end

    always_ff @(posedge clk_i) begin
      sf_q <= sf_d;
    end

    assign out_user_o = sf_q[sf_rp_q];
  end

endmodule
