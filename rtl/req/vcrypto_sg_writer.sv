// vcrypto_sg_writer: scatters a byte stream into the device-writable part of a descriptor chain.
// The producer pushes 1..16 bytes at a time; the writer maps stream positions onto the in
// segments (from the segment RAM) and writes them with multi-beat DMA commands. `seek` moves the
// stream position (used for the status byte at the end of the writable area, and to overwrite
// released plaintext with zeros).
//
// Two stages, so the stream moves 16 bytes per clock:
//  - packing: a 32-byte window collects the pushes; every clock it hands a piece of
//    min(16, window, segment room) bytes to a piece FIFO (once 16 bytes are there, at a segment
//    end, or when flushed) and keeps the segment address. Consecutive pieces of one segment form
//    a DMA command (up to MAX_PIECES pieces, all full but the last); a command is closed by a
//    partial piece, the segment end, MAX_PIECES, a flush once the window is empty, or IDLE_CLOSE
//    clocks without a push while the window is empty. A closed command goes to a command FIFO.
//  - issue: takes a command, presents it to the DMA, then sends its pieces as data beats
//    (one beat per piece at DATA_WIDTH 128, ceil(piece/8) at 64). At DATA_WIDTH 256 a DMA beat
//    holds 32 bytes, so every piece is a command of its own there. The next closed command is
//    handed to the DMA while the current one's beats still go out (one command ahead), so the
//    DMA can issue its AW early and the beats of consecutive commands follow without a gap.
module vcrypto_sg_writer #(
  // DMA data width in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Address bits of the segment RAM (depth = 2**SEG_AW).
  parameter int unsigned SEG_AW = 8,
  // Width of DMA command lengths.
  parameter int unsigned LEN_WIDTH = 16,
  // Most 16-byte pieces per DMA command (power of two, 1..16; forced to 1 at DATA_WIDTH 256).
  parameter int unsigned MAX_PIECES = 16,
  // Clocks without a push (window empty) after which an open command is closed.
  parameter int unsigned IDLE_CLOSE = 4
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
  // pieces per command
  localparam int unsigned MAXP = (BYTES > 16) ? 1 : MAX_PIECES;
  localparam int unsigned MPW  = $clog2(MAXP + 1);
  // piece FIFO: enough for two commands in flight
  localparam int unsigned PDEPTH = (2 * MAXP < 4) ? 4 : 2 * MAXP;
  localparam int unsigned PAW    = $clog2(PDEPTH);
  // command FIFO
  localparam int unsigned CDEPTH = 4;
  localparam int unsigned CAW    = 2;
  localparam int unsigned IDW    = $clog2(IDLE_CLOSE + 1);

