// vcrypto_sg_reader: gathers the device-readable part of a descriptor chain into one byte stream.
// The out segments (addr, len) sit in a segment RAM written by the virtqueue engine. The reader
// issues DMA reads chunk by chunk with credit-based flow control (it never asks for more beats
// than its beat FIFO can hold, so it never stalls the shared AXI read channel) and packs the
// beats into a 32-byte window from which the consumer pops 0..16 bytes per cycle.
// FIFO entries hold at most 16 bytes: a DMA beat of DATA_WIDTH 64/128 is one entry (<= 8 / <= 16
// bytes), a 256-bit beat is split into two 16-byte entries (the second one only when the beat
// carries more than 16 bytes), so the window always takes at most 16 bytes per cycle.
module vcrypto_sg_reader #(
  // DMA data width in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Address bits of the segment RAM (depth = 2**SEG_AW).
  parameter int unsigned SEG_AW = 8,
  // Width of DMA command lengths.
  parameter int unsigned LEN_WIDTH = 16,
  // FIFO capacity in 16-byte units (power of two): FIFO_DEPTH entries of 16 bytes, or
  // 2*FIFO_DEPTH entries of 8 bytes at DATA_WIDTH 64. Two chunks, so one can be requested
  // while the other drains.
  parameter int unsigned FIFO_DEPTH = 256,
  // Largest DMA read issued at once, in bytes. The DMA serves one read command at a time and
  // each costs a memory round trip before its first beat, so long chunks keep the stream near
  // one beat per clock (2048 B: 128 beats per ~40 clocks of latency).
  parameter int unsigned CHUNK = 2048
) (
  input  logic                   clk_i,
  input  logic                   rst_i,
  // Control
  input  logic                   start_i,
  input  logic [SEG_AW:0]        seg_count_i,
  input  logic                   abort_i,
  output logic                   idle_o,
  // Segment RAM read port (data one cycle after the address)
  output logic [SEG_AW-1:0]      seg_raddr_o,
  input  logic [63:0]            seg_addr_i,
  input  logic [31:0]            seg_len_i,
  // DMA read client
  output logic                   rd_cmd_valid_o,
  input  logic                   rd_cmd_ready_i,
  output logic [63:0]            rd_cmd_addr_o,
  output logic [LEN_WIDTH-1:0]   rd_cmd_len_o,
  input  logic                   rd_data_valid_i,
  output logic                   rd_data_ready_o,
  input  logic [DATA_WIDTH-1:0]  rd_data_i,
  input  logic [$clog2(DATA_WIDTH/8):0] rd_data_bytes_i,
  input  logic                   rd_data_last_i,
  input  logic                   rd_data_err_i,
  // Consumer: the next bytes of the stream, packed from byte 0
  output logic [127:0]           data_o,
  output logic [4:0]             avail_o,
  input  logic [4:0]             pop_i,
  output logic                   err_o
);
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  localparam int unsigned EB    = (BYTES < 16) ? BYTES : 16;          // bytes per FIFO entry
  localparam int unsigned EW    = 8 * EB;
  localparam int unsigned EOFF  = $clog2(EB);
  localparam int unsigned SPLIT = (BYTES > 16) ? BYTES / 16 : 1;      // entries per DMA beat
  localparam int unsigned DEPTH = FIFO_DEPTH * 16 / EB;               // FIFO entries
  localparam int unsigned FAW   = $clog2(DEPTH);

  // ---------------------------------------------------------------- command issue
  typedef enum logic [1:0] {S_IDLE, S_LOAD, S_ISSUE} state_e;
  state_e            state_q, state_d;
  logic [SEG_AW:0]   seg_idx_q, seg_idx_d, seg_cnt_q, seg_cnt_d;
  logic [63:0]       addr_q, addr_d;
  logic [31:0]       rem_q, rem_d;
  logic [FAW:0]      inflight_q, inflight_d;   // entries requested but not yet received
  logic              cmd_valid_q, cmd_valid_d;
  logic [63:0]       cmd_addr_q, cmd_addr_d;
  logic [LEN_WIDTH-1:0] cmd_len_q, cmd_len_d;
  logic [FAW:0]      cmd_beats_q, cmd_beats_d;

  // ---------------------------------------------------------------- entry FIFO
  logic [EW-1:0] fifo_data [DEPTH];
  logic [4:0]    fifo_bytes [DEPTH];
  logic [FAW:0]  wptr_q, rptr_q;
  logic [FAW:0]  fifo_count;
  logic          fifo_push, fifo_pop;
  // the received beat cut into entries (flattened, entry s at slice s): pushed when ent_we[s]
  logic [SPLIT*EW-1:0] ent_data;
  logic [SPLIT*5-1:0]  ent_bytes;
  logic [SPLIT-1:0] ent_we;
  logic [FAW:0]  beat_entries;                // entries the received beat stands for
  logic         err_q, err_d;
  logic         aborting_q, aborting_d;

  assign fifo_count = wptr_q - rptr_q;

  // ---------------------------------------------------------------- packer window
  logic [255:0] win_q, win_d;
  logic [5:0]   cnt_q, cnt_d;

  logic [31:0]  chunk_len;
  logic [FAW:0] chunk_beats;
  logic [FAW+1:0] credit_used;

  always_comb begin
    chunk_len   = (rem_q > CHUNK) ? CHUNK : rem_q;
    chunk_beats = (FAW+1)'((chunk_len + 32'(EB - 1)) >> EOFF);   // entries of the chunk
  end

  always_comb begin
    state_d     = state_q;
    seg_idx_d   = seg_idx_q;
    seg_cnt_d   = seg_cnt_q;
    addr_d      = addr_q;
    rem_d       = rem_q;
    cmd_valid_d = cmd_valid_q;
    cmd_addr_d  = cmd_addr_q;
    cmd_len_d   = cmd_len_q;
    cmd_beats_d = cmd_beats_q;
    aborting_d  = aborting_q;
    credit_used = (FAW+2)'(inflight_q) + (FAW+2)'(fifo_count);

    if (cmd_valid_q && rd_cmd_ready_i) cmd_valid_d = 1'b0;

    case (state_q)
      S_IDLE: begin
        if (start_i) begin
          seg_idx_d  = '0;
          seg_cnt_d  = seg_count_i;
          aborting_d = 1'b0;
          state_d    = (seg_count_i == 0) ? S_IDLE : S_LOAD;
        end
      end
      S_LOAD: begin
        // seg RAM data for seg_idx_q is valid this cycle
        addr_d  = seg_addr_i;
        rem_d   = seg_len_i;
        state_d = S_ISSUE;
      end
      S_ISSUE: begin
        if (rem_q == 0) begin
          seg_idx_d = seg_idx_q + 1'b1;
          state_d   = (seg_idx_q + 1'b1 == seg_cnt_q) ? S_IDLE : S_LOAD;
        end else if (!cmd_valid_q &&
                     (credit_used + (FAW+2)'(chunk_beats) <= (FAW+2)'(FIFO_DEPTH))) begin
          cmd_valid_d = 1'b1;
          cmd_addr_d  = addr_q;
          cmd_len_d   = LEN_WIDTH'(chunk_len);
          cmd_beats_d = chunk_beats;
          addr_d      = addr_q + 64'(chunk_len);
          rem_d       = rem_q - chunk_len;
        end
      end
      default: state_d = S_IDLE;
    endcase
    if (abort_i) begin
      aborting_d = 1'b1;
      if (state_q != S_IDLE) state_d = S_IDLE;
      // a command not yet accepted is withdrawn
      if (!(cmd_valid_q && rd_cmd_ready_i)) cmd_valid_d = 1'b0;
    end
  end

  // registered RAM: presenting the next index keeps the read data aligned with seg_idx_q
  assign seg_raddr_o = seg_idx_d[SEG_AW-1:0];

  // inflight accounting
  always_comb begin
    inflight_d = inflight_q;
    if (cmd_valid_q && rd_cmd_ready_i) inflight_d = inflight_d + cmd_beats_q;
    if (rd_data_valid_i && rd_data_ready_o) inflight_d = inflight_d - beat_entries;
  end

  // beat -> entries (bytes beyond the beat's count are cleared so the window OR stays exact)
  always_comb begin
    logic [31:0] left;
    beat_entries = '0;
    for (int s = 0; s < SPLIT; s++) begin
      left = 32'(rd_data_bytes_i) - 32'(16 * s);
      if (32'(rd_data_bytes_i) > 32'(16 * s)) begin
        ent_bytes[5*s +: 5] = (left > 32'(EB)) ? 5'(EB) : 5'(left);
        beat_entries        = beat_entries + 1'b1;
      end else begin
        ent_bytes[5*s +: 5] = '0;
      end
      ent_data[EW*s +: EW] = rd_data_i[EW*s +: EW] & ~({EW{1'b1}} << {ent_bytes[5*s +: 5], 3'b000});
      ent_we[s]            = fifo_push && (ent_bytes[5*s +: 5] != 0);
    end
  end

  assign rd_cmd_valid_o  = cmd_valid_q;
  assign rd_cmd_addr_o   = cmd_addr_q;
  assign rd_cmd_len_o    = cmd_len_q;
  assign rd_data_ready_o = 1'b1;  // credits guarantee room
  assign fifo_push       = rd_data_valid_i && !aborting_q && !abort_i;

  always_comb begin
    err_d = err_q;
    if (start_i) err_d = 1'b0;
    if (rd_data_valid_i && rd_data_err_i && !aborting_q) err_d = 1'b1;
  end

  // ---------------------------------------------------------------- packer
  logic [5:0]  cnt_after_pop;
  logic [4:0]  head_bytes;
  logic [255:0] shifted, head_data;
  always_comb begin
    head_bytes    = fifo_bytes[rptr_q[FAW-1:0]];
    head_data     = 256'(fifo_data[rptr_q[FAW-1:0]]);
    shifted       = win_q >> {pop_i, 3'b000};
    cnt_after_pop = cnt_q - 6'(pop_i);
    fifo_pop      = (fifo_count != 0) && (cnt_after_pop + 6'(head_bytes) <= 6'd32);
    win_d         = shifted;
    cnt_d         = cnt_after_pop;
    if (fifo_pop) begin
      win_d = shifted | (head_data << {cnt_after_pop, 3'b000});
      cnt_d = cnt_after_pop + 6'(head_bytes);
    end
    if (start_i || abort_i || aborting_q) begin
      win_d = '0;
      cnt_d = '0;
    end
  end

  assign data_o  = win_q[127:0];
  assign avail_o = (cnt_q > 6'd16) ? 5'd16 : cnt_q[4:0];
  assign err_o   = err_q;
  assign idle_o  = (state_q == S_IDLE) && !cmd_valid_q && (inflight_q == 0);

  always_ff @(posedge clk_i) begin
    for (int s = 0; s < SPLIT; s++) begin
      if (ent_we[s]) begin
        fifo_data[FAW'(wptr_q + (FAW+1)'(s))]  <= ent_data[EW*s +: EW];
        fifo_bytes[FAW'(wptr_q + (FAW+1)'(s))] <= ent_bytes[5*s +: 5];
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_IDLE; seg_idx_q <= '0; seg_cnt_q <= '0; addr_q <= '0; rem_q <= '0;
      inflight_q <= '0; cmd_valid_q <= 1'b0; cmd_addr_q <= '0; cmd_len_q <= '0;
      cmd_beats_q <= '0; wptr_q <= '0; rptr_q <= '0; err_q <= 1'b0; aborting_q <= 1'b0;
      win_q <= '0; cnt_q <= '0;
    end else begin
      state_q <= state_d; seg_idx_q <= seg_idx_d; seg_cnt_q <= seg_cnt_d; addr_q <= addr_d;
      rem_q <= rem_d; inflight_q <= inflight_d; cmd_valid_q <= cmd_valid_d;
      cmd_addr_q <= cmd_addr_d; cmd_len_q <= cmd_len_d; cmd_beats_q <= cmd_beats_d;
      err_q <= err_d; aborting_q <= aborting_d; win_q <= win_d; cnt_q <= cnt_d;
      if (start_i || abort_i || aborting_q) begin
        wptr_q <= '0; rptr_q <= '0;
      end else begin
        wptr_q <= wptr_q + (fifo_push ? beat_entries : '0);
        rptr_q <= rptr_q + (FAW+1)'(fifo_pop);
      end
    end
  end

  // rd_data_last_i is implied by the byte counts.
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_last;
  assign unused_last = rd_data_last_i;
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
