// vcrypto_dma_rd: read half of the DMA engine.
// Takes one read command at a time (round-robin among NUM_RD clients), splits it into
// AXI reads that touch exactly the command's bytes: full-width INCR bursts from the exact start
// address (never crossing 4 KiB, at most 256 beats, up to MAX_BURSTS outstanding) up to the
// last beat boundary, then single-beat narrow bursts of naturally aligned power-of-two pieces
// for a final partial beat (or a command inside one beat). The returned beats are merged into
// aligned beats and repacked so the first requested byte sits in lane 0.
// With enable_i low the remaining part of a command is not requested: the engine produces the
// missing beats itself as zero data with err set.
// Commands overlap: accepted commands (of any client, round-robin) wait in a command FIFO of
// CMD_DEPTH entries; the ARs of the next command go out as soon as every AR of the previous one
// is issued, while earlier commands' data still returns. All bursts outstanding at once carry
// one AXI ID (set when an empty engine takes a command), so R beats come back in command order.
// Three contexts walk the FIFO in order, each on its own entry: AR issue (ap, ar_*), R merge
// (rp, r_*) and delivery (dp: client/off/in_left/rem/hold); an entry leaves the FIFO when its
// last byte is delivered. With enable_i low the AR context stops, and the R context fakes the
// bytes not requested of every command still in the FIFO (err), which then drains.
module vcrypto_dma_rd #(
  // Width of the AXI data bus in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Width of AXI IDs (ARID carries the client index, truncated).
  parameter int unsigned AXI_ID_WIDTH = 4,
  // Number of read clients.
  parameter int unsigned NUM_RD = 2,
  // Width of the command byte count.
  parameter int unsigned LEN_WIDTH = 16,
  // Largest number of AR bursts in flight at once.
  parameter int unsigned MAX_BURSTS = 4,
  // Commands accepted ahead of delivery (power of two, 2..16).
  parameter int unsigned CMD_DEPTH = 4
) (
  input  logic                          clk_i,
  input  logic                          rst_i,
  // Bus master enable: while low nothing new is requested on AXI.
  input  logic                          enable_i,

  input  logic [NUM_RD-1:0]             cmd_valid_i,
  output logic [NUM_RD-1:0]             cmd_ready_o,
  input  logic [NUM_RD*64-1:0]          cmd_addr_i,
  input  logic [NUM_RD*LEN_WIDTH-1:0]   cmd_len_i,

  output logic [NUM_RD-1:0]             data_valid_o,
  input  logic [NUM_RD-1:0]             data_ready_i,
  output logic [DATA_WIDTH-1:0]         data_o,
  output logic [$clog2(DATA_WIDTH/8):0] data_bytes_o,
  output logic                          data_last_o,
  output logic                          data_err_o,

  // A command is in progress (AXI reads may be outstanding).
  output logic                          busy_o,

  output logic [AXI_ID_WIDTH-1:0]       m_axi_arid,
  output logic [63:0]                   m_axi_araddr,
  output logic [7:0]                    m_axi_arlen,
  output logic [2:0]                    m_axi_arsize,
  output logic [1:0]                    m_axi_arburst,
  output logic                          m_axi_arvalid,
  input  logic                          m_axi_arready,
  input  logic [AXI_ID_WIDTH-1:0]       m_axi_rid,
  input  logic [DATA_WIDTH-1:0]         m_axi_rdata,
  input  logic [1:0]                    m_axi_rresp,
  input  logic                          m_axi_rlast,
  input  logic                          m_axi_rvalid,
  output logic                          m_axi_rready
);
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  localparam int unsigned OFFW  = $clog2(BYTES);
  localparam int unsigned BW    = OFFW + 1;
  localparam int unsigned BEATW = LEN_WIDTH + 1;
  localparam int unsigned IDXW  = (NUM_RD > 1) ? $clog2(NUM_RD) : 1;
  localparam int unsigned BURW  = $clog2(MAX_BURSTS + 1);
  localparam int unsigned PW    = $clog2(CMD_DEPTH);