`ifndef SYNTHESIS
  if (MAX_PIECES < 1 || MAX_PIECES > 16 || (MAX_PIECES & (MAX_PIECES - 1)) != 0) begin : g_bad_pieces
    $error("vcrypto_sg_writer: MAX_PIECES must be a power of two in 1..16");
  end
  if (IDLE_CLOSE < 1) begin : g_bad_idle
    $error("vcrypto_sg_writer: IDLE_CLOSE must be at least 1");
  end
`endif

  typedef enum logic [2:0] {S_NOSEG, S_LOAD, S_READY, S_SEEK_LOAD, S_SEEK} state_e;
  state_e           state_q, state_d;
  logic [SEG_AW:0]  seg_idx_q, seg_idx_d, seg_cnt_q, seg_cnt_d;
  logic [63:0]      seg_addr_q, seg_addr_d;
  logic [31:0]      seg_room_q, seg_room_d;   // bytes left in the current segment
  logic [31:0]      skip_q, skip_d;           // bytes still to skip while seeking
  logic [255:0]     win_q, win_d;
  logic [5:0]       cnt_q, cnt_d;
  logic [3:0]       outstanding_q, outstanding_d;
  logic             flush_q, flush_d;
  logic             err_q, err_d;
  // the open command (pieces already in the piece FIFO, not yet closed)
  logic [MPW-1:0]   op_n_q, op_n_d;           // its pieces
  logic [63:0]      op_addr_q, op_addr_d;     // its first byte
  logic [8:0]       op_len_q, op_len_d;       // its bytes
  logic [IDW-1:0]   idle_q, idle_d;           // clocks without a push, window empty

  // piece FIFO
  logic [127:0]     pf_data [PDEPTH];
  logic [4:0]       pf_bytes [PDEPTH];
  logic [PAW:0]     pf_wp_q, pf_wp_d, pf_rp_q, pf_rp_d;
  logic [PAW:0]     pf_count;
  // command FIFO
  logic [63:0]      cf_addr [CDEPTH];
  logic [8:0]       cf_len [CDEPTH];
  logic [MPW-1:0]   cf_n [CDEPTH];
  logic [CAW:0]     cf_wp_q, cf_wp_d, cf_rp_q, cf_rp_d;
  logic [CAW:0]     cf_count;
  // issue stage
  logic             b_data_q, b_data_d;       // sending the data beats of the head command
  logic [MPW-1:0]   b_left_q, b_left_d;       // pieces of it still to send
  logic [PBW-1:0]   beat_q, beat_d;           // data beat of the piece being sent
  logic             nx_v_q, nx_v_d;           // the next command is handed over already
  logic [MPW-1:0]   nx_n_q, nx_n_d;           // its pieces

  assign pf_count = pf_wp_q - pf_rp_q;
  assign cf_count = cf_wp_q - cf_rp_q;

  // registered RAM: presenting the next index keeps the read data aligned with seg_idx_q
  assign seg_raddr_o = seg_idx_d[SEG_AW-1:0];

  logic        cmd_fire;      // the head command is handed to the DMA

  // ---------------------------------------------------------------- packing stage
  logic        push_fire;
  logic [4:0]  piece;
  logic        emit;            // a piece goes to the piece FIFO
  logic        close_cmd;       // the open command (with this clock's piece) goes to the cmd FIFO
  logic [63:0] cl_addr;
  logic [8:0]  cl_len;
  logic [MPW-1:0] cl_n;
  logic        can_emit;

  always_comb begin
    state_d       = state_q;
    seg_idx_d     = seg_idx_q;
    seg_cnt_d     = seg_cnt_q;
    seg_addr_d    = seg_addr_q;
    seg_room_d    = seg_room_q;
    skip_d        = skip_q;
    win_d         = win_q;
    cnt_d         = cnt_q;
    outstanding_d = outstanding_q;
    flush_d       = flush_q | flush_i;
    err_d         = err_q;
    op_n_d        = op_n_q;
    op_addr_d     = op_addr_q;
    op_len_d      = op_len_q;
    idle_d        = idle_q;
    push_fire     = push_valid_i && push_ready_o;
    emit          = 1'b0;
    close_cmd     = 1'b0;
    cl_addr       = op_addr_q;
    cl_len        = op_len_q;
    cl_n          = op_n_q;
    piece         = (cnt_q > 6'd16) ? 5'd16 : cnt_q[4:0];
    if (32'(piece) > seg_room_q) piece = seg_room_q[4:0];
    // room for the piece and, should it close the command, for the command
    can_emit      = (pf_count != (PAW+1)'(PDEPTH)) && (cf_count != (CAW+1)'(CDEPTH));

    // a command counts from its handshake to its done pulse
    if (cmd_fire) outstanding_d = outstanding_d + 1'b1;
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
          // the open command ended with the segment (closed when its last piece went out)
          if (seg_idx_q + 1'b1 >= seg_cnt_q) begin
            state_d = S_NOSEG;
          end else begin
            seg_idx_d = seg_idx_q + 1'b1;
            state_d   = S_LOAD;
          end
        end else if (cnt_q != 0 && (cnt_q >= 6'd16 || flush_q || 32'(cnt_q) >= seg_room_q) &&
                     can_emit) begin
          emit       = 1'b1;
          win_d      = win_q >> {piece, 3'b000};
          cnt_d      = cnt_q - 6'(piece);
          seg_addr_d = seg_addr_q + 64'(piece);
          seg_room_d = seg_room_q - 32'(piece);
          if (op_n_q == '0) cl_addr = seg_addr_q;
          cl_len = op_len_q + 9'(piece);
          cl_n   = op_n_q + 1'b1;
          // a partial piece, the segment end or a full command closes it; so does the flush
          // once the window is empty and nothing arrives with the piece
          close_cmd = (piece != 5'd16) || (32'(piece) == seg_room_q) ||
                      (cl_n == MPW'(MAXP)) ||
                      (flush_q && cnt_d == 0 && !push_fire);
        end else if (cnt_q == 0 && op_n_q != '0 && !push_fire &&
                     (flush_q || idle_q == IDW'(IDLE_CLOSE))) begin
          close_cmd = 1'b1;
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

    if (emit) begin
      op_addr_d = cl_addr;
      op_len_d  = cl_len;
      op_n_d    = cl_n;
    end
    if (close_cmd) begin
      op_n_d   = '0;
      op_len_d = '0;
    end

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

    if (push_fire || cnt_q != 0 || op_n_q == '0) begin
      idle_d = '0;
    end else if (idle_q != IDW'(IDLE_CLOSE)) begin
      idle_d = idle_q + 1'b1;
    end

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
      flush_d       = 1'b0;
      err_d         = 1'b0;
      state_d       = (seg_count_i == 0) ? S_NOSEG : S_LOAD;
    end
  end

  // ---------------------------------------------------------------- issue stage
  logic        beat_fire;
  logic        last_beat;     // beat_q is the piece's final data beat
  logic        piece_done;
  logic [4:0]  head_bytes;
  logic [127:0] head_data;

  assign head_bytes = pf_bytes[pf_rp_q[PAW-1:0]];
  assign head_data  = pf_data[pf_rp_q[PAW-1:0]];

  assign wr_cmd_valid_o  = !nx_v_q && (cf_count != '0);
  assign wr_cmd_addr_o   = cf_addr[cf_rp_q[CAW-1:0]];
  assign wr_cmd_len_o    = LEN_WIDTH'(cf_len[cf_rp_q[CAW-1:0]]);
  assign cmd_fire        = wr_cmd_valid_o && wr_cmd_ready_i;
  // the pieces of a closed command are all in the piece FIFO
  assign wr_data_valid_o = b_data_q;
  assign beat_fire       = b_data_q && wr_data_ready_i;
  // ceil(piece/BYTES) beats: the last one has index (piece-1)/BYTES
  assign last_beat       = (32'(beat_q) + 32'd1) * BYTES >= 32'(head_bytes);
  assign piece_done      = beat_fire && last_beat;
  if (PIECE_BEATS == 1) begin : g_one_beat
    assign wr_data_o = DATA_WIDTH'(head_data);
  end else begin : g_beats
    assign wr_data_o = head_data[beat_q * DATA_WIDTH +: DATA_WIDTH];
  end

  always_comb begin
    b_data_d = b_data_q;
    b_left_d = b_left_q;
    beat_d   = beat_q;
    nx_v_d   = nx_v_q;
    nx_n_d   = nx_n_q;
    pf_wp_d  = pf_wp_q + (PAW+1)'(emit);
    pf_rp_d  = pf_rp_q + (PAW+1)'(piece_done);
    cf_wp_d  = cf_wp_q + (CAW+1)'(close_cmd);
    cf_rp_d  = cf_rp_q + (CAW+1)'(cmd_fire);
    if (beat_fire) begin
      if (!last_beat) begin
        beat_d = beat_q + 1'b1;
      end else begin
        beat_d   = '0;
        b_left_d = b_left_q - 1'b1;
        if (b_left_q == MPW'(1)) begin
          // the command's last beat: the one handed over ahead (if any) follows
          b_data_d = nx_v_q;
          b_left_d = nx_n_q;
          nx_v_d   = 1'b0;
        end
      end
    end
    if (cmd_fire) begin
      if (b_data_d) begin
        // handed over while the current command's beats still go out
        nx_v_d = 1'b1;
        nx_n_d = cf_n[cf_rp_q[CAW-1:0]];
      end else begin
        b_data_d = 1'b1;
        b_left_d = cf_n[cf_rp_q[CAW-1:0]];
        beat_d   = '0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (emit) begin
      pf_data[pf_wp_q[PAW-1:0]]  <= win_q[127:0] & ~({128{1'b1}} << {piece, 3'b000});
      pf_bytes[pf_wp_q[PAW-1:0]] <= piece;
    end
    if (close_cmd) begin
      cf_addr[cf_wp_q[CAW-1:0]] <= cl_addr;
      cf_len[cf_wp_q[CAW-1:0]]  <= cl_len;
      cf_n[cf_wp_q[CAW-1:0]]    <= cl_n;
    end
  end

  assign push_ready_o = (cnt_q <= 6'd16) && !start_i && !seek_valid_i;
  assign idle_o       = (cnt_q == 0) && (outstanding_q == 0) && (op_n_q == '0) &&
                        (cf_count == '0) && !b_data_q &&
                        (state_q != S_LOAD) && (state_q != S_SEEK) && (state_q != S_SEEK_LOAD);
  assign err_o        = err_q;

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q <= S_NOSEG; seg_idx_q <= '0; seg_cnt_q <= '0; seg_addr_q <= '0;
      seg_room_q <= '0; skip_q <= '0; win_q <= '0; cnt_q <= '0;
      outstanding_q <= '0; flush_q <= 1'b0; err_q <= 1'b0;
      op_n_q <= '0; op_addr_q <= '0; op_len_q <= '0; idle_q <= '0;
      pf_wp_q <= '0; pf_rp_q <= '0; cf_wp_q <= '0; cf_rp_q <= '0;
      b_data_q <= 1'b0; b_left_q <= '0; beat_q <= '0; nx_v_q <= 1'b0; nx_n_q <= '0;
    end else begin
      state_q <= state_d; seg_idx_q <= seg_idx_d; seg_cnt_q <= seg_cnt_d;
      seg_addr_q <= seg_addr_d; seg_room_q <= seg_room_d; skip_q <= skip_d; win_q <= win_d;
      cnt_q <= cnt_d; outstanding_q <= outstanding_d;
      flush_q <= flush_d; err_q <= err_d;
      op_n_q <= op_n_d; op_addr_q <= op_addr_d; op_len_q <= op_len_d; idle_q <= idle_d;
      pf_wp_q <= pf_wp_d; pf_rp_q <= pf_rp_d; cf_wp_q <= cf_wp_d; cf_rp_q <= cf_rp_d;
      b_data_q <= b_data_d; b_left_q <= b_left_d; beat_q <= beat_d; nx_v_q <= nx_v_d;
      nx_n_q <= nx_n_d;
    end
  end
endmodule
