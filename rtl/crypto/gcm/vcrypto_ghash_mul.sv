// vcrypto_ghash_mul: digit-serial GF(2^128) multiplier for GHASH (SP 800-38D, algorithm 1).
//
// z = a * b in GF(2^128) with the GCM polynomial x^128 + x^7 + x^2 + x + 1 and the GCM bit
// order: bit 0 of a block (coefficient of x^0) is the most significant bit of block byte 0.
// Ports use the bus byte order of design.md (block byte i at [8*i+7:8*i]); the module
// reflects the bits of every byte internally, so coefficient x^k sits at internal bit k.
//
// Handshake: a product starts when in_valid_i && in_ready_o (a_i, b_i sampled then). It is
// computed DIGIT coefficients of a per clock, the first digit already in the start clock, so
// it takes 128/DIGIT clocks; out_valid_o pulses for one clock with the result on z_o, which
// then holds until the next start. in_ready_o is high in that clock again, so a new product
// may start back to back (throughput: one product per 128/DIGIT clocks; DIGIT = 128 gives a
// fully parallel multiplier that takes one product per clock).
module vcrypto_ghash_mul #(
  // Coefficients of a processed per clock: 1, 2, 4, 8, 16, 32, 64 or 128.
  parameter int DIGIT = 16
) (
  input  logic         clk_i,
  input  logic         rst_i,

  input  logic         in_valid_i,
  output logic         in_ready_o,
  input  logic [127:0] a_i,
  input  logic [127:0] b_i,

  output logic         out_valid_o,
  output logic [127:0] z_o
);

  // Clocks per product.
  localparam int NSTEP = 128 / DIGIT;

  // ---------------------------------------------------------------- registers
  logic         busy_q, busy_d;
  logic [7:0]   cnt_q, cnt_d;      // digits processed so far
  logic [127:0] x_q, x_d;          // remaining coefficients of a (next digit at [DIGIT-1:0])
  logic [127:0] v_q, v_d;          // b * x^(DIGIT*cnt) mod P
  logic [127:0] z_q, z_d;          // partial product
  logic         ovalid_q, ovalid_d;

  // ---------------------------------------------------------------- bit reflection
  logic [127:0] a_r;
  logic [127:0] b_r;
  logic [127:0] zout;

  always_comb begin
    for (int i = 0; i < 16; i++) begin
      for (int b = 0; b < 8; b++) begin
        zout[8*i + b] = z_q[8*i + 7 - b];
      end
    end
    a_r = a_i;
    b_r = b_i;
    if (in_valid_i) begin
      for (int i = 0; i < 16; i++) begin
        for (int b = 0; b < 8; b++) begin
          a_r[8*i + b] = a_i[8*i + 7 - b];
          b_r[8*i + b] = b_i[8*i + 7 - b];
        end
      end
    end
  end

  // ---------------------------------------------------------------- one digit step
  logic         start;
  logic [127:0] sx;
  logic [127:0] sv;
  logic [127:0] sz;
  logic [127:0] nv;
  logic [127:0] nz;

  assign in_ready_o = !busy_q;
  assign start      = in_valid_i && !busy_q;

  // The digit step is only evaluated while a product runs (same logic for synthesis; an idle
  // multiplier costs a simulator nothing).
  always_comb begin
    sx = start ? a_r : x_q;
    sv = start ? b_r : v_q;
    sz = start ? 128'd0 : z_q;
    nv = sv;
    nz = sz;
    if (start || busy_q) begin
      for (int j = 0; j < DIGIT; j++) begin
        if (sx[j]) nz = nz ^ nv;
        // multiply by x: shift towards x^127, reduce x^128 = x^7 + x^2 + x + 1
        nv = {nv[126:0], 1'b0} ^ (nv[127] ? 128'h87 : 128'h0);
      end
    end
  end

  always_comb begin
    busy_d   = busy_q;
    cnt_d    = cnt_q;
    x_d      = x_q;
    v_d      = v_q;
    z_d      = z_q;
    ovalid_d = 1'b0;
    if (start || busy_q) begin
      x_d   = sx >> DIGIT;
      v_d   = nv;
      z_d   = nz;
      cnt_d = start ? 8'd1 : cnt_q + 8'd1;
      if (cnt_d == 8'(NSTEP)) begin
        busy_d   = 1'b0;
        ovalid_d = 1'b1;
      end else begin
        busy_d   = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      busy_q   <= 1'b0;
      cnt_q    <= 8'd0;
      ovalid_q <= 1'b0;
    end else begin
      busy_q   <= busy_d;
      cnt_q    <= cnt_d;
      ovalid_q <= ovalid_d;
    end
  end

  // Datapath registers need no reset (qualified by busy_q / ovalid_q).
  always_ff @(posedge clk_i) begin
    x_q <= x_d;
    v_q <= v_d;
    z_q <= z_d;
  end

  assign out_valid_o = ovalid_q;
  assign z_o         = zout;

endmodule
