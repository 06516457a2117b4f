// vcrypto_sg_writer: scatters a byte stream into the device-writable part of a descriptor chain.
// The producer pushes 1..16 bytes at a time; the writer maps stream positions onto the in
// segments (from the segment RAM) and issues one DMA write per <=16-byte piece that does not
// cross a segment end. `seek` moves the stream position (used for the status byte at the end
// of the writable area, and to overwrite released plaintext with zeros).
// A piece is ceil(len/(DATA_WIDTH/8)) DMA data beats: one at DATA_WIDTH 128/256, one or two
// (bytes 0..7, then 8..15) at DATA_WIDTH 64.
module vcrypto_sg_writer #(
  // DMA data width in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Address bits of the segment RAM (depth = 2**SEG_AW).
  parameter int unsigned SEG_AW = 8,
  // Width of DMA command lengths.
  parameter int unsigned LEN_WIDTH = 16
) (
  input  logic                   clk_i,
  input  logic                   rst_i,
  // Control
  input  logic                   start_i,       // new request: position 0
  input  logic [SEG_AW:0]        seg_count_i,
  input  logic                   seek_valid_i,  // only while idle_o
  input  logic [31:0]            seek_pos_i,
  input  logic                   flush_i,       // write out a partial window
  output logic                   idle_o,        // window empty, no write outstanding
  output logic                   err_o,         // DMA error or write past the area
  // Producer
  input  logic                   push_valid_i,
  output logic                   push_ready_o,
  input  logic [127:0]           push_data_i,
  input  logic [4:0]             push_bytes_i,
  // Segment RAM read port (data one cycle after the address)
  output logic [SEG_AW-1:0]      seg_raddr_o,
  input  logic [63:0]            seg_addr_i,
  input  logic [31:0]            seg_len_i,
  // DMA write client
  output logic                   wr_cmd_valid_o,
  input  logic                   wr_cmd_ready_i,
  output logic [63:0]            wr_cmd_addr_o,
  output logic [LEN_WIDTH-1:0]   wr_cmd_len_o,
  output logic                   wr_data_valid_o,
  input  logic                   wr_data_ready_i,
  output logic [DATA_WIDTH-1:0]  wr_data_o,
  input  logic                   wr_done_i,
  input  logic                   wr_done_err_i
);
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  // data beats of the largest (16-byte) piece: 1 at DATA_WIDTH >= 128, 2 at 64
  localparam int unsigned PIECE_BEATS = (BYTES >= 16) ? 1 : 16 / BYTES;
  localparam int unsigned PBW = (PIECE_BEATS > 1) ? $clog2(PIECE_BEATS) : 1;

  typedef enum logic [2:0] {S_NOSEG, S_LOAD, S_READY, S_CMD, S_DATA, S_SEEK_LOAD, S_SEEK} state_e;
  state_e           state_q, state_d;
  logic [SEG_AW:0]  seg_idx_q, seg_idx_d, seg_cnt_q, seg_cnt_d;
  logic [63:0]      seg_addr_q, seg_addr_d;
  logic [31:0]      seg_room_q, seg_room_d;   // bytes left in the current segment
  logic [31:0]      skip_q, skip_d;           // bytes still to skip while seeking
  logic [255:0]     win_q, win_d;
  logic [5:0]       cnt_q, cnt_d;
  logic [4:0]       piece_q, piece_d;         // bytes in the write being issued
  logic [PBW-1:0]   beat_q, beat_d;           // data beat of the piece being sent
  logic             last_beat;                // beat_q is the piece's final data beat
  logic [3:0]       outstanding_q, outstanding_d;
  logic             flush_q, flush_d;
  logic             err_q, err_d;
  logic             have_seg;

  // registered RAM: presenting the next index keeps the read data aligned with seg_idx_q
  assign seg_raddr_o = seg_idx_d[SEG_AW-1:0];
  assign have_seg    = (state_q == S_READY);

  logic [5:0]  cnt_after;
  logic [4:0]  piece;
  logic        push_fire;

  always_comb begin
    state_d       = state_q;
    seg_idx_d     = seg_idx_q;
    seg_cnt_d     = seg_cnt_q;
    seg_addr_d    = seg_addr_q;
    seg_room_d    = seg_room_q;
    skip_d        = skip_q;
    win_d         = win_q;
    cnt_d         = cnt_q;
    piece_d       = piece_q;
    beat_d        = beat_q;
    outstanding_d = outstanding_q;
    flush_d       = flush_q | flush_i;
    err_d         = err_q;
    push_fire     = push_valid_i && push_ready_o;
    cnt_after     = cnt_q;
    piece         = (cnt_q > 6'd16) ? 5'd16 : cnt_q[4:0];
    if (32'(piece) > seg_room_q) piece = seg_room_q[4:0];

    if (wr_done_i) begin
      outstanding_d = outstanding_d - 1'b1;
      if (wr_done_err_i) err_d = 1'b1;
    end

    case (state_q)
      S_NOSEG: ;
      S_LOAD: begin
        seg_addr_d = seg_addr_i;
        seg_room_d = seg_len_i;
        state_d    = S_READY;
      end
      S_READY: begin
        if (seg_room_q == 0) begin
          if (seg_idx_q + 1'b1 >= seg_cnt_q) begin
            state_d = S_NOSEG;
          end else begin
            seg_idx_d = seg_idx_q + 1'b1;
            state_d   = S_LOAD;
          end
        end else if (cnt_q != 0 && (cnt_q >= 6'd16 || flush_q || 32'(cnt_q) >= seg_room_q)) begin
          piece_d = piece;
          state_d = S_CMD;
        end
      end
      S_CMD:  if (wr_cmd_ready_i) state_d = S_DATA;
      S_DATA: begin
        if (wr_data_ready_i && !last_beat) begin
          beat_d = beat_q + 1'b1;
        end else if (wr_data_ready_i) begin
          beat_d        = '0;
          win_d         = win_q >> {piece_q, 3'b000};
          cnt_after     = cnt_q - 6'(piece_q);
          cnt_d         = cnt_after;
          seg_addr_d    = seg_addr_q + 64'(piece_q);
          seg_room_d    = seg_room_q - 32'(piece_q);
          outstanding_d = outstanding_d + 1'b1;
          state_d       = S_READY;
        end
      end
      S_SEEK_LOAD: state_d = S_SEEK;
      S_SEEK: begin
        if (skip_q < seg_len_i) begin
          seg_addr_d = seg_addr_i + 64'(skip_q);
          seg_room_d = seg_len_i - skip_q;
          state_d    = S_READY;
        end else if (seg_idx_q + 1'b1 >= seg_cnt_q) begin
          state_d = S_NOSEG;
        end else begin
          skip_d    = skip_q - seg_len_i;
          seg_idx_d = seg_idx_q + 1'b1;
          state_d   = S_SEEK_LOAD;
        end
      end
      default: state_d = S_NOSEG;
    endcase

    // bytes pushed while no segment is left are dropped and flagged
    if (state_q == S_NOSEG && cnt_q != 0) begin
      err_d = 1'b1;
      cnt_d = '0;
      win_d = '0;
    end

    if (push_fire) begin
      // bytes past push_bytes_i are not part of the push: mask them so they cannot leak into
      // later writes (a truncated digest followed by the status byte)
      win_d = win_d | ({128'b0, push_data_i & ~({128{1'b1}} << {push_bytes_i, 3'b000})}
                       << {cnt_d, 3'b000});
      cnt_d = cnt_d + 6'(push_bytes_i);
    end
    if (cnt_d == 0) flush_d = flush_i;

    if (seek_valid_i) begin
      // the error flag covers the writes since the last start or seek: the request processor
      // collects it before seeking, and reads it after the status write to see whether the
      // status itself landed
      err_d     = 1'b0;
      seg_idx_d = '0;
      skip_d    = seek_pos_i;
      state_d   = (seg_cnt_q == 0) ? S_NOSEG : S_SEEK_LOAD;
    end
    if (start_i) begin
      seg_idx_d     = '0;
      seg_cnt_d     = seg_count_i;
      win_d         = '0;
      cnt_d         = '0;
      beat_d        = '0;
      flush_d       = 1'b0;
      err_d         = 1'b0;
      state_d       = (seg_count_i == 0) ? S_NOSEG : S_LOAD;
    end
  end

  assign push_ready_o    = (cnt_q <= 6'd16) && (state_q != S_DATA) && !start_i && !seek_valid_i;
  assign wr_cmd_valid_o  = (state_q == S_CMD);
  assign wr_cmd_addr_o   = seg_addr_q;
  assign wr_cmd_len_o    = LEN_WIDTH'(piece_q);
  assign wr_data_valid_o = (state_q == S_DATA);
  // the piece's bytes, the rest cleared
  logic [127:0] piece_data;
  assign piece_data = win_q[127:0] & ~({128{1'b1}} << {piece_q, 3'b000});
  // ceil(piece/BYTES) beats: the last one has index (piece-1)/BYTES
  assign last_beat  = (32'(beat_q) + 32'd1) * BYTES >= 32'(piece_q);
  if (PIECE_BEATS == 1) begin : g_one_beat
    assign wr_data_o = DATA_WIDTH'(piece_data);
  end else begin : g_beats
    assign wr_data_o = piece_data[beat_q * DATA_WIDTH +: DATA_WIDTH];
  end
  assign idle_o          = (cnt_q == 0) && (outstanding_q == 0) && (state_q != S_CMD) &&
                           (state_q != S_DATA) && (state_q != S_LOAD) &&
                           (state_q != S_SEEK) && (state_q != S_SEEK_LOAD);
  assign err_o           = err_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_NOSEG; seg_idx_q <= '0; seg_cnt_q <= '0; seg_addr_q <= '0;
      seg_room_q <= '0; skip_q <= '0; win_q <= '0; cnt_q <= '0; piece_q <= '0; beat_q <= '0;
      outstanding_q <= '0; flush_q <= 1'b0; err_q <= 1'b0;
    end else begin
      state_q <= state_d; seg_idx_q <= seg_idx_d; seg_cnt_q <= seg_cnt_d;
      seg_addr_q <= seg_addr_d; seg_room_q <= seg_room_d; skip_q <= skip_d; win_q <= win_d;
      cnt_q <= cnt_d; piece_q <= piece_d; beat_q <= beat_d; outstanding_q <= outstanding_d;
      flush_q <= flush_d;
      err_q <= err_d;
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_have_seg;
  assign unused_have_seg = have_seg;
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
