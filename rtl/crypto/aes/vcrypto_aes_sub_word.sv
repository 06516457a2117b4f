// vcrypto_aes_sub_word: FIPS-197 SubWord (S-box on each byte of a key-schedule word).
// Combinational; byte 0 of the word is bits [7:0].
module vcrypto_aes_sub_word (
  input  logic [31:0] word_i,
  output logic [31:0] word_o
);

  for (genvar i = 0; i < 4; i++) begin : g_sbox
    vcrypto_aes_sbox u_sbox (
      .in_i  (word_i[8*i +: 8]),
      .out_o (word_o[8*i +: 8])
    );
  end

endmodule
