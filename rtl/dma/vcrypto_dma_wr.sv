// vcrypto_dma_wr: write half of the DMA engine.
// Takes one write command at a time (round-robin among NUM_WR clients), splits it into INCR
// bursts (aligned beats, never crossing 4 KiB, at most 256 beats), shifts the client's packed
// beats to the address alignment, sets wstrb for the partial first/last beats and pulses
// done_o[client] once every B response of the command is back. Once a command's W data is all
// sent, its B responses are awaited in a pending FIFO (PEND_DEPTH commands) while the next
// command — of any client — starts: clients writing back to back, or taking turns, do not wait
// a write round trip per command. Every burst issued while commands overlap carries one AXI ID
// (set when an idle engine with nothing pending takes a command), so the B responses come back
// in command order; done pulses (one per cycle) stay in command order. Once every AW of the
// active command is accepted, the next command — if it fits one burst — is staged and its AW
// issued while the active command's W beats still stream, so the next W beats follow without a
// gap (the AXI slave takes W only after its AW). With enable_i low no new AW is
// issued: W data already promised on the bus is still sent, the rest is swallowed, and the
// command finishes with err.
module vcrypto_dma_wr #(
  // Width of the AXI data bus in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Width of AXI IDs (AWID carries the client index, truncated).
  parameter int unsigned AXI_ID_WIDTH = 4,
  // Number of write clients.
  parameter int unsigned NUM_WR = 3,
  // Width of the command byte count.
  parameter int unsigned LEN_WIDTH = 16,
  // Largest number of AW bursts issued ahead of their W data.
  parameter int unsigned MAX_BURSTS = 4,
  // Commands whose W data is sent that may still wait for their B responses.
  parameter int unsigned PEND_DEPTH = 4
) (
  input  logic                           clk_i,
  input  logic                           rst_i,
  // Bus master enable: while low nothing new is started on AXI.
  input  logic                           enable_i,

  input  logic [NUM_WR-1:0]              cmd_valid_i,
  output logic [NUM_WR-1:0]              cmd_ready_o,
  input  logic [NUM_WR*64-1:0]           cmd_addr_i,
  input  logic [NUM_WR*LEN_WIDTH-1:0]    cmd_len_i,

  input  logic [NUM_WR-1:0]              data_valid_i,
  output logic [NUM_WR-1:0]              data_ready_o,
  input  logic [NUM_WR*DATA_WIDTH-1:0]   data_i,

  output logic [NUM_WR-1:0]              done_o,
  output logic                           done_err_o,

  // A command is in progress (AXI writes may be outstanding).
  output logic                           busy_o,

  output logic [AXI_ID_WIDTH-1:0]        m_axi_awid,
  output logic [63:0]                    m_axi_awaddr,
  output logic [7:0]                     m_axi_awlen,
  output logic [2:0]                     m_axi_awsize,
  output logic [1:0]                     m_axi_awburst,
  output logic                           m_axi_awvalid,
  input  logic                           m_axi_awready,
  output logic [DATA_WIDTH-1:0]          m_axi_wdata,
  output logic [DATA_WIDTH/8-1:0]        m_axi_wstrb,
  output logic                           m_axi_wlast,
  output logic                           m_axi_wvalid,
  input  logic                           m_axi_wready,
  input  logic [AXI_ID_WIDTH-1:0]        m_axi_bid,
  input  logic [1:0]                     m_axi_bresp,
  input  logic                           m_axi_bvalid,
  output logic                           m_axi_bready
);
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  localparam int unsigned OFFW  = $clog2(BYTES);
  localparam int unsigned BEATW = LEN_WIDTH + 1;
  localparam int unsigned IDXW  = (NUM_WR > 1) ? $clog2(NUM_WR) : 1;
  localparam int unsigned AHW   = $clog2(MAX_BURSTS + 1);
  localparam int unsigned PCW   = $clog2(PEND_DEPTH + 1);

