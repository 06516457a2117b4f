// vcrypto_aes_key_step: one FIPS-197 key-expansion step (KeyExpansion, one new word w[i]).
// Combinational. Shared by the iterative core's on-the-fly schedule (vcrypto_aes_core) and the
// cached schedule of the pipelined datapath (vcrypto_aes_key_sched), which both expand one word
// per clock from a window of the last eight words (w[i-1] in bits [31:0]).
module vcrypto_aes_key_step (
  input  logic [255:0] win_i,    // w[i-1] .. w[i-8], w[i-1] in bits [31:0]
  input  logic [1:0]   klen_i,   // key length: 0 = 128, 1 = 192, 2 = 256 bits
  input  logic [2:0]   kj_i,     // i mod Nk
  input  logic [7:0]   rcon_i,   // round constant for i mod Nk = 0
  output logic [31:0]  word_o    // w[i]
);
  logic [31:0] kprev;             // w[i-1]
  logic [31:0] kold;              // w[i-Nk]
  logic [31:0] ksub_in;
  logic [31:0] ksub;

  always_comb begin
    kprev = win_i[31:0];
    case (klen_i)
      2'd0:    kold = win_i[32*3 +: 32];
      2'd1:    kold = win_i[32*5 +: 32];
      default: kold = win_i[32*7 +: 32];
    endcase
  end

  // RotWord [a0,a1,a2,a3] -> [a1,a2,a3,a0]; with a0 in bits [7:0] this is a right rotate by 8
  assign ksub_in = (kj_i == 3'd0) ? {kprev[7:0], kprev[31:8]} : kprev;

  vcrypto_aes_sub_word u_sub_word (
    .word_i (ksub_in),
    .word_o (ksub)
  );

  always_comb begin
    if (kj_i == 3'd0) begin
      word_o = kold ^ ksub ^ {24'd0, rcon_i};
    end else if (klen_i == 2'd2 && kj_i == 3'd4) begin
      word_o = kold ^ ksub;                                  // Nk = 8: SubWord only
    end else begin
      word_o = kold ^ kprev;
    end
  end

  // only w[i-1] and w[i-Nk] of the window are used (which one depends on the key length)
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_ok;
  assign unused_ok = ^{win_i[223:192], win_i[159:128], win_i[95:32]};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
