// vcrypto_aes_inv_mix_column: FIPS-197 InvMixColumns on one column.
// Byte r of the column (state row r) sits in bits [8*r+7 : 8*r]. Combinational.
module vcrypto_aes_inv_mix_column (
  input  logic [31:0] col_i,
  output logic [31:0] col_o
);

  // Per-byte multiples of the input column in GF(2^8): {02}, {04}, {08}, {09}, {0b}, {0d}, {0e}
  logic [31:0] a2, a4, a8, m9, mb, md, me;

  always_comb begin
    for (int r = 0; r < 4; r++) begin
      a2[8*r +: 8] = {col_i[8*r +: 7], 1'b0} ^ (col_i[8*r+7] ? 8'h1b : 8'h00);
      a4[8*r +: 8] = {a2[8*r +: 7], 1'b0} ^ (a2[8*r+7] ? 8'h1b : 8'h00);
      a8[8*r +: 8] = {a4[8*r +: 7], 1'b0} ^ (a4[8*r+7] ? 8'h1b : 8'h00);
    end
    m9 = a8 ^ col_i;
    mb = a8 ^ a2 ^ col_i;
    md = a8 ^ a4 ^ col_i;
    me = a8 ^ a4 ^ a2;
    // b_r = e*a_r ^ b*a_{r+1} ^ d*a_{r+2} ^ 9*a_{r+3}
    for (int r = 0; r < 4; r++) begin
      col_o[8*r +: 8] = me[8*r +: 8] ^ mb[8*((r+1)%4) +: 8] ^ md[8*((r+2)%4) +: 8]
                      ^ m9[8*((r+3)%4) +: 8];
    end
  end

endmodule