`ifndef SYNTHESIS
  initial begin
    if (PEND_DEPTH < 1) $error("vcrypto_dma_wr: PEND_DEPTH must be at least 1");
  end
`endif

  // B channel ID is not needed: every outstanding burst carries one ID (tag_q), B is in order.
  logic unused_bid;
  assign unused_bid = ^m_axi_bid;

  // ---------------------------------------------------------------- arbitration
  logic            arb_valid;
  logic [IDXW-1:0] arb_idx;
  logic            accept;
  logic            stage;

  vcrypto_dma_rr_arb #(.N(NUM_WR)) u_arb (
    .clk_i    (clk_i),
    .rst_i    (rst_i),
    .req_i    (cmd_valid_i),
    .accept_i (accept | stage),
    .valid_o  (arb_valid),
    .idx_o    (arb_idx)
  );

  // ---------------------------------------------------------------- state
  logic                  active_q, active_d;
  logic [IDXW-1:0]       client_q, client_d;
  logic [OFFW-1:0]       off_q, off_d;
  logic [OFFW-1:0]       end_lane_q, end_lane_d;
  logic [63:0]           aw_addr_q, aw_addr_d;
  logic [BEATW-1:0]      aw_left_q, aw_left_d;
  logic [63:0]           w_addr_q, w_addr_d;
  logic [BEATW-1:0]      w_left_q, w_left_d;
  logic [8:0]            w_burst_q, w_burst_d;
  logic [AHW-1:0]        aw_ahead_q, aw_ahead_d;
  logic [BEATW-1:0]      in_left_q, in_left_d;
  logic                  first_q, first_d;
  logic [DATA_WIDTH-1:0] hold_q, hold_d;
  logic                  abort_q, abort_d;
  logic                  err_q, err_d;
  logic [BEATW-1:0]      b_out_q, b_out_d;
  // pending FIFO (entry 0 = oldest): commands whose W data is sent, waiting for B responses
  logic [PCW-1:0]        pcnt_q, pcnt_d;
  // entry i: client pclient[i*IDXW +: IDXW], B responses still to come pb[i*BEATW +: BEATW]
  logic [PEND_DEPTH*IDXW-1:0]  pclient_q, pclient_d;
  logic [PEND_DEPTH*BEATW-1:0] pb_q, pb_d;
  logic [PEND_DEPTH-1:0] perr_q, perr_d;
  // AXI ID of every burst while commands overlap
  logic [IDXW-1:0]       tag_q, tag_d;
  // staged command (one burst, its AW issued): becomes active when the active command ends
  logic                  stg_q, stg_d;
  logic [IDXW-1:0]       s_client_q, s_client_d;
  logic [63:0]           s_addr_q, s_addr_d;
  logic [LEN_WIDTH-1:0]  s_len_q, s_len_d;

  logic                    awvalid_q, awvalid_d;
  logic [63:0]             awaddr_q, awaddr_d;
  logic [7:0]              awlen_q, awlen_d;
  logic [AXI_ID_WIDTH-1:0] awid_q, awid_d;

  logic                  wvalid_q, wvalid_d;
  logic [DATA_WIDTH-1:0] wdata_q, wdata_d;
  logic [BYTES-1:0]      wstrb_q, wstrb_d;
  logic                  wlast_q, wlast_d;
  logic                  bready_q;

  logic [NUM_WR-1:0]     done_q, done_d;
  logic                  done_err_q, done_err_d;

  // Beats of the next burst starting at beat a of a 4 KiB page with left beats to go.
  function automatic logic [BEATW-1:0] burst_beats(input logic [11-OFFW:0] a,
                                                   input logic [BEATW-1:0] left);
    logic [12-OFFW:0]      page_beats;
    logic [BEATW-1:0] b;
    page_beats = (13-OFFW)'(4096 / BYTES) - {1'b0, a};
    b = BEATW'(page_beats);
    if (b > BEATW'(256)) b = BEATW'(256);
    if (b > left) b = left;
    burst_beats = b;
  endfunction

  // ---------------------------------------------------------------- next state
  always_comb begin
    logic [LEN_WIDTH-1:0]    len;
    logic [63:0]             addr;
    logic [BEATW-1:0]        span;
    logic [BEATW-1:0]        aw_beats;
    logic [BEATW-1:0]        w_beats;
    logic                    w_start;
    logic                    authorized;
    logic                    can_emit;
    logic                    need_in;
    logic                    emit;
    logic                    take;
    logic [DATA_WIDTH-1:0]   cur;
    logic [DATA_WIDTH-1:0]   shifted;
    logic [BYTES-1:0]        strb;
    logic [8:0]              burst_now;
    logic                    ending;
    logic                    b_hit;
    logic                    retire;
    logic                    take_stg;
    logic [IDXW-1:0]         cmd_client;

    active_d   = active_q;
    client_d   = client_q;
    off_d      = off_q;
    end_lane_d = end_lane_q;
    aw_addr_d  = aw_addr_q;
    aw_left_d  = aw_left_q;
    w_addr_d   = w_addr_q;
    w_left_d   = w_left_q;
    w_burst_d  = w_burst_q;
    aw_ahead_d = aw_ahead_q;
    in_left_d  = in_left_q;
    first_d    = first_q;
    hold_d     = hold_q;
    abort_d    = abort_q;
    err_d      = err_q;
    b_out_d    = b_out_q;
    pcnt_d     = pcnt_q;
    stg_d        = stg_q;
    s_client_d   = s_client_q;
    s_addr_d     = s_addr_q;
    s_len_d      = s_len_q;
    pclient_d  = pclient_q;
    pb_d       = pb_q;
    perr_d     = perr_q;
    tag_d      = tag_q;
    awvalid_d  = awvalid_q;
    awaddr_d   = awaddr_q;
    awlen_d    = awlen_q;
    awid_d     = awid_q;
    wvalid_d   = wvalid_q;
    wdata_d    = wdata_q;
    wstrb_d    = wstrb_q;
    wlast_d    = wlast_q;
    done_d     = '0;
    done_err_d = 1'b0;

    cmd_ready_o  = '0;
    data_ready_o = '0;
    accept       = 1'b0;
    emit         = 1'b0;
    take         = 1'b0;
    burst_now    = '0;
    b_hit        = 1'b0;
    stage        = 1'b0;

    // ---- AW issue
    aw_beats = burst_beats(aw_addr_q[11:OFFW], aw_left_q);
    if (awvalid_q && m_axi_awready) awvalid_d = 1'b0;
    if (active_q && !abort_q && aw_left_q != '0) begin
      if (!enable_i) begin
        abort_d = 1'b1;
      end else if ((!awvalid_q || m_axi_awready) && aw_ahead_q < AHW'(MAX_BURSTS)) begin
        awvalid_d  = 1'b1;
        awaddr_d   = aw_addr_q;
        awlen_d    = 8'(aw_beats - BEATW'(1));
        awid_d     = AXI_ID_WIDTH'(tag_q);
        aw_addr_d  = aw_addr_q + {{(64-BEATW-OFFW){1'b0}}, aw_beats, {OFFW{1'b0}}};
        aw_left_d  = aw_left_q - aw_beats;
        aw_ahead_d = aw_ahead_d + AHW'(1);
        b_out_d    = b_out_d + BEATW'(1);
      end
    end

    // ---- W beats
    w_beats    = burst_beats(w_addr_q[11:OFFW], w_left_q);
    w_start    = (w_burst_q == '0);
    authorized = !w_start || (aw_ahead_q != '0);
    need_in    = (in_left_q != '0);
    can_emit   = active_q && authorized && (w_left_q != '0) && (!wvalid_q || m_axi_wready);
    if (wvalid_q && m_axi_wready) wvalid_d = 1'b0;

    if (can_emit) begin
      data_ready_o[client_q] = need_in;
      emit = !need_in || data_valid_i[client_q];
      take = need_in && data_valid_i[client_q];
    end else if (active_q && abort_q && w_start && aw_ahead_q == '0) begin
      // Aborted and no W data owed to the bus: drop the client's remaining beats.
      data_ready_o[client_q] = need_in;
      take = need_in && data_valid_i[client_q];
    end

    cur     = need_in ? data_i[client_q*DATA_WIDTH +: DATA_WIDTH] : '0;
    // Upper half of {cur, hold} << 8*off, i.e. {cur, hold} >> 8*(BYTES-off).
    shifted = DATA_WIDTH'({cur, hold_q} >> {(OFFW+1)'(BYTES) - {1'b0, off_q}, 3'b000});
    strb    = '1;
    if (first_q) strb = strb & ({BYTES{1'b1}} << off_q);
    if (w_left_q == BEATW'(1)) strb = strb & ({BYTES{1'b1}} >> (OFFW'(BYTES - 1) - end_lane_q));

    if (take) begin
      in_left_d = in_left_q - BEATW'(1);
      hold_d    = cur;
    end

    if (emit) begin
      burst_now  = w_start ? w_beats[8:0] : w_burst_q;
      wvalid_d   = 1'b1;
      wdata_d    = shifted;
      wstrb_d    = strb;
      wlast_d    = (burst_now == 9'd1);
      w_burst_d  = burst_now - 9'd1;
      w_left_d   = w_left_q - BEATW'(1);
      first_d    = 1'b0;
      if (w_start) begin
        w_addr_d   = w_addr_q + {{(64-BEATW-OFFW){1'b0}}, w_beats, {OFFW{1'b0}}};
        aw_ahead_d = aw_ahead_d - AHW'(1);
      end
    end

    // ---- B responses: in command order, so a response belongs to the oldest pending command
    // still owed one, else to the active command
    if (m_axi_bvalid && bready_q) begin
      for (int i = 0; i < PEND_DEPTH; i++) begin
        if (!b_hit && PCW'(i) < pcnt_q && pb_q[i*BEATW +: BEATW] != '0) begin
          b_hit     = 1'b1;
          pb_d[i*BEATW +: BEATW] = pb_q[i*BEATW +: BEATW] - BEATW'(1);
          perr_d[i] = perr_q[i] | (m_axi_bresp != 2'b00);
        end
      end
      if (!b_hit) begin
        b_out_d = b_out_d - BEATW'(1);
        err_d   = err_d | (m_axi_bresp != 2'b00);
      end
    end

    // ---- retire the oldest pending command once all its B responses are in (one per cycle)
    retire = (pcnt_q != '0) && (pb_d[0 +: BEATW] == '0);
    if (retire) begin
      done_d[pclient_q[0 +: IDXW]] = 1'b1;
      done_err_d                   = perr_d[0];
      pclient_d = pclient_d >> IDXW;
      pb_d      = pb_d >> BEATW;
      perr_d    = perr_d >> 1;
      pcnt_d    = pcnt_q - PCW'(1);
    end

    // ---- command end (W side complete, room in the pending FIFO): the command joins the
    // pending FIFO (its done pulse follows from there, in order). A command ends in the cycle
    // its last W beat goes into the output register: the next command (staged, or accepted in
    // this same cycle) emits its first beat in the next cycle, right behind it on the bus.
    // (awvalid_q belongs to the staged command when there is one: the active command's AWs
    // were all accepted before it was staged)
    ending = active_q && in_left_d == '0 && (stg_q || !awvalid_q) &&
             pcnt_q != PCW'(PEND_DEPTH) &&
             ((w_left_d == '0 && !abort_q) || (abort_q && !wvalid_q && in_left_q == '0));
    if (ending) begin
      active_d = 1'b0;
      for (int i = 0; i < PEND_DEPTH; i++) begin
        if (PCW'(i) == pcnt_d) begin
          pclient_d[i*IDXW +: IDXW]  = client_q;
          pb_d[i*BEATW +: BEATW]     = b_out_d;
          perr_d[i]                  = err_d | abort_q;
        end
      end
      pcnt_d = pcnt_d + PCW'(1);
    end

    // ---- the command that starts now, decoded once: the staged one as the active command
    // ends (no staging or accept in that cycle), else the arbitrated one
    take_stg   = ending && stg_q;
    cmd_client = take_stg ? s_client_q : arb_idx;
    addr       = take_stg ? s_addr_q : cmd_addr_i[arb_idx*64 +: 64];
    len        = take_stg ? s_len_q : cmd_len_i[arb_idx*LEN_WIDTH +: LEN_WIDTH];
    span = BEATW'(addr[OFFW-1:0]) + BEATW'(len) + BEATW'(BYTES - 1);
    // len = 0 is outside the contract; make it a no-op command (no beats, no AXI).
    if (len == '0) span = '0;

    // ---- staging: every AW of the active command accepted, the next command (any client)
    // fits one burst: take it now and issue its AW
    if (arb_valid && active_q && !stg_q && !ending && !abort_q && enable_i &&
        aw_left_q == '0 && (!awvalid_q || m_axi_awready) && aw_ahead_q < AHW'(MAX_BURSTS) &&
        len != '0 && burst_beats(addr[11:OFFW], span >> OFFW) == (span >> OFFW)) begin
      cmd_ready_o[arb_idx] = 1'b1;
      stage = cmd_valid_i[arb_idx];
    end
    if (stage) begin
      stg_d        = 1'b1;
      s_client_d   = arb_idx;
      s_addr_d     = addr;
      s_len_d      = len;
      awvalid_d    = 1'b1;
      awaddr_d     = {addr[63:OFFW], {OFFW{1'b0}}};
      awlen_d      = 8'((span >> OFFW) - BEATW'(1));
      awid_d       = AXI_ID_WIDTH'(tag_q);
      aw_ahead_d   = aw_ahead_d + AHW'(1);
    end

    // ---- command accept (any client): when idle, or as the current command ends (unless a
    // staged command takes over). An engine with no B response owed takes the new client's
    // index as the AXI ID of the next run.
    if (arb_valid && (!active_q || (ending && !stg_q))) begin
      cmd_ready_o[arb_idx] = 1'b1;
      accept = cmd_valid_i[arb_idx];
    end
    // W context of the starting command (staged or accepted)
    if (take_stg || accept) begin
      active_d   = 1'b1;
      client_d   = cmd_client;
      off_d      = addr[OFFW-1:0];
      end_lane_d = addr[OFFW-1:0] + len[OFFW-1:0] - OFFW'(1);
      w_addr_d   = {addr[63:OFFW], {OFFW{1'b0}}};
      w_left_d   = span >> OFFW;
      w_burst_d  = '0;
      in_left_d  = (BEATW'(len) + BEATW'(BYTES - 1)) >> OFFW;
      first_d    = 1'b1;
      hold_d     = '0;
      err_d      = 1'b0;
    end
    // the staged command's one AW is out (abort_q is clear: no AW of the ending command was
    // left to fail)
    if (take_stg) begin
      stg_d   = 1'b0;
      b_out_d = BEATW'(1);
    end
    // an accepted command's AW context
    if (accept) begin
      aw_addr_d  = {addr[63:OFFW], {OFFW{1'b0}}};
      aw_left_d  = span >> OFFW;
      aw_ahead_d = '0;
      abort_d    = 1'b0;
      b_out_d    = '0;
      if (!active_q && pcnt_q == '0) tag_d = arb_idx;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      active_q   <= 1'b0;
      client_q   <= '0;
      off_q      <= '0;
      end_lane_q <= '0;
      aw_addr_q  <= '0;
      aw_left_q  <= '0;
      w_addr_q   <= '0;
      w_left_q   <= '0;
      w_burst_q  <= '0;
      aw_ahead_q <= '0;
      in_left_q  <= '0;
      first_q    <= 1'b0;
      hold_q     <= '0;
      abort_q    <= 1'b0;
      err_q      <= 1'b0;
      b_out_q    <= '0;
      pcnt_q     <= '0;
      perr_q     <= '0;
      tag_q      <= '0;
      stg_q      <= 1'b0;
      awvalid_q  <= 1'b0;
      awaddr_q   <= '0;
      awlen_q    <= '0;
      awid_q     <= '0;
      wvalid_q   <= 1'b0;
      wdata_q    <= '0;
      wstrb_q    <= '0;
      wlast_q    <= 1'b0;
      bready_q   <= 1'b0;
      done_q     <= '0;
      done_err_q <= 1'b0;
    end else begin
      active_q   <= active_d;
      client_q   <= client_d;
      off_q      <= off_d;
      end_lane_q <= end_lane_d;
      aw_addr_q  <= aw_addr_d;
      aw_left_q  <= aw_left_d;
      w_addr_q   <= w_addr_d;
      w_left_q   <= w_left_d;
      w_burst_q  <= w_burst_d;
      aw_ahead_q <= aw_ahead_d;
      in_left_q  <= in_left_d;
      first_q    <= first_d;
      hold_q     <= hold_d;
      abort_q    <= abort_d;
      err_q      <= err_d;
      b_out_q    <= b_out_d;
      pcnt_q     <= pcnt_d;
      perr_q     <= perr_d;
      tag_q      <= tag_d;
      stg_q      <= stg_d;
      awvalid_q  <= awvalid_d;
      awaddr_q   <= awaddr_d;
      awlen_q    <= awlen_d;
      awid_q     <= awid_d;
      wvalid_q   <= wvalid_d;
      wdata_q    <= wdata_d;
      wstrb_q    <= wstrb_d;
      wlast_q    <= wlast_d;
      bready_q   <= 1'b1;
      done_q     <= done_d;
      done_err_q <= done_err_d;
    end
  end

  // pending FIFO payload: no reset needed (pcnt_q says which entries are live)
  always_ff @(posedge clk_i) begin
    pclient_q    <= pclient_d;
    pb_q         <= pb_d;
    s_client_q   <= s_client_d;
    s_addr_q     <= s_addr_d;
    s_len_q      <= s_len_d;
  end

  // ---------------------------------------------------------------- outputs
  assign done_o        = done_q;
  assign done_err_o    = done_err_q;
  assign busy_o        = active_q || pcnt_q != '0;

  assign m_axi_awid    = awid_q;
  assign m_axi_awaddr  = awaddr_q;
  assign m_axi_awlen   = awlen_q;
  assign m_axi_awsize  = 3'(OFFW);
  assign m_axi_awburst = 2'b01;
  assign m_axi_awvalid = awvalid_q;
  assign m_axi_wdata   = wdata_q;
  assign m_axi_wstrb   = wstrb_q;
  assign m_axi_wlast   = wlast_q;
  assign m_axi_wvalid  = wvalid_q;
  assign m_axi_bready  = bready_q;
endmodule