`ifndef SYNTHESIS
  initial begin
    if (CMD_DEPTH < 2 || CMD_DEPTH > 16 || (CMD_DEPTH & (CMD_DEPTH - 1)) != 0)
      $error("vcrypto_dma_rd: CMD_DEPTH must be a power of two in 2..16");
  end
`endif

  // Size (log2 bytes) of the next narrow piece: the largest power of two below the bus width
  // that is naturally aligned at byte lane `lo` and not larger than `rem` (rem >= 1).
  function automatic logic [2:0] piece_log(input logic [OFFW-1:0] lo,
                                           input logic [LEN_WIDTH-1:0] rem);
    piece_log = 3'd0;
    for (int k = 1; k < OFFW; k++) begin
      if ((lo & OFFW'((1 << k) - 1)) == '0 && rem >= LEN_WIDTH'(1 << k)) piece_log = 3'(k);
    end
  endfunction

  // R channel ID is not needed: every outstanding burst carries one ID (tag_q), so R is in order.
  logic unused_rid;
  assign unused_rid = ^m_axi_rid;

  // ---------------------------------------------------------------- arbitration
  logic            arb_valid;
  logic [IDXW-1:0] arb_idx;
  logic            accept;

  vcrypto_dma_rr_arb #(.N(NUM_RD)) u_arb (
    .clk_i    (clk_i),
    .rst_i    (rst_i),
    .req_i    (cmd_valid_i),
    .accept_i (accept),
    .valid_o  (arb_valid),
    .idx_o    (arb_idx)
  );

  // ---------------------------------------------------------------- state
  // Bytes are requested exactly: full-width INCR bursts (the first one may start at an
  // unaligned address) cover the command up to its last beat boundary, the bytes of a final
  // partial beat (or a command inside one beat) are fetched with single-beat narrow bursts of
  // naturally aligned power-of-two size. The R side replays the same plan (r_lo/r_rem) to merge
  // the returned beats into whole aligned beats for the repacking stage.
  logic                  active_q, active_d;      // the delivery context holds entry dp
  logic [IDXW-1:0]       client_q, client_d;
  logic [OFFW-1:0]       off_q, off_d;
  logic [63:0]           ar_addr_q, ar_addr_d;    // next byte to request
  logic [LEN_WIDTH-1:0]  ar_rem_q, ar_rem_d;      // bytes not yet requested
  logic [OFFW-1:0]       r_lo_q, r_lo_d;          // lane of the next byte to receive
  logic [LEN_WIDTH-1:0]  r_rem_q, r_rem_d;        // bytes not yet received (or faked)
  logic [DATA_WIDTH-1:0] acc_q, acc_d;            // aligned beat being assembled
  logic                  acc_err_q, acc_err_d;
  logic [BEATW-1:0]      in_left_q, in_left_d;
  logic [LEN_WIDTH-1:0]  rem_q, rem_d;
  logic                  abort_q, abort_d;
  logic                  err_q, err_d;
  logic [DATA_WIDTH-1:0] hold_q, hold_d;
  logic                  hold_valid_q, hold_valid_d;
  logic [BURW-1:0]       bursts_q, bursts_d;
  // command FIFO: entries [dp, wp); pointers carry a wrap bit
  logic [63:0]           cq_addr_q  [CMD_DEPTH];
  logic [LEN_WIDTH-1:0]  cq_len_q   [CMD_DEPTH];
  logic [IDXW-1:0]       cq_client_q[CMD_DEPTH];
  logic [BEATW-1:0]      cq_beats_q [CMD_DEPTH];  // aligned beats of the command
  logic                  cq_we;
  logic [BEATW-1:0]      cq_beats_in;             // beats of the command being accepted
  logic [PW:0]           wp_q, wp_d;              // next free entry
  logic [PW:0]           dp_q, dp_d;              // delivery context's entry
  logic [PW:0]           rp_q, rp_d;              // R context's entry
  logic [PW:0]           ap_q, ap_d;              // AR context's entry
  logic                  ar_ld_q, ar_ld_d;        // the AR context holds entry ap
  // AXI ID of every burst while commands overlap: set when an idle engine takes a command and
  // kept for queued ones, so all outstanding bursts share one ID and return in order
  logic [IDXW-1:0]       tag_q, tag_d;

  logic                    arvalid_q, arvalid_d;
  logic [63:0]             araddr_q, araddr_d;
  logic [7:0]              arlen_q, arlen_d;
  logic [2:0]              arsize_q, arsize_d;
  logic [AXI_ID_WIDTH-1:0] arid_q, arid_d;

  // Two-entry FIFO of assembled aligned beats; rready is a register.
  logic [DATA_WIDTH-1:0] rf_data0_q, rf_data0_d;
  logic [DATA_WIDTH-1:0] rf_data1_q, rf_data1_d;
  logic [1:0]            rf_err_q, rf_err_d;
  logic [1:0]            rf_cnt_q, rf_cnt_d;
  logic                  rf_head_q, rf_head_d;
  logic                  rready_q, rready_d;

  logic                  out_valid_q, out_valid_d;
  logic [DATA_WIDTH-1:0] out_data_q, out_data_d;
  logic [BW-1:0]         out_bytes_q, out_bytes_d;
  logic                  out_last_q, out_last_d;
  logic                  out_err_q, out_err_d;

  // ---------------------------------------------------------------- next state
  always_comb begin
    logic [LEN_WIDTH-1:0]  len;
    logic [63:0]           addr;
    logic [BEATW-1:0]      span;
    logic [OFFW-1:0]       a_lo;
    logic [BW-1:0]         a_reach;
    logic [2:0]            a_log;
    logic [12-OFFW:0]      page_beats;
    logic [BEATW-1:0]      beats;
    logic [LEN_WIDTH-1:0]  a_bytes;
    logic [BW-1:0]         r_reach;
    logic [BW-1:0]         r_size;
    logic                  r_comp;
    logic                  r_in;
    logic                  fake;
    logic                  r_switch;
    logic [OFFW-1:0]       r_lo_c;
    logic [LEN_WIDTH-1:0]  r_rem_c;
    logic                  acc_e_c;
    logic                  push;
    logic [DATA_WIDTH-1:0] r_data;
    logic                  r_err;
    logic [DATA_WIDTH-1:0] merged;
    logic                  merged_err;
    logic                  fpush;
    logic                  in_valid;
    logic [DATA_WIDTH-1:0] in_data;
    logic                  in_err;
    logic                  consume;
    logic                  load_out;
    logic                  out_free;
    logic [DATA_WIDTH-1:0] src_lo, src_hi;
    logic [DATA_WIDTH-1:0] shifted;
    logic [LEN_WIDTH-1:0]  nbytes;
    logic [PW:0]           rp_c;
    logic [PW:0]           nx;
    logic                  ar_next;
    logic                  empty_take;

    active_d     = active_q;
    client_d     = client_q;
    off_d        = off_q;
    ar_addr_d    = ar_addr_q;
    ar_rem_d     = ar_rem_q;
    r_lo_d       = r_lo_q;
    r_rem_d      = r_rem_q;
    acc_d        = acc_q;
    acc_err_d    = acc_err_q;
    in_left_d    = in_left_q;
    rem_d        = rem_q;
    abort_d      = abort_q;
    err_d        = err_q;
    hold_d       = hold_q;
    hold_valid_d = hold_valid_q;
    bursts_d     = bursts_q;
    wp_d         = wp_q;
    dp_d         = dp_q;
    rp_d         = rp_q;
    ap_d         = ap_q;
    ar_ld_d      = ar_ld_q;
    tag_d        = tag_q;
    arvalid_d    = arvalid_q;
    araddr_d     = araddr_q;
    arlen_d      = arlen_q;
    arsize_d     = arsize_q;
    arid_d       = arid_q;
    rf_data0_d   = rf_data0_q;
    rf_data1_d   = rf_data1_q;
    rf_err_d     = rf_err_q;
    rf_cnt_d     = rf_cnt_q;
    rf_head_d    = rf_head_q;
    out_valid_d  = out_valid_q;
    out_data_d   = out_data_q;
    out_bytes_d  = out_bytes_q;
    out_last_d   = out_last_q;
    out_err_d    = out_err_q;

    cmd_ready_o = '0;
    accept      = 1'b0;
    len         = '0;
    addr        = '0;
    span        = '0;
    consume     = 1'b0;
    load_out    = 1'b0;
    src_lo      = '0;
    src_hi      = '0;
    nbytes      = '0;
    merged      = '0;
    merged_err  = 1'b0;
    fpush       = 1'b0;
    cq_we       = 1'b0;
    cq_beats_in = '0;
    ar_next     = 1'b0;
    nx          = '0;

    // ---- command accept: any client's command while the FIFO has room (an empty engine
    // also during an abort's aftermath, which ends there; a busy one only while enabled)
    if (arb_valid && (wp_q - dp_q) != (PW+1)'(CMD_DEPTH) &&
        (wp_q == dp_q || (!abort_q && enable_i))) begin
      cmd_ready_o[arb_idx] = 1'b1;
      accept = cmd_valid_i[arb_idx];
    end
    // the accepted command's address, length and aligned-beat span
    if (accept) begin
      addr = cmd_addr_i[arb_idx*64 +: 64];
      len  = cmd_len_i[arb_idx*LEN_WIDTH +: LEN_WIDTH];
      span = BEATW'(addr[OFFW-1:0]) + BEATW'(len) + BEATW'(BYTES - 1);
      // len = 0 is outside the contract; make it a no-op command (no beats, no AXI).
      if (len == '0) span = '0;
    end
    if (accept) begin
      cq_we       = 1'b1;
      cq_beats_in = span >> OFFW;
      wp_d        = wp_q + (PW+1)'(1);
    end
    // an empty engine: every context takes the command at once
    empty_take = accept && wp_q == dp_q;
    if (empty_take) begin
      dp_d         = wp_q;
      rp_d         = wp_q;
      ap_d         = wp_q;
      ar_ld_d      = 1'b1;
      active_d     = 1'b1;
      client_d     = arb_idx;
      tag_d        = arb_idx;
      off_d        = addr[OFFW-1:0];
      ar_addr_d    = addr;
      ar_rem_d     = len;
      r_lo_d       = addr[OFFW-1:0];
      r_rem_d      = len;
      acc_err_d    = 1'b0;
      in_left_d    = span >> OFFW;
      rem_d        = len;
      abort_d      = 1'b0;
      err_d        = 1'b0;
      hold_valid_d = 1'b0;
    end

    // ---- AR issue: a full-width burst while the rest reaches the end of the current beat,
    // else one narrow single-beat piece.
    a_lo       = ar_addr_q[OFFW-1:0];
    a_reach    = BW'(BYTES) - BW'(a_lo);
    a_log      = piece_log(a_lo, ar_rem_q);
    page_beats = (13-OFFW)'(4096 / BYTES) - {1'b0, ar_addr_q[11:OFFW]};
    beats      = (BEATW'(a_lo) + BEATW'(ar_rem_q)) >> OFFW;
    if (beats > BEATW'(page_beats)) beats = BEATW'(page_beats);
    if (beats > BEATW'(256)) beats = BEATW'(256);
    a_bytes    = LEN_WIDTH'({beats, {OFFW{1'b0}}}) - LEN_WIDTH'(a_lo);

    if (arvalid_q && m_axi_arready) arvalid_d = 1'b0;
    if (ar_ld_q && !abort_q && ar_rem_q != '0) begin
      if (!enable_i) begin
        abort_d = 1'b1;
      end else if ((!arvalid_q || m_axi_arready) && bursts_q < BURW'(MAX_BURSTS)) begin
        arvalid_d = 1'b1;
        araddr_d  = ar_addr_q;
        arid_d    = AXI_ID_WIDTH'(tag_q);
        bursts_d  = bursts_d + BURW'(1);
        if (LEN_WIDTH'(a_reach) <= ar_rem_q) begin
          arlen_d   = 8'(beats - BEATW'(1));
          arsize_d  = 3'(OFFW);
          ar_addr_d = ar_addr_q + 64'(a_bytes);
          ar_rem_d  = ar_rem_q - a_bytes;
        end else begin
          arlen_d   = 8'd0;
          arsize_d  = a_log;
          ar_addr_d = ar_addr_q + (64'd1 << a_log);
          ar_rem_d  = ar_rem_q - (LEN_WIDTH'(1) << a_log);
        end
      end
    end

    // ---- R side: one returned beat (or, after an abort, a synthesized rest of the current
    // aligned beat once everything requested has come back) is merged into the accumulator.
    // The R context moves on to the queued command once the current one is received; a beat
    // arriving in that clock already belongs to the queued command.
    // the R context moves to the next entry once the AR context has reached it
    r_switch = (r_rem_q == '0) && (rp_q != ap_q) && ((rp_q + (PW+1)'(1)) != wp_q);
    rp_c     = r_switch ? rp_q + (PW+1)'(1) : rp_q;
    r_lo_c   = r_switch ? cq_addr_q[rp_c[PW-1:0]][OFFW-1:0] : r_lo_q;
    r_rem_c  = r_switch ? cq_len_q[rp_c[PW-1:0]] : r_rem_q;
    acc_e_c  = r_switch ? 1'b0 : acc_err_q;
    if (r_switch) begin
      rp_d      = rp_c;
      r_lo_d    = r_lo_c;
      r_rem_d   = r_rem_c;
      acc_err_d = 1'b0;
    end
    push    = m_axi_rvalid && rready_q;
    // after an abort: everything the AR context requested of this command has come back
    fake    = abort_q && ar_ld_q && (rp_c == ap_q) && (r_rem_c <= ar_rem_q) && (r_rem_c != '0) &&
              (rf_cnt_q != 2'd2);
    r_in    = push || fake;
    r_data  = push ? m_axi_rdata : '0;
    r_err   = push ? (m_axi_rresp != 2'b00) : 1'b1;
    r_reach = BW'(BYTES) - BW'(r_lo_c);
    if (LEN_WIDTH'(r_reach) <= r_rem_c) begin
      r_size = r_reach;
      r_comp = 1'b1;
    end else if (fake && !push) begin
      r_size = BW'(r_rem_c);
      r_comp = 1'b1;
    end else begin
      r_size = BW'(1) << piece_log(r_lo_c, r_rem_c);
      r_comp = (LEN_WIDTH'(r_size) == r_rem_c);
    end
    for (int l = 0; l < BYTES; l++) begin
      merged[8*l +: 8] = (OFFW'(l) >= r_lo_c) ? r_data[8*l +: 8] : acc_q[8*l +: 8];
    end
    merged_err = acc_e_c | r_err;
    if (push && m_axi_rlast) bursts_d = bursts_d - BURW'(1);
    if (r_in) begin
      r_lo_d  = r_lo_c + OFFW'(r_size);
      r_rem_d = r_rem_c - LEN_WIDTH'(r_size);
      if (r_comp) begin
        fpush     = 1'b1;
        acc_err_d = 1'b0;
      end else begin
        acc_d     = merged;
        acc_err_d = merged_err;
      end
    end

    // ---- aligned beat from the FIFO
    in_valid = (rf_cnt_q != 2'd0);
    in_data  = rf_head_q ? rf_data1_q : rf_data0_q;
    in_err   = rf_err_q[rf_head_q];

    out_free = !out_valid_q || data_ready_i[client_q];

    if (active_q) begin
      if (!hold_valid_q) begin
        if (in_valid && in_left_q != '0) begin
          if (off_q == '0 || in_left_q == BEATW'(1)) begin
            if (out_free) begin
              consume  = 1'b1;
              load_out = 1'b1;
              src_lo   = in_data;
            end
          end else begin
            consume      = 1'b1;
            hold_d       = in_data;
            hold_valid_d = 1'b1;
          end
        end
      end else if (in_left_q != '0) begin
        if (in_valid && out_free) begin
          consume  = 1'b1;
          load_out = 1'b1;
          src_lo   = hold_q;
          src_hi   = in_data;
          hold_d   = in_data;
        end
      end else if (rem_q != '0 && out_free) begin
        load_out     = 1'b1;
        src_lo       = hold_q;
        hold_valid_d = 1'b0;
      end
    end

    if (consume) begin
      in_left_d = in_left_q - BEATW'(1);
      err_d     = err_q | in_err;
    end

    // ---- FIFO pop / push bookkeeping
    if (consume) begin
      rf_head_d = ~rf_head_q;
    end
    if (fpush) begin
      if (rf_head_q ^ rf_cnt_q[0]) rf_data1_d = merged;
      else                         rf_data0_d = merged;
      rf_err_d[rf_head_q ^ rf_cnt_q[0]] = merged_err;
    end
    rf_cnt_d = rf_cnt_q + {1'b0, fpush} - {1'b0, consume};
    rready_d = (rf_cnt_d != 2'd2);

    // ---- output register
    shifted = DATA_WIDTH'({src_hi, src_lo} >> {off_q, 3'b000});
    if (out_valid_q && data_ready_i[client_q]) out_valid_d = 1'b0;
    if (load_out) begin
      nbytes      = (rem_q > LEN_WIDTH'(BYTES)) ? LEN_WIDTH'(BYTES) : rem_q;
      out_valid_d = 1'b1;
      out_data_d  = shifted;
      out_bytes_d = BW'(nbytes);
      out_last_d  = (rem_q <= LEN_WIDTH'(BYTES));
      out_err_d   = err_d;
      rem_d       = rem_q - nbytes;
    end

    // ---- AR context: to the next entry once every AR of its command is out (after an abort:
    // once the R context has faked the rest of it); an AR context without entry takes the next
    // one pushed
    if (empty_take) begin
      // loaded above
    end else if (ar_ld_q && ((!abort_q && ar_rem_q == '0) ||
                             (abort_q && rp_q == ap_q && r_rem_q == '0 && !r_switch))) begin
      ap_d    = ap_q + (PW+1)'(1);
      ar_next = (ap_q + (PW+1)'(1)) != wp_q;
      ar_ld_d = ar_next;
    end else if (!ar_ld_q && ap_q != wp_q && wp_q != dp_q) begin
      ar_next = 1'b1;
      ar_ld_d = 1'b1;
    end
    if (ar_next) begin
      ar_addr_d = cq_addr_q[ap_d[PW-1:0]];
      ar_rem_d  = cq_len_q[ap_d[PW-1:0]];
    end

    // ---- command end: everything delivered; the entry leaves the FIFO and the next one (if
    // any) is delivered
    nx = dp_q + (PW+1)'(1);
    if (active_q && rem_q == '0 && !out_valid_q) begin
      dp_d     = nx;
      active_d = 1'b0;
    end else if (!active_q && dp_q != wp_q) begin
      nx = dp_q;
    end else begin
      nx = wp_q;                                  // nothing to load
    end
    if (nx != wp_q) begin
      active_d     = 1'b1;
      client_d     = cq_client_q[nx[PW-1:0]];
      off_d        = cq_addr_q[nx[PW-1:0]][OFFW-1:0];
      in_left_d    = cq_beats_q[nx[PW-1:0]];
      rem_d        = cq_len_q[nx[PW-1:0]];
      err_d        = 1'b0;
      hold_valid_d = 1'b0;
    end
  end

  // command FIFO payload (no reset: the pointers say which entries are live)
  always_ff @(posedge clk_i) begin
    if (cq_we) begin
      cq_addr_q[wp_q[PW-1:0]]   <= cmd_addr_i[arb_idx*64 +: 64];
      cq_len_q[wp_q[PW-1:0]]    <= cmd_len_i[arb_idx*LEN_WIDTH +: LEN_WIDTH];
      cq_client_q[wp_q[PW-1:0]] <= arb_idx;
      cq_beats_q[wp_q[PW-1:0]]  <= cq_beats_in;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      active_q     <= 1'b0;
      client_q     <= '0;
      off_q        <= '0;
      ar_addr_q    <= '0;
      ar_rem_q     <= '0;
      r_lo_q       <= '0;
      r_rem_q      <= '0;
      acc_q        <= '0;
      acc_err_q    <= 1'b0;
      in_left_q    <= '0;
      rem_q        <= '0;
      abort_q      <= 1'b0;
      err_q        <= 1'b0;
      hold_q       <= '0;
      hold_valid_q <= 1'b0;
      bursts_q     <= '0;
      wp_q         <= '0;
      dp_q         <= '0;
      rp_q         <= '0;
      ap_q         <= '0;
      ar_ld_q      <= 1'b0;
      tag_q        <= '0;
      arvalid_q    <= 1'b0;
      araddr_q     <= '0;
      arlen_q      <= '0;
      arsize_q     <= '0;
      arid_q       <= '0;
      rf_data0_q   <= '0;
      rf_data1_q   <= '0;
      rf_err_q     <= '0;
      rf_cnt_q     <= '0;
      rf_head_q    <= 1'b0;
      rready_q     <= 1'b0;
      out_valid_q  <= 1'b0;
      out_data_q   <= '0;
      out_bytes_q  <= '0;
      out_last_q   <= 1'b0;
      out_err_q    <= 1'b0;
    end else begin
      active_q     <= active_d;
      client_q     <= client_d;
      off_q        <= off_d;
      ar_addr_q    <= ar_addr_d;
      ar_rem_q     <= ar_rem_d;
      r_lo_q       <= r_lo_d;
      r_rem_q      <= r_rem_d;
      acc_q        <= acc_d;
      acc_err_q    <= acc_err_d;
      in_left_q    <= in_left_d;
      rem_q        <= rem_d;
      abort_q      <= abort_d;
      err_q        <= err_d;
      hold_q       <= hold_d;
      hold_valid_q <= hold_valid_d;
      bursts_q     <= bursts_d;
      wp_q         <= wp_d;
      dp_q         <= dp_d;
      rp_q         <= rp_d;
      ap_q         <= ap_d;
      ar_ld_q      <= ar_ld_d;
      tag_q        <= tag_d;
      arvalid_q    <= arvalid_d;
      araddr_q     <= araddr_d;
      arlen_q      <= arlen_d;
      arsize_q     <= arsize_d;
      arid_q       <= arid_d;
      rf_data0_q   <= rf_data0_d;
      rf_data1_q   <= rf_data1_d;
      rf_err_q     <= rf_err_d;
      rf_cnt_q     <= rf_cnt_d;
      rf_head_q    <= rf_head_d;
      rready_q     <= rready_d;
      out_valid_q  <= out_valid_d;
      out_data_q   <= out_data_d;
      out_bytes_q  <= out_bytes_d;
      out_last_q   <= out_last_d;
      out_err_q    <= out_err_d;
    end
  end

  // ---------------------------------------------------------------- outputs
  always_comb begin
    data_valid_o = '0;
    data_valid_o[client_q] = out_valid_q;
  end
  assign data_o        = out_data_q;
  assign data_bytes_o  = out_bytes_q;
  assign data_last_o   = out_last_q;
  assign data_err_o    = out_err_q;
  assign busy_o        = active_q || wp_q != dp_q;

  assign m_axi_arid    = arid_q;
  assign m_axi_araddr  = araddr_q;
  assign m_axi_arlen   = arlen_q;
  assign m_axi_arsize  = arsize_q;
  assign m_axi_arburst = 2'b01;
  assign m_axi_arvalid = arvalid_q;
  assign m_axi_rready  = rready_q;
endmodule
