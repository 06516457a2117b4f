// vcrypto_fetch_window: read-ahead window over up to N consecutive entries of a table or ring in
// host memory, filled by one DMA read whose beats arrive packed from lane 0. The split
// virtqueue engine keeps one for descriptors and one for avail-ring heads: the engine issues the
// read and decides what a fill is worth (errors, retries); the window stores the beats, counts
// them and answers "is position p in the window, and what is there".
module vcrypto_fetch_window #(
  // Entry width in bits (16: avail ring head, 128: descriptor).
  parameter int unsigned EW = 128,
  // Most entries one fill brings (1, 2, 4, 8 or 16).
  parameter int unsigned N = 8,
  // DMA read data width in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128
) (
  input  logic                  clk_i,
  input  logic                  rst_i,
  // Lookup: the entry at position pos_i, when hit_o.
  input  logic [15:0]           pos_i,
  output logic                  hit_o,
  output logic [EW-1:0]         entry_o,
  // Empty the window.
  input  logic                  clear_i,
  // A read of n_i entries starting at position base_i was issued: the window is empty until
  // commit_i.
  input  logic                  start_i,
  input  logic [15:0]           base_i,
  input  logic [$clog2(N):0]    n_i,
  // Its data beats.
  input  logic                  beat_valid_i,
  input  logic [DATA_WIDTH-1:0] beat_i,
  output logic                  last_beat_o,   // beat_i is the fill's last beat
  output logic [EW-1:0]         first_o,       // the fill's first entry (beat_i included)
  output logic [$clog2(N):0]    fill_n_o,      // entries asked by the fill
  // The fill is good (with or after its last beat): its entries become visible.
  input  logic                  commit_i
);
  localparam int unsigned NW    = (N > 1) ? $clog2(N) : 1;
  localparam int unsigned CW    = $clog2(N) + 1;
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  localparam int unsigned WW    = (N * EW > DATA_WIDTH) ? N * EW : DATA_WIDTH;
  localparam int unsigned NB    = WW / DATA_WIDTH;               // beats of a full window
  localparam int unsigned NBW   = $clog2(NB + 1);

  if (N != 1 && N != 2 && N != 4 && N != 8 && N != 16) begin : g_bad_n
    $error("vcrypto_fetch_window: N must be 1, 2, 4, 8 or 16");
  end
  if (EW % 8 != 0) begin : g_bad_ew
    $error("vcrypto_fetch_window: EW must be a whole number of bytes");
  end

  logic [WW-1:0]  data_q, data_d;
  logic [15:0]    base_q, base_d;
  logic [CW-1:0]  cnt_q, cnt_d;       // entries visible (0: empty)
  logic [CW-1:0]  fill_q, fill_d;     // entries of the fill in flight
  logic [NBW-1:0] beat_q, beat_d;     // its beats received so far
  logic [NBW-1:0] beats;              // its beats in all
  logic [15:0]    off;

  always_comb begin
    data_d = data_q;
    base_d = base_q;
    cnt_d  = cnt_q;
    fill_d = fill_q;
    beat_d = beat_q;
    beats  = NBW'(((32'(fill_q) * (EW / 8)) + BYTES - 1) / BYTES);
    if (beat_valid_i) begin
      for (int b = 0; b < NB; b++) begin
        if (beat_q == NBW'(b)) data_d[b*DATA_WIDTH +: DATA_WIDTH] = beat_i;
      end
      beat_d = beat_q + 1'b1;
    end
    if (commit_i) cnt_d = fill_q;
    if (start_i) begin
      base_d = base_i;
      fill_d = n_i;
      beat_d = '0;
      cnt_d  = '0;
    end
    if (clear_i) cnt_d = '0;
  end

  always_comb begin
    off     = pos_i - base_q;
    hit_o   = (cnt_q != '0) && (off < 16'(cnt_q));
    entry_o = '0;
    for (int k = 0; k < N; k++) begin
      if (off[NW-1:0] == NW'(k)) entry_o = data_q[k*EW +: EW];
    end
  end
  assign last_beat_o = beat_valid_i && (beat_q == beats - 1'b1);
  assign first_o     = data_d[EW-1:0];
  assign fill_n_o    = fill_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      data_q <= '0; base_q <= '0; cnt_q <= '0; fill_q <= '0; beat_q <= '0;
    end else begin
      data_q <= data_d; base_q <= base_d; cnt_q <= cnt_d; fill_q <= fill_d; beat_q <= beat_d;
    end
  end
endmodule
