// vcrypto_vq_packed: packed-virtqueue engine shared by all queues (one chain in flight), with
// exactly the ports of vcrypto_vq_split and the same contract toward the request processor and
// the segment RAMs (fact sheet §8.9).
//
// Per queue: next avail offset + avail wrap counter, next used offset + used wrap counter (wrap
// counters start at 1). A notified queue is picked round-robin; the head descriptor's flags are
// read first (2 bytes), and only when it is available (AVAIL == avail wrap, USED != avail wrap)
// the whole descriptor, so no field is read before the driver published it. The chain is walked
// over consecutive ring slots (wrapping, queue size 1..QSIZE_MAX, not necessarily a power of
// two) while NEXT is set; an INDIRECT descriptor (without NEXT) points to a table of len/16
// entries read in order. Segments go to the out/in segment RAMs as in the split engine. The
// buffer id is the id of the chain's last ring descriptor. After the request processor is done
// the engine writes ONE 8-byte used descriptor at the chain's first slot (+8: len, id, flags with
// AVAIL = USED = used wrap, WRITE when len > 0) in a single write beat, advances the used offset
// by the chain's ring-descriptor count, then reads the driver event suppression structure
// (q_driver: off_wrap, flags) to decide on an interrupt.
//
// Malformed chains (D18): a chain not ending within queue-size ring descriptors, a non-head
// descriptor that is not available, or a ring DMA error → DEVICE_NEEDS_RESET (the engine halts
// until the device is reset). INDIRECT together with NEXT, an indirect table of length 0 / not a
// multiple of 16 / more than QSIZE_MAX entries, INDIRECT inside a table, a readable after a
// writable segment, or too many segments → chain error: the ring part of the chain is still
// walked to its end (for its id and length) and the request processor completes it with ERR.
//
// The device event suppression structure (q_device) is never written: it stays as the driver
// zeroed it (ENABLE), i.e. the device always wants notifications. NOTIFICATION_DATA is not used
// by this engine (the descriptor flags say what is available). IN_ORDER needs nothing extra:
// chains are processed and completed one at a time in ring order; no used-descriptor batching.
// Queue reset (RING_RESET) as in the split engine: offsets back to 0, wrap counters to 1.
module vcrypto_vq_packed #(
  // Number of queues (data queues + control queue).
  parameter int unsigned NQ = 5,
  // Largest queue size (power of two; queue sizes 1..QSIZE_MAX are accepted).
  parameter int unsigned QSIZE_MAX = 256,
  // Address bits of each segment RAM.
  parameter int unsigned SEG_AW = 8,
  // Width of DMA command lengths.
  parameter int unsigned LEN_WIDTH = 16,
  // DMA data width in bits (64, 128 or 256). A descriptor (16 bytes) arrives in
  // ceil(16/(DATA_WIDTH/8)) read beats; every ring write (8 bytes) is one beat.
  parameter int unsigned DATA_WIDTH = 128
) (
  input  logic                    clk_i,
  input  logic                    rst_i,
  // Transport state from the PCI front-end
  input  logic                    driver_ok_i,
  input  logic                    event_idx_i,
  input  logic                    in_order_i,      // VIRTIO_F_IN_ORDER negotiated (in order anyway)
  input  logic                    notif_data_i,    // VIRTIO_F_NOTIFICATION_DATA (not used)
  input  logic [NQ-1:0]           q_enable_i,
  input  logic [NQ*16-1:0]        q_size_i,
  input  logic [NQ*64-1:0]        q_desc_i,
  input  logic [NQ*64-1:0]        q_driver_i,
  input  logic [NQ*64-1:0]        q_device_i,
  input  logic                    notify_valid_i,
  input  logic [15:0]             notify_qid_i,
  input  logic [15:0]             notify_data_i,   // next_off/next_wrap (not used)
  input  logic [NQ-1:0]           q_reset_req_i,   // level: queue reset requested, until ack
  output logic [NQ-1:0]           q_reset_ack_o,   // pulse: the queue's ring state is dropped
  // DMA read client
  output logic                    rd_cmd_valid_o,
  input  logic                    rd_cmd_ready_i,
  output logic [63:0]             rd_cmd_addr_o,
  output logic [LEN_WIDTH-1:0]    rd_cmd_len_o,
  input  logic                    rd_data_valid_i,
  output logic                    rd_data_ready_o,
  input  logic [DATA_WIDTH-1:0]   rd_data_i,
  input  logic                    rd_data_err_i,
  // DMA write client
  output logic                    wr_cmd_valid_o,
  input  logic                    wr_cmd_ready_i,
  output logic [63:0]             wr_cmd_addr_o,
  output logic [LEN_WIDTH-1:0]    wr_cmd_len_o,
  output logic                    wr_data_valid_o,
  input  logic                    wr_data_ready_i,
  output logic [DATA_WIDTH-1:0]   wr_data_o,
  input  logic                    wr_done_i,
  input  logic                    wr_done_err_i,
  // Segment RAM write ports
  output logic                    out_we_o,
  output logic                    in_we_o,
  output logic [SEG_AW-1:0]       seg_waddr_o,
  output logic [95:0]             seg_wdata_o,    // {len[31:0], addr[63:0]}
  // Request to the request processor
  output logic                    req_valid_o,
  input  logic                    req_ready_i,
  output logic [15:0]             req_qid_o,
  output logic                    req_ctrl_o,     // control queue
  output logic [SEG_AW:0]         req_out_segs_o,
  output logic [SEG_AW:0]         req_in_segs_o,
  output logic [31:0]             req_out_len_o,
  output logic [31:0]             req_in_len_o,
  output logic                    req_chain_err_o,
  input  logic                    done_valid_i,
  input  logic [31:0]             done_used_len_i,
  input  logic                    done_fatal_i,    // the status could not be written
  // Interrupt request to the PCI front-end
  output logic                    irq_valid_o,
  input  logic                    irq_ready_i,
  output logic [15:0]             irq_qid_o,
  output logic                    needs_reset_o,
  output logic                    busy_o
);
  localparam int unsigned QW = (NQ > 1) ? $clog2(NQ) : 1;
  // read beats of one descriptor (1 at DATA_WIDTH >= 128, 2 at 64)
  localparam int unsigned DESC_BEATS = (DATA_WIDTH >= 128) ? 1 : 128 / DATA_WIDTH;
  localparam int unsigned DBW = (DESC_BEATS > 1) ? $clog2(DESC_BEATS) : 1;
  // descriptor flag bits
  localparam int unsigned FB_NEXT = 0, FB_WRITE = 1, FB_INDIRECT = 2, FB_AVAIL = 7, FB_USED = 15;

  typedef enum logic [4:0] {
    S_IDLE, S_PICK, S_HFLAG_CMD, S_HFLAG_DATA, S_RDESC_CMD, S_RDESC_DATA, S_RDESC_EVAL,
    S_TDESC_CMD, S_TDESC_DATA, S_TDESC_EVAL, S_DISPATCH, S_WAIT_DONE, S_UDESC_CMD,
    S_UDESC_DATA, S_UDESC_DONE, S_EVT_CMD, S_EVT_DATA, S_IRQ, S_HALT
  } state_e;

  state_e            state_q, state_d;
  logic [NQ-1:0]     pending_q, pending_d;
  // per-queue ring state
  logic [15:0]       aoff_q [NQ];               // next avail offset
  logic              awrap_q [NQ];              // avail wrap counter
  logic [15:0]       uoff_q [NQ];               // next used offset
  logic              uwrap_q [NQ];              // used wrap counter
  logic [15:0]       aoff_n [NQ], uoff_n [NQ];
  logic              awrap_n [NQ], uwrap_n [NQ];
  logic              qstate_we;                 // commit walk/used position of q_q
  logic [15:0]       new_uoff;
  logic              new_uwrap;
  logic [QW-1:0]     q_q, q_d, rr_q, rr_d;
  // chain walk
  logic [15:0]       woff_q, woff_d;            // ring offset of the next descriptor to read
  logic              wwrap_q, wwrap_d;          // wrap counter at woff
  logic [16:0]       rcnt_q, rcnt_d;            // ring descriptors of the chain so far
  logic [15:0]       id_q, id_d;                // buffer id (last ring descriptor's id)
  logic [63:0]       table_q, table_d;          // indirect table address
  logic [31:0]       tcnt_q, tcnt_d;            // indirect table entries
  logic [31:0]       tidx_q, tidx_d;            // next indirect table entry
  logic [SEG_AW:0]   nout_q, nout_d, nin_q, nin_d;
  logic [32:0]       out_len_q, out_len_d, in_len_q, in_len_d;
  logic              chain_err_q, chain_err_d;
  logic [127:0]      desc_q, desc_d;
  logic [DBW-1:0]    dbeat_q, dbeat_d;          // descriptor beats received so far
  logic [127:0]      desc_in;                   // desc_q with the current read beat shifted in
  logic [31:0]       used_len_q, used_len_d;
  logic [31:0]       word_q, word_d;            // driver event suppression {flags, off_wrap}
  logic              halt_q, halt_d;
  logic [NQ-1:0]     ack_q, ack_d;              // queue reset acknowledge (registered pulse)
  logic              abort;                     // the current queue's reset was requested
  logic [15:0]       ev_new_old_q, ev_new_old_d; // used offset before the last used write

  // current queue's parameters
  logic [15:0] qsize;
  logic [63:0] qdesc, qdrv;
  always_comb begin
    qsize = q_size_i[q_q*16 +: 16];
    qdesc = q_desc_i[q_q*64 +: 64];
    qdrv  = q_driver_i[q_q*64 +: 64];
  end

  // descriptor fields
  logic [63:0] d_addr;
  logic [31:0] d_len;
  logic [15:0] d_id, d_flags;
  assign d_addr  = desc_q[63:0];
  assign d_len   = desc_q[95:64];
  assign d_id    = desc_q[111:96];
  assign d_flags = desc_q[127:112];

  // a descriptor is available when AVAIL == wrap and USED != wrap
  logic r_avail;
  assign r_avail = (d_flags[FB_AVAIL] == wwrap_q) && (d_flags[FB_USED] != wwrap_q);

  // next ring offset after woff (wrapping at the queue size, toggling the wrap counter)
  logic [15:0] woff_inc;
  logic        woff_wraps;
  always_comb begin
    woff_wraps = (woff_q + 16'd1) >= qsize;
    woff_inc   = woff_wraps ? 16'd0 : woff_q + 16'd1;
  end

  // outputs registered through state
  logic              rd_cmd_valid, wr_cmd_valid, wr_data_valid;
  logic [63:0]       rd_addr, wr_addr;
  logic [LEN_WIDTH-1:0] rd_len, wr_len;
  logic [63:0]       wr_data;                   // every ring write is 8 bytes

  // queues in round-robin order starting at rr_q
  logic [QW-1:0] rr_order [NQ];
  always_comb begin
    for (int k = 0; k < NQ; k++) begin
      rr_order[k] = ((32'(rr_q) + 32'(k)) >= NQ) ? QW'(32'(rr_q) + 32'(k) - NQ) : QW'(32'(rr_q) + 32'(k));
    end
  end

  // Used offset after this chain: used offset + ring descriptors, wrapping (rcnt <= qsize).
  logic [16:0] uoff_sum;
  always_comb begin
    uoff_sum  = {1'b0, uoff_q[q_q]} + rcnt_q;
    new_uoff  = (uoff_sum >= {1'b0, qsize}) ? 16'(uoff_sum - {1'b0, qsize}) : uoff_sum[15:0];
    new_uwrap = (uoff_sum >= {1'b0, qsize}) ? !uwrap_q[q_q] : uwrap_q[q_q];
  end

  // Event suppression, DESC mode (QEMU vring_packed_need_event): event offset off_wrap[14:0],
  // moved back one lap (off - qsize) when its wrap bit differs from the used wrap counter; then
  // vring_need_event(off, new, old) = (u16)(new - off - 1) < (u16)(new - old), new = used offset
  // after the write, old = before it.
  logic [15:0] ev_off, ev_new, ev_old;
  logic        need_event;
  always_comb begin
    ev_off     = {1'b0, word_q[14:0]};
    if (word_q[15] != uwrap_q[q_q]) ev_off = 16'(ev_off - qsize);
    ev_new     = uoff_q[q_q];
    ev_old     = ev_new_old_q;
    need_event = (16'(ev_new - ev_off - 16'd1)) < (16'(ev_new - ev_old));
  end

  assign abort = q_reset_req_i[q_q];

  // Queue reset acknowledge: at once for a queue that is not the one being worked on (ring
  // state is only written for q_q), for the current one once the engine is back in S_IDLE.
  always_comb begin
    for (int i = 0; i < NQ; i++) begin
      ack_d[i] = q_reset_req_i[i] && !ack_q[i] &&
                 (state_q == S_IDLE || state_q == S_HALT || QW'(i) != q_q);
    end
  end
  assign q_reset_ack_o = ack_q;

  // Segment of the descriptor in desc_q (ring or table): readable ones must precede writable
  // ones, and each RAM holds at most 2^SEG_AW segments; zero-length buffers are skipped.
  logic seg_err, seg_out, seg_in;
  logic seg_append;                                  // set by the walk states, applied once below
  always_comb begin
    seg_err = 1'b0;
    seg_out = 1'b0;
    seg_in  = 1'b0;
    if (d_len != 0) begin
      if (d_flags[FB_WRITE]) begin
        if (nin_q == (SEG_AW+1)'(1 << SEG_AW)) seg_err = 1'b1;
        else                                    seg_in  = 1'b1;
      end else begin
        if (nin_q != 0 || nout_q == (SEG_AW+1)'(1 << SEG_AW)) seg_err = 1'b1;
        else                                                   seg_out = 1'b1;
      end
    end
  end

  always_comb begin
    state_d        = state_q;
    pending_d      = pending_q;
    q_d            = q_q;
    rr_d           = rr_q;
    woff_d         = woff_q;
    wwrap_d        = wwrap_q;
    rcnt_d         = rcnt_q;
    id_d           = id_q;
    table_d        = table_q;
    tcnt_d         = tcnt_q;
    tidx_d         = tidx_q;
    nout_d         = nout_q;
    nin_d          = nin_q;
    out_len_d      = out_len_q;
    in_len_d       = in_len_q;
    chain_err_d    = chain_err_q;
    desc_d         = desc_q;
    dbeat_d        = dbeat_q;
    used_len_d     = used_len_q;
    word_d         = word_q;
    halt_d         = halt_q;
    ev_new_old_d   = ev_new_old_q;
    qstate_we      = 1'b0;
    rd_cmd_valid   = 1'b0;
    rd_addr        = '0;
    rd_len         = '0;
    wr_cmd_valid   = 1'b0;
    wr_data_valid  = 1'b0;
    wr_addr        = '0;
    wr_len         = '0;
    wr_data        = '0;
    out_we_o       = 1'b0;
    in_we_o        = 1'b0;
    seg_waddr_o    = '0;
    seg_wdata_o    = {d_len, d_addr};
    req_valid_o    = 1'b0;
    irq_valid_o    = 1'b0;
    needs_reset_o  = 1'b0;
    seg_append     = 1'b0;

    case (state_q)
      S_IDLE: begin
        if (driver_ok_i && !halt_q && |(pending_q & q_enable_i & ~q_reset_req_i)) state_d = S_PICK;
      end
      S_PICK: begin
        // round robin from rr_q; a queue being reset is never picked
        state_d = S_IDLE;
        for (int k = NQ - 1; k >= 0; k--) begin
          if (pending_q[rr_order[k]] && q_enable_i[rr_order[k]] && !q_reset_req_i[rr_order[k]]) begin
            q_d     = rr_order[k];
            state_d = S_HFLAG_CMD;
          end
        end
        rr_d        = (q_d == QW'(NQ - 1)) ? '0 : q_d + 1'b1;
        woff_d      = aoff_q[q_d];
        wwrap_d     = awrap_q[q_d];
        rcnt_d      = '0;
        nout_d      = '0;
        nin_d       = '0;
        out_len_d   = '0;
        in_len_d    = '0;
        chain_err_d = 1'b0;
      end
      // Head flags first. The pending bit is cleared when this read is issued: a notify
      // arriving after that sets it again, so a descriptor the read missed is never lost.
      S_HFLAG_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = qdesc + {44'd0, woff_q, 4'd0} + 64'd14;
          rd_len       = LEN_WIDTH'(2);
          if (rd_cmd_ready_i) begin
            pending_d[q_q] = 1'b0;
            state_d        = S_HFLAG_DATA;
          end
        end
      end
      S_HFLAG_DATA: begin
        if (rd_data_valid_i) begin
          if (rd_data_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else if (rd_data_i[FB_AVAIL] == wwrap_q && rd_data_i[FB_USED] != wwrap_q) begin
            state_d = S_RDESC_CMD;
          end else begin
            state_d = S_IDLE;                                // nothing available
          end
        end
      end
      S_RDESC_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = qdesc + {44'd0, woff_q, 4'd0};
          rd_len       = LEN_WIDTH'(16);
          if (rd_cmd_ready_i) state_d = S_RDESC_DATA;
        end
      end
      S_RDESC_DATA, S_TDESC_DATA: begin
        if (rd_data_valid_i) begin
          desc_d = desc_in;
          if (32'(dbeat_q) == DESC_BEATS - 1) begin
            // last beat: its err covers every response of the command
            dbeat_d = '0;
            if (rd_data_err_i) begin
              halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
            end else begin
              state_d = (state_q == S_RDESC_DATA) ? S_RDESC_EVAL : S_TDESC_EVAL;
            end
          end else begin
            dbeat_d = dbeat_q + 1'b1;
          end
        end
      end
      S_RDESC_EVAL: begin
        if (!r_avail) begin
          // a chain member (or the head, re-read) is not available: the ring is corrupt
          halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
        end else begin
          rcnt_d  = rcnt_q + 17'd1;
          id_d    = d_id;
          woff_d  = woff_inc;
          wwrap_d = woff_wraps ? !wwrap_q : wwrap_q;
          state_d = S_DISPATCH;
          if (d_flags[FB_INDIRECT]) begin
            if (d_flags[FB_NEXT] || d_len == 0 || d_len[3:0] != 0 ||
                d_len[31:4] > 28'(QSIZE_MAX)) begin
              chain_err_d = 1'b1;                            // malformed indirect
            end else if (!chain_err_q) begin
              table_d = d_addr;
              tcnt_d  = {4'd0, d_len[31:4]};
              tidx_d  = '0;
              state_d = S_TDESC_CMD;
            end
          end else if (!chain_err_q) begin
            if (seg_err) chain_err_d = 1'b1;
            seg_append = 1'b1;
          end
          // continue over the next ring slot; a chain that does not end within the queue
          // size is a corrupt ring
          if (d_flags[FB_NEXT]) begin
            if (rcnt_q + 17'd1 >= {1'b0, qsize}) begin
              halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
            end else begin
              state_d = S_RDESC_CMD;
            end
          end
        end
      end
      S_TDESC_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = table_q + {28'd0, tidx_q, 4'd0};
          rd_len       = LEN_WIDTH'(16);
          if (rd_cmd_ready_i) state_d = S_TDESC_DATA;
        end
      end
      // indirect table entry: only WRITE is valid (NEXT and id are ignored)
      S_TDESC_EVAL: begin
        tidx_d = tidx_q + 32'd1;
        if (d_flags[FB_INDIRECT] || seg_err) begin
          chain_err_d = 1'b1;                                // nested indirect / segments
        end else begin
          seg_append = 1'b1;
        end
        // the table ends the chain (INDIRECT is only valid without NEXT)
        state_d = (tidx_q + 32'd1 == tcnt_q || chain_err_d) ? S_DISPATCH : S_TDESC_CMD;
      end
      S_DISPATCH: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          req_valid_o = 1'b1;
          if (req_ready_i) state_d = S_WAIT_DONE;
        end
      end
      S_WAIT_DONE: begin
        if (done_valid_i) begin
          used_len_d = done_used_len_i;
          state_d    = S_UDESC_CMD;
          if (done_fatal_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else if (abort) begin
            state_d = S_IDLE;                                // queue reset: completion dropped
          end
        end
      end
      // one 8-byte write at desc + 8: len, id, flags (a single beat, so the flags are never
      // visible before len and id)
      S_UDESC_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          wr_cmd_valid = 1'b1;
          wr_addr      = qdesc + {44'd0, uoff_q[q_q], 4'd0} + 64'd8;
          wr_len       = LEN_WIDTH'(8);
          if (wr_cmd_ready_i) state_d = S_UDESC_DATA;
        end
      end
      S_UDESC_DATA: begin
        wr_data_valid = 1'b1;
        wr_data       = {uwrap_q[q_q], 7'd0, uwrap_q[q_q], 5'd0, (used_len_q != 0), 1'b0,
                         id_q, used_len_q};
        if (wr_data_ready_i) state_d = S_UDESC_DONE;
      end
      S_UDESC_DONE: begin
        if (wr_done_i) begin
          qstate_we    = 1'b1;
          ev_new_old_d = uoff_q[q_q];
          state_d      = S_EVT_CMD;
          // look at the queue again (more may have been made available meanwhile)
          pending_d[q_q] = 1'b1;
          if (wr_done_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end
        end
      end
      // driver event suppression: off_wrap @0, flags @2
      S_EVT_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = qdrv;
          rd_len       = LEN_WIDTH'(4);
          if (rd_cmd_ready_i) state_d = S_EVT_DATA;
        end
      end
      S_EVT_DATA: begin
        if (rd_data_valid_i) begin
          word_d  = rd_data_i[31:0];
          state_d = S_IRQ;
          if (rd_data_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end
        end
      end
      // flags 1 DISABLE: none; 2 DESC (with EVENT_IDX): need_event; 0 ENABLE (and the
      // reserved 3, or DESC without EVENT_IDX): interrupt
      S_IRQ: begin
        if (abort) begin
          state_d = S_IDLE;
        end else if (word_q[17:16] != 2'd1 &&
                     (word_q[17:16] != 2'd2 || !event_idx_i || need_event)) begin
          irq_valid_o = 1'b1;
          if (irq_ready_i) state_d = S_IDLE;
        end else begin
          state_d = S_IDLE;
        end
      end
      S_HALT: ;
      default: state_d = S_IDLE;
    endcase

    // the descriptor in desc_q (ring or indirect table entry) joins the chain's segment RAMs
    if (seg_append) begin
      out_we_o    = seg_out;
      in_we_o     = seg_in;
      seg_waddr_o = seg_in ? nin_q[SEG_AW-1:0] : nout_q[SEG_AW-1:0];
      if (seg_out) begin
        nout_d    = nout_q + 1'b1;
        out_len_d = out_len_q + {1'b0, d_len};
      end
      if (seg_in) begin
        nin_d    = nin_q + 1'b1;
        in_len_d = in_len_q + {1'b0, d_len};
      end
    end

    // notifications (after the engine's own pending updates, so none is ever lost); a queue
    // being reset takes none, and its acknowledge drops whatever was pending
    if (notify_valid_i && notify_qid_i < 16'(NQ) && !q_reset_req_i[notify_qid_i[QW-1:0]]) begin
      pending_d[notify_qid_i[QW-1:0]] = 1'b1;
    end
    pending_d = pending_d & ~ack_d;
  end

  // Per-queue ring state: commit of the current queue after its used descriptor was written
  // (avail position = end of the walk, used position advanced by the chain's ring-descriptor
  // count; they are equal with one chain in flight), then a queue reset.
  always_comb begin
    for (int i = 0; i < NQ; i++) begin
      aoff_n[i]  = aoff_q[i];
      awrap_n[i] = awrap_q[i];
      uoff_n[i]  = uoff_q[i];
      uwrap_n[i] = uwrap_q[i];
      if (qstate_we && q_q == QW'(i)) begin
        aoff_n[i]  = woff_q;
        awrap_n[i] = wwrap_q;
        uoff_n[i]  = new_uoff;
        uwrap_n[i] = new_uwrap;
      end
      if (ack_d[i]) begin
        aoff_n[i]  = '0;
        awrap_n[i] = 1'b1;
        uoff_n[i]  = '0;
        uwrap_n[i] = 1'b1;
      end
    end
  end

  assign rd_cmd_valid_o  = rd_cmd_valid;
  assign rd_cmd_addr_o   = rd_addr;
  assign rd_cmd_len_o    = rd_len;
  assign rd_data_ready_o = 1'b1;
  assign wr_cmd_valid_o  = wr_cmd_valid;
  assign wr_cmd_addr_o   = wr_addr;
  assign wr_cmd_len_o    = wr_len;
  assign wr_data_valid_o = wr_data_valid;
  assign wr_data_o       = DATA_WIDTH'(wr_data);

  // Descriptor assembly: beats are packed from lane 0, so with narrow beats each one carries
  // the next DATA_WIDTH bits of the descriptor (shifted in from the top).
  if (DESC_BEATS == 1) begin : g_desc_one
    assign desc_in = rd_data_i[127:0];
  end else begin : g_desc_beats
    assign desc_in = {rd_data_i, desc_q[127:DATA_WIDTH]};
  end
  assign req_qid_o       = 16'(q_q);
  assign req_ctrl_o      = (q_q == QW'(NQ - 1));
  assign req_out_segs_o  = nout_q;
  assign req_in_segs_o   = nin_q;
  assign req_out_len_o   = out_len_q[32] ? 32'hFFFF_FFFF : out_len_q[31:0];
  assign req_in_len_o    = in_len_q[32] ? 32'hFFFF_FFFF : in_len_q[31:0];
  assign req_chain_err_o = chain_err_q || out_len_q[32] || in_len_q[32];
  assign irq_qid_o       = 16'(q_q);
  assign busy_o          = (state_q != S_IDLE) && (state_q != S_HALT);

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE; pending_q <= '0; q_q <= '0; rr_q <= '0; woff_q <= '0; wwrap_q <= 1'b1;
      rcnt_q <= '0; id_q <= '0; table_q <= '0; tcnt_q <= '0; tidx_q <= '0;
      nout_q <= '0; nin_q <= '0; out_len_q <= '0; in_len_q <= '0; chain_err_q <= 1'b0;
      desc_q <= '0; dbeat_q <= '0; used_len_q <= '0; word_q <= '0; halt_q <= 1'b0;
      ev_new_old_q <= '0; ack_q <= '0;
      for (int i = 0; i < NQ; i++) begin
        aoff_q[i] <= '0; awrap_q[i] <= 1'b1; uoff_q[i] <= '0; uwrap_q[i] <= 1'b1;
      end
    end else begin
      state_q <= state_d; pending_q <= pending_d; q_q <= q_d; rr_q <= rr_d; woff_q <= woff_d;
      wwrap_q <= wwrap_d; rcnt_q <= rcnt_d; id_q <= id_d;
      table_q <= table_d; tcnt_q <= tcnt_d; tidx_q <= tidx_d; nout_q <= nout_d; nin_q <= nin_d;
      out_len_q <= out_len_d; in_len_q <= in_len_d; chain_err_q <= chain_err_d;
      desc_q <= desc_d; dbeat_q <= dbeat_d; used_len_q <= used_len_d; word_q <= word_d;
      halt_q <= halt_d; ev_new_old_q <= ev_new_old_d; ack_q <= ack_d;
      for (int i = 0; i < NQ; i++) begin
        aoff_q[i] <= aoff_n[i]; awrap_q[i] <= awrap_n[i];
        uoff_q[i] <= uoff_n[i]; uwrap_q[i] <= uwrap_n[i];
      end
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_ok;
  assign unused_ok = ^{rd_data_i, in_order_i, notif_data_i, notify_data_i, q_device_i,
                       word_q[31:18]};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
