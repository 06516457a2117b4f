// vcrypto_vq_split: split-virtqueue engine shared by all queues.
// Picks a notified queue round-robin, reads avail.idx / the head index, walks the descriptor
// chain (direct and one level of indirect) into the out/in segment RAMs, hands the request to
// the request processor, then writes the used element and used.idx and decides on an interrupt
// (NO_INTERRUPT flag, or used_event with EVENT_IDX). Malformed chains (D18) are flagged to the
// request processor; a corrupt ring (head out of range, avail.idx running ahead by more than the
// queue size) raises DEVICE_NEEDS_RESET and stops the engine until the device is reset.
//
// Issue 6 additions:
// - queue reset (RING_RESET): a queue with q_reset_req_i set is never picked; a chain of it in
//   flight is finished by the request processor but its used element, used.idx and interrupt
//   are dropped; then the queue's ring state is cleared and q_reset_ack_o[q] pulses.
// - NOTIFICATION_DATA: the notify's next avail.idx is taken as the shadow avail.idx when it is
//   1..queue-size entries ahead of last_avail (a hint; anything else is ignored).
// - IN_ORDER: used elements of up to BATCH_MAX consecutive normally completed chains are
//   coalesced into one used element (id/len of the batch's last buffer) at the batch's first
//   used slot, and used.idx advances by the batch size (docs/design.md, "Virtqueue engines").
// Performance additions (docs/design.md, "Split engine"):
// - descriptor window: one read fetches up to DESC_PREFETCH consecutive table entries;
// - head window: one read fetches up to HEAD_PREFETCH avail ring entries;
// - used batching without IN_ORDER: one used element per chain, one used.idx write and one
//   interrupt decision per batch of up to BATCH_MAX chains of a queue;
// - walk-ahead: the batch's next chain is walked into the other segment RAM bank while the
//   request processor works on the current one, and dispatched as soon as it completes.
module vcrypto_vq_split #(
  // Number of queues (data queues + control queue).
  parameter int unsigned NQ = 5,
  // Largest queue size (power of two).
  parameter int unsigned QSIZE_MAX = 256,
  // Address bits of each segment RAM.
  parameter int unsigned SEG_AW = 8,
  // Width of DMA command lengths.
  parameter int unsigned LEN_WIDTH = 16,
  // DMA data width in bits (64, 128 or 256). A descriptor (16 bytes) arrives in
  // ceil(16/(DATA_WIDTH/8)) read beats; every ring write (2 or 8 bytes) is one beat.
  parameter int unsigned DATA_WIDTH = 128,
  // Most used elements coalesced into one with IN_ORDER (1 = no batching; at most 16).
  parameter int unsigned BATCH_MAX = 8,
  // Descriptors fetched by one descriptor-table read (1, 2, 4, 8 or 16): a chain walk reads up
  // to this many consecutive table entries at once and takes the chain's next descriptor from
  // them when it lies in the window (1 = one read per descriptor).
  parameter int unsigned DESC_PREFETCH = 8,
  // Avail ring entries (heads) fetched by one avail-ring read (1, 2, 4, 8 or 16): when several
  // chains of a queue are known available their heads are read together.
  parameter int unsigned HEAD_PREFETCH = 8
) (
  input  logic                    clk_i,
  input  logic                    rst_i,
  // Transport state from the PCI front-end
  input  logic                    driver_ok_i,
  input  logic                    event_idx_i,
  input  logic                    in_order_i,      // VIRTIO_F_IN_ORDER negotiated
  input  logic                    notif_data_i,    // VIRTIO_F_NOTIFICATION_DATA negotiated
  input  logic [NQ-1:0]           q_enable_i,
  input  logic [NQ*16-1:0]        q_size_i,
  input  logic [NQ*64-1:0]        q_desc_i,
  input  logic [NQ*64-1:0]        q_driver_i,
  input  logic [NQ*64-1:0]        q_device_i,
  input  logic                    notify_valid_i,
  input  logic [15:0]             notify_qid_i,
  input  logic [15:0]             notify_data_i,   // next avail.idx (with notif_data_i)
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
  // Segment RAM bank the walk writes; a dispatched chain lives in the bank this shows while
  // req_valid_o is high (the walk moves to the other bank at the dispatch).
  output logic                    seg_bank_o,
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
  // descriptor window: DESC_PREFETCH entries of 128 bits filled by DMA beats of DATA_WIDTH bits
  // from lane 0, head window: HEAD_PREFETCH entries of 16 bits (vcrypto_fetch_window checks
  // both sizes)
  localparam int unsigned DP  = DESC_PREFETCH;
  localparam int unsigned DPW = $clog2(DP) + 1;                  // entry counts 0..DP
  localparam int unsigned HP  = HEAD_PREFETCH;
  localparam int unsigned HPW = $clog2(HP) + 1;

  typedef enum logic [4:0] {
    S_IDLE, S_PICK, S_AEVT_CMD, S_AEVT_DATA, S_AEVT_DONE, S_AIDX_CMD, S_AIDX_DATA,
    S_HEAD_CMD, S_HEAD_DATA, S_DESC_CMD, S_DESC_DATA, S_DESC_EVAL, S_DISPATCH, S_WAIT_DONE,
    S_UELEM_CMD, S_UELEM_DATA, S_UELEM_DONE, S_UIDX_CMD, S_UIDX_DATA, S_UIDX_DONE,
    S_EVT_CMD, S_EVT_DATA, S_IRQ, S_NEXT, S_HALT
  } state_e;

  state_e            state_q, state_d;
  logic [NQ-1:0]     pending_q, pending_d;
  logic [15:0]       last_avail_q [NQ];
  logic [15:0]       shadow_avail_q [NQ];
  logic [15:0]       used_idx_q [NQ];
  logic [15:0]       last_avail_d, shadow_avail_d, used_idx_d;
  logic              qstate_we;
  logic [QW-1:0]     q_q, q_d, rr_q, rr_d;
  logic [15:0]       head_q, head_d;
  logic [15:0]       idx_q, idx_d;              // current descriptor index
  logic [63:0]       table_q, table_d;          // current descriptor table
  logic [31:0]       tsize_q, tsize_d;          // entries in the current table
  logic              indirect_q, indirect_d;
  logic [31:0]       visited_q, visited_d;
  logic [SEG_AW:0]   nout_q, nout_d, nin_q, nin_d;
  logic [32:0]       out_len_q, out_len_d, in_len_q, in_len_d;
  logic              chain_err_q, chain_err_d;
  logic [127:0]      desc_q, desc_d;            // descriptor being evaluated
  // Descriptor window of the current chain and table (positions = table indices). Emptied at
  // every new chain and table switch, so only descriptors read after this chain's avail.idx was
  // seen are ever used.
  logic              dc_hit, dc_clear, dc_start, dc_last, dc_commit;
  logic [127:0]      dc_entry, dc_first;
  logic [DPW-1:0]    dc_fill_n;                 // entries of the fill in flight
  logic              dc_single_q, dc_single_d;  // refetch one entry alone (a window read failed)
  logic [31:0]       fill_n32;                  // entries the next fill asks for
  // Head window of the current queue (positions = avail ring positions), all below the
  // avail.idx known when they were read, so they stay valid until consumed. Emptied at every
  // pick.
  logic              hw_hit, hw_clear, hw_start, hw_last, hw_commit;
  logic [15:0]       hw_entry, hw_first;
  logic [HPW-1:0]    hw_fill_n;
  logic              hw_single_q, hw_single_d;  // refetch one entry alone (a window read failed)
  logic [15:0]       hfill_n;                   // entries the next head fill asks for
  logic              head_take;                 // a head index is in head_val this cycle
  // Walk-ahead: while one chain is in the request processor (inflight) the next chain of the
  // same queue is walked into the other segment RAM bank and waits there (ahead) until the
  // in-flight one completes. The in-flight chain's id and lengths are kept apart (fl_*).
  logic              wbank_q, wbank_d;          // bank the walk writes
  logic              inflight_q, inflight_d;
  logic              ahead_q, ahead_d;
  logic [15:0]       fl_head_q, fl_head_d;
  logic [32:0]       fl_in_len_q, fl_in_len_d;
  logic              fl_err_q, fl_err_d;        // the in-flight chain was malformed
  logic              dn_q, dn_d;                // its completion, held until WAIT_DONE takes it
  logic [15:0]       uhead_q, uhead_d;          // id of the used element to write
  logic              uel_pend_q, uel_pend_d;    // the walked chain went first: element pending
  logic [31:0]       dn_len_q, dn_len_d;
  logic              dn_fatal_q, dn_fatal_d;
  logic              dn_any;                    // a completion is there (now or held)
  logic [31:0]       dn_len;
  logic              dn_fatal;
  logic [15:0]       walk_pos;                  // avail ring position of the chain walked
  logic              can_ahead;                 // after this dispatch, walk the next chain
  state_e            abort_to;                  // where a queue reset sends a walk
  state_e            irq_next;                  // after the interrupt decision
  logic [15:0]       head_val;
  logic [3:0]        batch_q, batch_d;          // used elements deferred (IN_ORDER batch)
  logic [15:0]       ne_old_q, ne_old_d;        // used.idx before the last used.idx write
  logic [NQ-1:0]     ack_q, ack_d;              // queue reset acknowledge (registered pulse)
  logic              abort;                     // the current queue's reset was requested
  logic              normal_done;               // completion eligible for an IN_ORDER batch
  logic [15:0]       la_n [NQ];                 // next ring state per queue
  logic [15:0]       sh_n [NQ];
  logic [15:0]       ui_n [NQ];
  logic [31:0]       used_len_q, used_len_d;
  logic [15:0]       word_q, word_d;            // 16-bit value read from the ring
  logic              halt_q, halt_d;
  // descriptors already visited in this chain (direct table / current indirect table): a
  // revisit is a loop (D18), caught at once instead of after queue-size steps
  logic [QSIZE_MAX-1:0] seen_dir_q, seen_dir_d, seen_ind_q, seen_ind_d;
  logic                 seen_hit;

  // current queue's parameters
  logic [15:0] qsize;
  logic [63:0] qdesc, qdrv, qdev;
  logic [15:0] slot_mask;
  logic [15:0] uelem_slot;   // used ring slot of the element being written
  always_comb begin
    qsize     = q_size_i[q_q*16 +: 16];
    qdesc     = q_desc_i[q_q*64 +: 64];
    qdrv      = q_driver_i[q_q*64 +: 64];
    qdev      = q_device_i[q_q*64 +: 64];
    slot_mask = qsize - 16'd1;
    // IN_ORDER: the batch's one element goes in its first slot; otherwise every chain of a
    // batch has its own element, written at once, and used.idx covers them all at the end
    uelem_slot = in_order_i ? used_idx_q[q_q] : 16'(used_idx_q[q_q] + 16'(batch_q));
  end

  // descriptor fields
  logic [63:0] d_addr;
  logic [31:0] d_len;
  logic [15:0] d_flags, d_next;
  assign d_addr  = desc_q[63:0];
  assign d_len   = desc_q[95:64];
  assign d_flags = desc_q[111:96];
  assign d_next  = desc_q[127:112];

  // the size of the next descriptor fill: never past the table's last entry
  always_comb begin
    fill_n32 = (dc_single_q || tsize_q - 32'(idx_q) < 32'(DP)) ?
               (dc_single_q ? 32'd1 : tsize_q - 32'(idx_q)) : 32'(DP);
  end

  // the size of the next head fill: never past the ring's end, never past the avail.idx last
  // seen
  logic [15:0] h_avail, h_toend;
  always_comb begin
    h_avail  = 16'(shadow_avail_q[q_q] - walk_pos);
    h_toend  = 16'(qsize - (walk_pos & slot_mask));
    hfill_n  = 16'(HP);
    if (h_avail < hfill_n) hfill_n = h_avail;
    if (h_toend < hfill_n) hfill_n = h_toend;
    if (hw_single_q || hfill_n == '0) hfill_n = 16'd1;
  end

  vcrypto_fetch_window #(.EW(128), .N(DP), .DATA_WIDTH(DATA_WIDTH)) u_desc_win (
    .clk_i, .rst_i,
    .pos_i(idx_q), .hit_o(dc_hit), .entry_o(dc_entry),
    .clear_i(dc_clear), .start_i(dc_start), .base_i(idx_q), .n_i(DPW'(fill_n32)),
    .beat_valid_i(state_q == S_DESC_DATA && rd_data_valid_i), .beat_i(rd_data_i),
    .last_beat_o(dc_last), .first_o(dc_first), .fill_n_o(dc_fill_n), .commit_i(dc_commit)
  );
  vcrypto_fetch_window #(.EW(16), .N(HP), .DATA_WIDTH(DATA_WIDTH)) u_head_win (
    .clk_i, .rst_i,
    .pos_i(walk_pos), .hit_o(hw_hit), .entry_o(hw_entry),
    .clear_i(hw_clear), .start_i(hw_start), .base_i(walk_pos), .n_i(HPW'(hfill_n)),
    .beat_valid_i(state_q == S_HEAD_DATA && rd_data_valid_i), .beat_i(rd_data_i),
    .last_beat_o(hw_last), .first_o(hw_first), .fill_n_o(hw_fill_n), .commit_i(hw_commit)
  );

  // outputs registered through state
  logic              rd_cmd_valid, wr_cmd_valid, wr_data_valid;
  logic [63:0]       rd_addr, wr_addr;
  logic [LEN_WIDTH-1:0] rd_len, wr_len;
  logic [63:0]       wr_data;                   // every ring write is at most 8 bytes

  // queues in round-robin order starting at rr_q
  logic [QW-1:0] rr_order [NQ];
  always_comb begin
    for (int k = 0; k < NQ; k++) begin
      rr_order[k] = ((32'(rr_q) + 32'(k)) >= NQ) ? QW'(32'(rr_q) + 32'(k) - NQ) : QW'(32'(rr_q) + 32'(k));
    end
  end

  // need_event(event, new, old) = (u16)(new - event - 1) < (u16)(new - old); old is used.idx
  // before the last write (a whole IN_ORDER batch crosses the event in one step)
  logic [15:0] ne_new;
  logic        need_event;
  always_comb begin
    ne_new     = used_idx_q[q_q];
    need_event = (16'(ne_new - word_q - 16'd1)) < (16'(ne_new - ne_old_q));
  end

  // a chain completed as the request processor does for every well-formed request: it may
  // join an IN_ORDER batch (the driver fills in len = the buffer's writable total)
  assign dn_any      = done_valid_i || dn_q;
  assign dn_len      = dn_q ? dn_len_q : done_used_len_i;
  assign dn_fatal    = dn_q ? dn_fatal_q : done_fatal_i;
  assign normal_done = !fl_err_q && !dn_fatal && dn_len == fl_in_len_q[31:0] && !fl_in_len_q[32];
  assign walk_pos    = 16'(last_avail_q[q_q] + {15'd0, inflight_q});
  assign abort_to    = inflight_q ? S_WAIT_DONE : S_IDLE;   // an in-flight chain must finish
  assign irq_next    = inflight_q ? S_WAIT_DONE : (ahead_q ? S_DISPATCH : S_IDLE);
  // walk the next chain during this one only when it will join the same used batch
  assign can_ahead   = !abort && 32'(batch_q) < BATCH_MAX - 1 &&
                       shadow_avail_q[q_q] != 16'(last_avail_q[q_q] + 16'd1);
  assign abort       = q_reset_req_i[q_q];

  // Queue reset acknowledge: at once for a queue that is not the one being worked on (ring
  // state is only written for q_q), for the current one once the engine is back in S_IDLE.
  always_comb begin
    for (int i = 0; i < NQ; i++) begin
      ack_d[i] = q_reset_req_i[i] && !ack_q[i] &&
                 (state_q == S_IDLE || state_q == S_HALT || QW'(i) != q_q);
    end
  end
  assign q_reset_ack_o = ack_q;

  always_comb begin
    state_d        = state_q;
    pending_d      = pending_q;
    q_d            = q_q;
    rr_d           = rr_q;
    head_d         = head_q;
    idx_d          = idx_q;
    table_d        = table_q;
    tsize_d        = tsize_q;
    indirect_d     = indirect_q;
    visited_d      = visited_q;
    nout_d         = nout_q;
    nin_d          = nin_q;
    out_len_d      = out_len_q;
    in_len_d       = in_len_q;
    chain_err_d    = chain_err_q;
    desc_d         = desc_q;
    dc_single_d    = dc_single_q;
    dc_clear       = 1'b0;
    dc_start       = 1'b0;
    dc_commit      = 1'b0;
    hw_single_d    = hw_single_q;
    hw_clear       = 1'b0;
    hw_start       = 1'b0;
    hw_commit      = 1'b0;
    head_take      = 1'b0;
    head_val       = '0;
    wbank_d        = wbank_q;
    inflight_d     = inflight_q;
    ahead_d        = ahead_q;
    fl_head_d      = fl_head_q;
    fl_in_len_d    = fl_in_len_q;
    fl_err_d       = fl_err_q;
    dn_d           = dn_q;
    uhead_d        = uhead_q;
    uel_pend_d     = uel_pend_q;
    dn_len_d       = dn_len_q;
    dn_fatal_d     = dn_fatal_q;
    // hold a completion that arrives while the engine walks ahead
    if (done_valid_i) begin
      dn_d       = 1'b1;
      dn_len_d   = done_used_len_i;
      dn_fatal_d = done_fatal_i;
    end
    batch_d        = batch_q;
    ne_old_d       = ne_old_q;
    used_len_d     = used_len_q;
    word_d         = word_q;
    halt_d         = halt_q;
    seen_dir_d     = seen_dir_q;
    seen_ind_d     = seen_ind_q;
    seen_hit       = indirect_q ? seen_ind_q[idx_q[$clog2(QSIZE_MAX)-1:0]]
                                : seen_dir_q[idx_q[$clog2(QSIZE_MAX)-1:0]];
    last_avail_d   = last_avail_q[q_q];
    shadow_avail_d = shadow_avail_q[q_q];
    used_idx_d     = used_idx_q[q_q];
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

    case (state_q)
      S_IDLE: begin
        batch_d    = '0;
        ahead_d    = 1'b0;
        uel_pend_d = 1'b0;
        if (driver_ok_i && !halt_q && |(pending_q & q_enable_i & ~q_reset_req_i)) state_d = S_PICK;
      end
      S_PICK: begin
        // round robin from rr_q; a queue being reset is never picked
        state_d = S_IDLE;
        for (int k = NQ - 1; k >= 0; k--) begin
          if (pending_q[rr_order[k]] && q_enable_i[rr_order[k]] && !q_reset_req_i[rr_order[k]]) begin
            q_d     = rr_order[k];
            state_d = S_AEVT_CMD;
          end
        end
        rr_d = (q_d == QW'(NQ - 1)) ? '0 : q_d + 1'b1;
        hw_clear    = 1'b1;
        hw_single_d = 1'b0;
      end
      // with EVENT_IDX: publish avail_event = last_avail before looking at avail.idx
      S_AEVT_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else if (!event_idx_i || shadow_avail_q[q_q] != last_avail_q[q_q]) begin
          state_d = (shadow_avail_q[q_q] != last_avail_q[q_q]) ? S_HEAD_CMD : S_AIDX_CMD;
        end else begin
          wr_cmd_valid = 1'b1;
          wr_addr      = qdev + 64'd4 + {45'd0, qsize, 3'd0};
          wr_len       = LEN_WIDTH'(2);
          if (wr_cmd_ready_i) state_d = S_AEVT_DATA;
        end
      end
      S_AEVT_DATA: begin
        wr_data_valid = 1'b1;
        wr_data       = {48'd0, last_avail_q[q_q]};
        if (wr_data_ready_i) state_d = S_AEVT_DONE;
      end
      S_AEVT_DONE: begin
        if (wr_done_i) begin
          state_d = S_AIDX_CMD;
          if (wr_done_err_i) begin                           // ring write failed
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end
        end
      end
      // The pending bit is cleared when the avail.idx read is issued: a notify arriving after
      // that sets it again, so a driver update the read may have missed is never lost.
      S_AIDX_CMD: begin
        if (abort) begin
          state_d = S_IDLE;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = qdrv + 64'd2;
          rd_len       = LEN_WIDTH'(2);
          if (rd_cmd_ready_i) begin
            pending_d[q_q] = 1'b0;
            state_d        = S_AIDX_DATA;
          end
        end
      end
      S_AIDX_DATA: begin
        if (rd_data_valid_i) begin
          shadow_avail_d = rd_data_i[15:0];
          qstate_we      = 1'b1;
          if (rd_data_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else if (rd_data_i[15:0] == last_avail_q[q_q]) begin
            state_d        = S_IDLE;
          end else if (16'(rd_data_i[15:0] - last_avail_q[q_q]) > qsize) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else begin
            state_d = S_HEAD_CMD;
          end
        end
      end
      S_HEAD_CMD: begin
        if (abort) begin
          state_d = abort_to;
        end else if (hw_hit) begin
          head_take = 1'b1;                                  // from the head window
          head_val  = hw_entry;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = qdrv + 64'd4 + {47'd0, (walk_pos & slot_mask), 1'b0};
          rd_len       = LEN_WIDTH'(hfill_n * 16'd2);
          if (rd_cmd_ready_i) begin
            hw_start = 1'b1;
            state_d  = S_HEAD_DATA;
          end
        end
      end
      S_HEAD_DATA: begin
        if (hw_last) begin
          if (rd_data_err_i && hw_fill_n != HPW'(1)) begin
            hw_single_d = 1'b1;                            // retry the wanted entry alone
            state_d     = S_HEAD_CMD;
          end else if (rd_data_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else begin
            hw_commit   = 1'b1;
            hw_single_d = 1'b0;
            head_take   = 1'b1;
            head_val    = hw_first;
          end
        end
      end
      S_DESC_CMD: begin
        if (abort) begin
          state_d = abort_to;
        end else if (dc_hit) begin
          // in the window: no memory round trip
          desc_d    = dc_entry;
          visited_d = visited_q + 32'd1;
          state_d   = S_DESC_EVAL;
        end else begin
          // fetch a window starting at idx_q (never past the table's last entry)
          rd_cmd_valid = 1'b1;
          rd_addr      = table_q + {44'd0, idx_q, 4'd0};
          rd_len       = LEN_WIDTH'(fill_n32 * 16);
          if (rd_cmd_ready_i) begin
            dc_start = 1'b1;
            state_d  = S_DESC_DATA;
          end
        end
      end
      S_DESC_DATA: begin
        if (dc_last) begin
          // last beat: its err covers every response of the command
          if (rd_data_err_i && dc_fill_n != DPW'(1)) begin
            // the window touched an unreadable entry: read the wanted one alone, so only an
            // error in a descriptor the chain really uses stops the ring (as without a window)
            dc_single_d = 1'b1;
            state_d     = S_DESC_CMD;
          end else if (rd_data_err_i) begin
            // a descriptor (table) that cannot be read: the ring is unusable
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else begin
            dc_commit   = 1'b1;
            dc_single_d = 1'b0;
            desc_d      = dc_first;
            visited_d   = visited_q + 32'd1;
            state_d     = S_DESC_EVAL;
          end
        end
      end
      S_DESC_EVAL: begin
        state_d = S_DISPATCH;
        if (indirect_q) seen_ind_d[idx_q[$clog2(QSIZE_MAX)-1:0]] = 1'b1;
        else            seen_dir_d[idx_q[$clog2(QSIZE_MAX)-1:0]] = 1'b1;
        if (seen_hit || visited_q > tsize_q) begin
          chain_err_d = 1'b1;                               // loop / chain too long
        end else if ((d_flags & 16'h4) != 0) begin
          if (indirect_q || (d_flags & 16'h1) != 0 || d_len == 0 || d_len[3:0] != 0 ||
              d_len[31:4] > 28'(QSIZE_MAX)) begin
            chain_err_d = 1'b1;                             // nested / malformed indirect
          end else begin
            indirect_d = 1'b1;
            seen_ind_d = '0;
            dc_clear   = 1'b1;
            table_d    = d_addr;
            tsize_d    = {4'd0, d_len[31:4]};
            idx_d      = '0;
            visited_d  = '0;
            state_d    = S_DESC_CMD;
          end
        end else begin
          if (d_len != 0) begin
            if ((d_flags & 16'h2) != 0) begin
              if (nin_q == (SEG_AW+1)'(1 << SEG_AW)) chain_err_d = 1'b1;
              else begin
                in_we_o     = 1'b1;
                seg_waddr_o = nin_q[SEG_AW-1:0];
                nin_d       = nin_q + 1'b1;
                in_len_d    = in_len_q + {1'b0, d_len};
              end
            end else begin
              if (nin_q != 0 || nout_q == (SEG_AW+1)'(1 << SEG_AW)) chain_err_d = 1'b1;
              else begin
                out_we_o    = 1'b1;
                seg_waddr_o = nout_q[SEG_AW-1:0];
                nout_d      = nout_q + 1'b1;
                out_len_d   = out_len_q + {1'b0, d_len};
              end
            end
          end
          if ((d_flags & 16'h1) != 0 && !chain_err_d) begin
            if ({16'd0, d_next} >= tsize_q) chain_err_d = 1'b1;
            else begin
              idx_d   = d_next;
              state_d = S_DESC_CMD;
            end
          end
        end
        if (chain_err_d) state_d = S_DISPATCH;
      end
      S_DISPATCH: begin
        if (abort) begin
          state_d = abort_to;
        end else if (inflight_q) begin
          ahead_d = 1'b1;                                    // walked ahead: wait our turn
          state_d = S_WAIT_DONE;
        end else begin
          req_valid_o = 1'b1;
          if (req_ready_i) begin
            inflight_d  = 1'b1;
            fl_head_d   = head_q;
            fl_in_len_d = in_len_q;
            fl_err_d    = req_chain_err_o;
            wbank_d     = !wbank_q;                          // the next walk uses the other bank
            ahead_d     = 1'b0;
            state_d     = uel_pend_q ? S_UELEM_CMD : (can_ahead ? S_HEAD_CMD : S_WAIT_DONE);
          end
        end
      end
      S_WAIT_DONE: begin
        if (dn_any) begin
          dn_d       = 1'b0;
          inflight_d = 1'b0;
          used_len_d = dn_len;
          uhead_d    = fl_head_q;
          state_d    = S_UELEM_CMD;
          if (dn_fatal) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else if (abort) begin
            state_d = S_IDLE;                                // queue reset: completion dropped
          end else if (in_order_i && normal_done && 32'(batch_q) < BATCH_MAX - 1 &&
                       shadow_avail_q[q_q] != 16'(last_avail_q[q_q] + 16'd1)) begin
            // IN_ORDER: more chains are known available; defer this used element
            batch_d      = batch_q + 4'd1;
            last_avail_d = last_avail_q[q_q] + 16'd1;
            qstate_we    = 1'b1;
            state_d      = ahead_q ? S_DISPATCH : S_HEAD_CMD;
          end else if (!in_order_i && ahead_q) begin
            // the walked chain goes to the request processor first, then this used element
            // is written while it runs
            uel_pend_d = 1'b1;
            state_d    = S_DISPATCH;
          end
        end
      end
      // One used element (the last chain's id/len) at the batch's first slot.
      S_UELEM_CMD: begin
        if (abort) begin
          state_d = abort_to;
        end else begin
          wr_cmd_valid = 1'b1;
          wr_addr      = qdev + 64'd4 + {45'd0, (uelem_slot & slot_mask), 3'd0};
          wr_len       = LEN_WIDTH'(8);
          if (wr_cmd_ready_i) state_d = S_UELEM_DATA;
        end
      end
      S_UELEM_DATA: begin
        wr_data_valid = 1'b1;
        wr_data       = {used_len_q, 16'd0, uhead_q};
        if (wr_data_ready_i) state_d = S_UELEM_DONE;
      end
      S_UELEM_DONE: begin
        if (wr_done_i) begin
          state_d = S_UIDX_CMD;
          if (wr_done_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end else if (!in_order_i && !abort && 32'(batch_q) < BATCH_MAX - 1 &&
                       shadow_avail_q[q_q] != 16'(last_avail_q[q_q] + 16'd1)) begin
            // more chains of this queue are known available: take the next one and publish
            // used.idx (and look at interrupt suppression) once for the whole batch
            batch_d      = batch_q + 4'd1;
            last_avail_d = last_avail_q[q_q] + 16'd1;
            qstate_we    = 1'b1;
            uel_pend_d   = 1'b0;
            state_d      = uel_pend_q ? S_NEXT : (ahead_q ? S_DISPATCH : S_HEAD_CMD);
          end
        end
      end
      // the chain dispatched early runs: walk ahead again (with the ring state updated)
      S_NEXT: begin
        state_d = can_ahead ? S_HEAD_CMD : S_WAIT_DONE;
      end
      S_UIDX_CMD: begin
        if (abort) begin
          state_d = abort_to;
        end else begin
          wr_cmd_valid = 1'b1;
          wr_addr      = qdev + 64'd2;
          wr_len       = LEN_WIDTH'(2);
          if (wr_cmd_ready_i) state_d = S_UIDX_DATA;
        end
      end
      S_UIDX_DATA: begin
        wr_data_valid = 1'b1;
        wr_data       = {48'd0, 16'(used_idx_q[q_q] + 16'(batch_q) + 16'd1)};
        if (wr_data_ready_i) state_d = S_UIDX_DONE;
      end
      S_UIDX_DONE: begin
        if (wr_done_i) begin
          used_idx_d   = used_idx_q[q_q] + 16'(batch_q) + 16'd1;
          last_avail_d = last_avail_q[q_q] + 16'd1;
          ne_old_d     = used_idx_q[q_q];
          batch_d      = '0;
          qstate_we    = 1'b1;
          // look at the queue again (more may have been made available meanwhile)
          pending_d[q_q] = 1'b1;
          state_d      = S_EVT_CMD;
          if (wr_done_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end
        end
      end
      // interrupt suppression: used_event with EVENT_IDX, else avail.flags
      S_EVT_CMD: begin
        if (abort) begin
          state_d = abort_to;
        end else begin
          rd_cmd_valid = 1'b1;
          rd_addr      = event_idx_i ? (qdrv + 64'd4 + {47'd0, qsize, 1'b0}) : qdrv;
          rd_len       = LEN_WIDTH'(2);
          if (rd_cmd_ready_i) state_d = S_EVT_DATA;
        end
      end
      S_EVT_DATA: begin
        if (rd_data_valid_i) begin
          word_d  = rd_data_i[15:0];
          state_d = S_IRQ;
          if (rd_data_err_i) begin
            halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
          end
        end
      end
      S_IRQ: begin
        if (abort) begin
          state_d = abort_to;
        end else if (event_idx_i ? need_event : (word_q[0] == 1'b0)) begin
          irq_valid_o = 1'b1;
          if (irq_ready_i) state_d = irq_next;
        end else begin
          state_d = irq_next;                                // a chain walked ahead goes next
        end
      end
      S_HALT: ;
      default: state_d = S_IDLE;
    endcase

    // a chain starts at head_val (from the head window or the avail ring read)
    if (head_take) begin
      head_d      = head_val;
      idx_d       = head_val;
      table_d     = qdesc;
      tsize_d     = {16'd0, qsize};
      indirect_d  = 1'b0;
      visited_d   = '0;
      nout_d      = '0;
      nin_d       = '0;
      out_len_d   = '0;
      in_len_d    = '0;
      chain_err_d = 1'b0;
      seen_dir_d  = '0;
      dc_clear    = 1'b1;
      dc_single_d = 1'b0;
      if (head_val >= qsize) begin
        halt_d = 1'b1; needs_reset_o = 1'b1; state_d = S_HALT;
      end else begin
        state_d = S_DESC_CMD;
      end
    end

    // notifications (after the engine's own pending updates, so none is ever lost); a queue
    // being reset takes none, and its acknowledge drops whatever was pending
    if (notify_valid_i && notify_qid_i < 16'(NQ) && !q_reset_req_i[notify_qid_i[QW-1:0]]) begin
      pending_d[notify_qid_i[QW-1:0]] = 1'b1;
    end
    pending_d = pending_d & ~ack_d;
  end

  // Per-queue ring state: the engine's update of the current queue, then a NOTIFICATION_DATA
  // hint (taken only when it is 1..queue-size entries ahead of last_avail, so a stale or wrong
  // one can at worst cause an extra avail.idx read), then a queue reset.
  always_comb begin
    for (int i = 0; i < NQ; i++) begin
      la_n[i] = last_avail_q[i];
      sh_n[i] = shadow_avail_q[i];
      ui_n[i] = used_idx_q[i];
      if (qstate_we && q_q == QW'(i)) begin
        la_n[i] = last_avail_d;
        sh_n[i] = shadow_avail_d;
        ui_n[i] = used_idx_d;
      end
      if (notify_valid_i && notif_data_i && notify_qid_i == 16'(i) && !q_reset_req_i[i] &&
          16'(notify_data_i - la_n[i]) != 16'd0 &&
          16'(notify_data_i - la_n[i]) <= q_size_i[i*16 +: 16]) begin
        sh_n[i] = notify_data_i;
      end
      if (ack_d[i]) begin
        la_n[i] = '0;
        sh_n[i] = '0;
        ui_n[i] = '0;
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

  assign req_qid_o       = 16'(q_q);
  assign req_ctrl_o      = (q_q == QW'(NQ - 1));
  assign req_out_segs_o  = nout_q;
  assign req_in_segs_o   = nin_q;
  assign req_out_len_o   = out_len_q[32] ? 32'hFFFF_FFFF : out_len_q[31:0];
  assign req_in_len_o    = in_len_q[32] ? 32'hFFFF_FFFF : in_len_q[31:0];
  assign req_chain_err_o = chain_err_q || out_len_q[32] || in_len_q[32];
  assign seg_bank_o      = wbank_q;
  assign irq_qid_o       = 16'(q_q);
  assign busy_o          = (state_q != S_IDLE) && (state_q != S_HALT);

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE; pending_q <= '0; q_q <= '0; rr_q <= '0; head_q <= '0; idx_q <= '0;
      table_q <= '0; tsize_q <= '0; indirect_q <= 1'b0; visited_q <= '0; nout_q <= '0;
      nin_q <= '0; out_len_q <= '0; in_len_q <= '0; chain_err_q <= 1'b0; desc_q <= '0;
      dc_single_q <= 1'b0; hw_single_q <= 1'b0;
      wbank_q <= 1'b0; inflight_q <= 1'b0; ahead_q <= 1'b0; fl_head_q <= '0; fl_in_len_q <= '0;
      fl_err_q <= 1'b0; dn_q <= 1'b0; dn_len_q <= '0; dn_fatal_q <= 1'b0;
      uhead_q <= '0; uel_pend_q <= 1'b0;
      batch_q <= '0; ne_old_q <= '0; ack_q <= '0;
      used_len_q <= '0; word_q <= '0; halt_q <= 1'b0; seen_dir_q <= '0; seen_ind_q <= '0;
      for (int i = 0; i < NQ; i++) begin
        last_avail_q[i] <= '0; shadow_avail_q[i] <= '0; used_idx_q[i] <= '0;
      end
    end else begin
      state_q <= state_d; pending_q <= pending_d; q_q <= q_d; rr_q <= rr_d; head_q <= head_d;
      idx_q <= idx_d; table_q <= table_d; tsize_q <= tsize_d; indirect_q <= indirect_d;
      visited_q <= visited_d; nout_q <= nout_d; nin_q <= nin_d; out_len_q <= out_len_d;
      in_len_q <= in_len_d; chain_err_q <= chain_err_d; desc_q <= desc_d;
      dc_single_q <= dc_single_d; hw_single_q <= hw_single_d;
      wbank_q <= wbank_d; inflight_q <= inflight_d; ahead_q <= ahead_d; fl_head_q <= fl_head_d;
      fl_in_len_q <= fl_in_len_d; fl_err_q <= fl_err_d; dn_q <= dn_d; dn_len_q <= dn_len_d;
      dn_fatal_q <= dn_fatal_d; uhead_q <= uhead_d; uel_pend_q <= uel_pend_d;
      batch_q <= batch_d; ne_old_q <= ne_old_d; ack_q <= ack_d;
      used_len_q <= used_len_d; word_q <= word_d; halt_q <= halt_d;
      seen_dir_q <= seen_dir_d; seen_ind_q <= seen_ind_d;
      for (int i = 0; i < NQ; i++) begin
        last_avail_q[i]   <= la_n[i];
        shadow_avail_q[i] <= sh_n[i];
        used_idx_q[i]     <= ui_n[i];
      end
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_ok;
  assign unused_ok = |rd_data_i;
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
