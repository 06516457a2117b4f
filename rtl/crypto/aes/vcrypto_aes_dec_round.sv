// vcrypto_aes_dec_round: one AES inverse-cipher round (FIPS-197 5.3), combinational:
// InvShiftRows, InvSubBytes, AddRoundKey, InvMixColumns (skipped when last_i).
// Byte i of the state is bits [8*i+7 : 8*i]; it is row i%4, column i/4 (FIPS-197 in[r+4c]).
module vcrypto_aes_dec_round (
  input  logic [127:0] state_i,
  input  logic [127:0] rkey_i,
  input  logic         last_i,
  output logic [127:0] state_o
);

  logic [127:0] shift;
  logic [127:0] sub;
  logic [127:0] ark;
  logic [127:0] mix;

  // InvShiftRows: out[r + 4((c + r) mod 4)] = in[r + 4c]
  for (genvar c = 0; c < 4; c++) begin : g_shift_col
    for (genvar r = 0; r < 4; r++) begin : g_shift_row
      assign shift[8*(r + 4*((c + r) % 4)) +: 8] = state_i[8*(r + 4*c) +: 8];
    end
  end

  for (genvar i = 0; i < 16; i++) begin : g_sbox
    vcrypto_aes_inv_sbox u_sbox (
      .in_i  (shift[8*i +: 8]),
      .out_o (sub[8*i +: 8])
    );
  end

  assign ark = sub ^ rkey_i;

  for (genvar c = 0; c < 4; c++) begin : g_mix
    vcrypto_aes_inv_mix_column u_mix (
      .col_i (ark[32*c +: 32]),
      .col_o (mix[32*c +: 32])
    );
  end

  assign state_o = last_i ? ark : mix;

endmodule
