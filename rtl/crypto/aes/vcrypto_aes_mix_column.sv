// vcrypto_aes_mix_column: FIPS-197 MixColumns on one column.
// Byte r of the column (state row r) sits in bits [8*r+7 : 8*r]. Combinational.
module vcrypto_aes_mix_column (
  input  logic [31:0] col_i,
  output logic [31:0] col_o
);

  // a2: every byte multiplied by {02} (xtime) in GF(2^8) mod x^8+x^4+x^3+x+1
  logic [31:0] a2;

  always_comb begin
    for (int r = 0; r < 4; r++) begin
      a2[8*r +: 8] = {col_i[8*r +: 7], 1'b0} ^ (col_i[8*r+7] ? 8'h1b : 8'h00);
    end
    // b_r = 2*a_r ^ 3*a_{r+1} ^ a_{r+2} ^ a_{r+3}
    for (int r = 0; r < 4; r++) begin
      col_o[8*r +: 8] = a2[8*r +: 8] ^ a2[8*((r+1)%4) +: 8] ^ col_i[8*((r+1)%4) +: 8]
                      ^ col_i[8*((r+2)%4) +: 8] ^ col_i[8*((r+3)%4) +: 8];
    end
  end

endmodule
