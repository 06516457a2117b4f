// vcrypto_dma_rr_arb: round-robin arbiter over N requesters.
// Combinational grant (the first requester after the last winner); the pointer moves on
// accept_i, so arbitration happens once per command.
module vcrypto_dma_rr_arb #(
  // Number of requesters.
  parameter int unsigned N = 2,
  // Width of the grant index (derived; do not override).
  parameter int unsigned IDXW = (N > 1) ? $clog2(N) : 1
) (
  input  logic            clk_i,
  input  logic            rst_i,
  // Request vector.
  input  logic [N-1:0]    req_i,
  // The granted request was taken this cycle: advance the pointer past it.
  input  logic            accept_i,
  // Some request is granted.
  output logic            valid_o,
  // Index of the granted requester (meaningful while valid_o).
  output logic [IDXW-1:0] idx_o
);
  logic [IDXW-1:0] last_q, last_d;

  always_comb begin
    logic [IDXW:0] cand;
    valid_o = 1'b0;
    idx_o   = '0;
    // Scan from the highest priority (last+1) down to last itself; the last hit wins,
    // so iterate in reverse priority order.
    for (int k = N; k >= 1; k--) begin
      cand = {1'b0, last_q} + (IDXW+1)'(k);
      if (cand >= (IDXW+1)'(N)) cand = cand - (IDXW+1)'(N);
      if (req_i[cand[IDXW-1:0]]) begin
        valid_o = 1'b1;
        idx_o   = cand[IDXW-1:0];
      end
    end
  end

  always_comb begin
    last_d = last_q;
    if (accept_i && valid_o) last_d = idx_o;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) last_q <= IDXW'(N - 1);
    else       last_q <= last_d;
  end
endmodule
