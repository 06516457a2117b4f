// vcrypto_lane: one processing lane of the device: the virtqueue engines (split and packed),
// the segment RAMs, the gather reader and scatter writer, the request processor and a full set
// of crypto engines. The top instantiates NUM_LANES lanes; each owns a fixed subset of the queues
// (queue q belongs to lane q % NUM_LANES, see vcrypto_top), so requests of different queues run
// at once on different lanes while the ordering rules of one queue (IN_ORDER, used-ring order,
// EVENT_IDX) stay inside one virtqueue engine. The lane sees only its own queues: the top masks
// queue enables, notifications and queue resets of the others.
// EXT_AES = 1: the lane's cipher and CMAC engines use two ports (aes_*) of an AES datapath the
// top shares among all lanes, so their serial blocks interleave with other lanes' blocks.
module vcrypto_lane #(
  // Width of the AXI4 master data bus in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Number of queues (data queues + control queue; the control queue has index NQ-1).
  parameter int unsigned NQ = 5,
  // Largest queue size the device offers (power of two).
  parameter int unsigned QSIZE_MAX = 256,
  // Number of session slots in the session store.
  parameter int unsigned NUM_SESSIONS = 16,
  // Width of DMA command byte counts.
  parameter int unsigned LEN_WIDTH = 16,
  // Address width of one segment RAM bank (derived; do not override).
  parameter int unsigned SEG_AW = $clog2(QSIZE_MAX),
  // Width of a session slot number (derived; do not override).
  parameter int unsigned SW = $clog2(NUM_SESSIONS),
  // Width of a DMA read byte count (derived; do not override).
  parameter int unsigned BW = $clog2(DATA_WIDTH/8) + 1,
  // 1: cipher and CMAC engines use the shared AES datapath on the aes_* ports.
  parameter bit EXT_AES = 1'b0,
  // Side information width of a shared-datapath port (derived; do not override).
  parameter int unsigned AES_UW = vcrypto_pkg::CIPHER_AES_USER_W
) (
  input  logic                    clk_i,
  // Synchronous, active-high reset (the device's core reset).
  input  logic                    rst_i,
  input  logic [63:0]             features_i,
  input  logic                    driver_ok_i,

  // ---------------- queue configuration (queues this lane does not own read as disabled)
  input  logic [NQ-1:0]           q_enable_i,
  input  logic [NQ*16-1:0]        q_size_i,
  input  logic [NQ*64-1:0]        q_desc_i,
  input  logic [NQ*64-1:0]        q_driver_i,
  input  logic [NQ*64-1:0]        q_device_i,
  input  logic                    notify_valid_i,
  input  logic [15:0]             notify_qid_i,
  input  logic [15:0]             notify_data_i,
  input  logic [NQ-1:0]           q_reset_req_i,
  output logic [NQ-1:0]           q_reset_ack_o,

  // ---------------- DMA clients: index 0 = virtqueue engine, 1 = gather reader / scatter writer
  output logic [1:0]              rd_cmd_valid_o,
  input  logic [1:0]              rd_cmd_ready_i,
  output logic [2*64-1:0]         rd_cmd_addr_o,
  output logic [2*LEN_WIDTH-1:0]  rd_cmd_len_o,
  input  logic [1:0]              rd_data_valid_i,
  output logic [1:0]              rd_data_ready_o,
  input  logic [DATA_WIDTH-1:0]   rd_data_i,
  input  logic [BW-1:0]           rd_data_bytes_i,
  input  logic                    rd_data_last_i,
  input  logic                    rd_data_err_i,
  output logic [1:0]              wr_cmd_valid_o,
  input  logic [1:0]              wr_cmd_ready_i,
  output logic [2*64-1:0]         wr_cmd_addr_o,
  output logic [2*LEN_WIDTH-1:0]  wr_cmd_len_o,
  output logic [1:0]              wr_data_valid_o,
  input  logic [1:0]              wr_data_ready_i,
  output logic [2*DATA_WIDTH-1:0] wr_data_o,
  input  logic [1:0]              wr_done_i,
  input  logic                    wr_done_err_i,

  // ---------------- used-buffer interrupts of this lane's queues, ring state
  output logic                    irq_valid_o,
  input  logic                    irq_ready_i,
  output logic [15:0]             irq_qid_o,
  output logic                    needs_reset_o,
  output logic                    busy_o,

  // ---------------- session store port (create/destroy/key writes count only on the lane that
  // owns the control queue)
  input  logic                    ss_alloc_ok_i,
  input  logic [SW-1:0]           ss_alloc_slot_i,
  output logic                    ss_create_o,
  output logic [SW-1:0]           ss_slot_o,
  output logic [127:0]            ss_param_o,
  output logic                    ss_destroy_o,
  output logic [SW-1:0]           ss_lookup_slot_o,
  input  logic                    ss_lookup_valid_i,
  input  logic [31:0]             ss_lookup_gen_i,
  input  logic [127:0]            ss_lookup_param_i,
  output logic                    ss_key_we_o,
  output logic [SW+4:0]           ss_key_addr_o,
  output logic [127:0]            ss_key_wdata_o,
  input  logic [127:0]            ss_key_rdata_i,

  // ---------------- shared AES datapath, two ports (EXT_AES = 1): 0 cipher, 1 CMAC engine
  output logic [1:0]              aes_flush_o,
  output logic [1:0]              aes_key_valid_o,
  input  logic [1:0]              aes_key_ready_i,
  output logic [2*256-1:0]        aes_key_o,
  output logic [2*2-1:0]          aes_key_len_o,
  output logic [1:0]              aes_in_valid_o,
  input  logic [1:0]              aes_in_ready_i,
  output logic [2*128-1:0]        aes_in_data_o,
  output logic [1:0]              aes_in_decrypt_o,
  output logic [2*AES_UW-1:0]     aes_in_user_o,
  input  logic [1:0]              aes_out_valid_i,
  output logic [1:0]              aes_out_ready_o,
  input  logic [2*128-1:0]        aes_out_data_i,
  input  logic [2*AES_UW-1:0]     aes_out_user_i
);
  // ---------------------------------------------------------------- virtqueue engine
  logic                out_we, in_we;
  logic [SEG_AW-1:0]   seg_waddr;
  logic [95:0]         seg_wdata;
  logic                req_valid, req_ready, req_ctrl, req_chain_err, done_valid;
  logic [15:0]         req_qid;
  logic [SEG_AW:0]     req_out_segs, req_in_segs;
  logic [31:0]         req_out_len, req_in_len, done_used_len;
  logic                done_fatal;

  // Two engines, one active: the packed one when VIRTIO_F_RING_PACKED was negotiated, else the
  // split one. The idle engine never leaves S_IDLE (driver_ok_i low), so it raises no valid and
  // acks queue resets at once; all outputs are muxed by `ring_packed`, the queue reset acks
  // too: OR-ing them would let the idle engine's immediate ack release a queue whose chain the
  // active engine is still walking.
  logic ring_packed, in_order, notif_data, event_idx;
  assign ring_packed = features_i[vcrypto_pkg::F_RING_PACKED];
  assign in_order   = features_i[vcrypto_pkg::F_IN_ORDER];
  assign notif_data = features_i[vcrypto_pkg::F_NOTIFICATION_DATA];
  assign event_idx  = features_i[vcrypto_pkg::F_EVENT_IDX];

  // engine outputs: index 0 = split, 1 = packed
  logic [1:0]           e_rd_cmd_valid, e_rd_data_ready, e_wr_cmd_valid, e_wr_data_valid;
  logic [1:0]           e_out_we, e_in_we, e_req_valid, e_req_ctrl, e_req_chain_err;
  logic [1:0]           e_irq_valid, e_needs_reset, e_busy;
  logic [63:0]          e_rd_cmd_addr [2];
  logic [63:0]          e_wr_cmd_addr [2];
  logic [LEN_WIDTH-1:0] e_rd_cmd_len [2];
  logic [LEN_WIDTH-1:0] e_wr_cmd_len [2];
  logic [DATA_WIDTH-1:0] e_wr_data [2];
  logic [SEG_AW-1:0]    e_seg_waddr [2];
  // The split engine walks the next chain into the other half of the segment RAMs while the
  // request processor works on the current one (packed engine: always bank 0).
  logic                 split_bank;
  logic [95:0]          e_seg_wdata [2];
  logic [15:0]          e_req_qid [2];
  logic [15:0]          e_irq_qid [2];
  logic [SEG_AW:0]      e_req_out_segs [2];
  logic [SEG_AW:0]      e_req_in_segs [2];
  logic [31:0]          e_req_out_len [2];
  logic [31:0]          e_req_in_len [2];
  logic [NQ-1:0]        e_q_reset_ack [2];
  logic [1:0]           e_active;
  assign e_active = {driver_ok_i & ring_packed, driver_ok_i & !ring_packed};

  vcrypto_vq_split #(
    .NQ(NQ), .QSIZE_MAX(QSIZE_MAX), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH),
    .DATA_WIDTH(DATA_WIDTH)
  ) u_vq (
    .clk_i, .rst_i(rst_i),
    .driver_ok_i(e_active[0]), .event_idx_i(event_idx), .in_order_i(in_order),
    .notif_data_i(notif_data),
    .q_enable_i, .q_size_i, .q_desc_i, .q_driver_i,
    .q_device_i, .notify_valid_i, .notify_qid_i,
    .notify_data_i, .q_reset_req_i, .q_reset_ack_o(e_q_reset_ack[0]),
    .rd_cmd_valid_o(e_rd_cmd_valid[0]), .rd_cmd_ready_i(rd_cmd_ready_i[0] && !ring_packed),
    .rd_cmd_addr_o(e_rd_cmd_addr[0]), .rd_cmd_len_o(e_rd_cmd_len[0]),
    .rd_data_valid_i(rd_data_valid_i[0] && !ring_packed), .rd_data_ready_o(e_rd_data_ready[0]),
    .rd_data_i(rd_data_i), .rd_data_err_i(rd_data_err_i),
    .wr_cmd_valid_o(e_wr_cmd_valid[0]), .wr_cmd_ready_i(wr_cmd_ready_i[0] && !ring_packed),
    .wr_cmd_addr_o(e_wr_cmd_addr[0]), .wr_cmd_len_o(e_wr_cmd_len[0]),
    .wr_data_valid_o(e_wr_data_valid[0]), .wr_data_ready_i(wr_data_ready_i[0] && !ring_packed),
    .wr_data_o(e_wr_data[0]), .wr_done_i(wr_done_i[0] && !ring_packed), .wr_done_err_i(wr_done_err_i),
    .out_we_o(e_out_we[0]), .in_we_o(e_in_we[0]), .seg_waddr_o(e_seg_waddr[0]),
    .seg_wdata_o(e_seg_wdata[0]), .seg_bank_o(split_bank),
    .req_valid_o(e_req_valid[0]), .req_ready_i(req_ready && !ring_packed), .req_qid_o(e_req_qid[0]),
    .req_ctrl_o(e_req_ctrl[0]), .req_out_segs_o(e_req_out_segs[0]),
    .req_in_segs_o(e_req_in_segs[0]), .req_out_len_o(e_req_out_len[0]),
    .req_in_len_o(e_req_in_len[0]), .req_chain_err_o(e_req_chain_err[0]),
    .done_valid_i(done_valid && !ring_packed), .done_used_len_i(done_used_len),
    .done_fatal_i(done_fatal),
    .irq_valid_o(e_irq_valid[0]), .irq_ready_i(irq_ready_i && !ring_packed),
    .irq_qid_o(e_irq_qid[0]), .needs_reset_o(e_needs_reset[0]), .busy_o(e_busy[0])
  );

  vcrypto_vq_packed #(
    .NQ(NQ), .QSIZE_MAX(QSIZE_MAX), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH),
    .DATA_WIDTH(DATA_WIDTH)
  ) u_vq_packed (
    .clk_i, .rst_i(rst_i),
    .driver_ok_i(e_active[1]), .event_idx_i(event_idx), .in_order_i(in_order),
    .notif_data_i(notif_data),
    .q_enable_i, .q_size_i, .q_desc_i, .q_driver_i,
    .q_device_i, .notify_valid_i, .notify_qid_i,
    .notify_data_i, .q_reset_req_i, .q_reset_ack_o(e_q_reset_ack[1]),
    .rd_cmd_valid_o(e_rd_cmd_valid[1]), .rd_cmd_ready_i(rd_cmd_ready_i[0] && ring_packed),
    .rd_cmd_addr_o(e_rd_cmd_addr[1]), .rd_cmd_len_o(e_rd_cmd_len[1]),
    .rd_data_valid_i(rd_data_valid_i[0] && ring_packed), .rd_data_ready_o(e_rd_data_ready[1]),
    .rd_data_i(rd_data_i), .rd_data_err_i(rd_data_err_i),
    .wr_cmd_valid_o(e_wr_cmd_valid[1]), .wr_cmd_ready_i(wr_cmd_ready_i[0] && ring_packed),
    .wr_cmd_addr_o(e_wr_cmd_addr[1]), .wr_cmd_len_o(e_wr_cmd_len[1]),
    .wr_data_valid_o(e_wr_data_valid[1]), .wr_data_ready_i(wr_data_ready_i[0] && ring_packed),
    .wr_data_o(e_wr_data[1]), .wr_done_i(wr_done_i[0] && ring_packed), .wr_done_err_i(wr_done_err_i),
    .out_we_o(e_out_we[1]), .in_we_o(e_in_we[1]), .seg_waddr_o(e_seg_waddr[1]),
    .seg_wdata_o(e_seg_wdata[1]),
    .req_valid_o(e_req_valid[1]), .req_ready_i(req_ready && ring_packed), .req_qid_o(e_req_qid[1]),
    .req_ctrl_o(e_req_ctrl[1]), .req_out_segs_o(e_req_out_segs[1]),
    .req_in_segs_o(e_req_in_segs[1]), .req_out_len_o(e_req_out_len[1]),
    .req_in_len_o(e_req_in_len[1]), .req_chain_err_o(e_req_chain_err[1]),
    .done_valid_i(done_valid && ring_packed), .done_used_len_i(done_used_len),
    .done_fatal_i(done_fatal),
    .irq_valid_o(e_irq_valid[1]), .irq_ready_i(irq_ready_i && ring_packed),
    .irq_qid_o(e_irq_qid[1]), .needs_reset_o(e_needs_reset[1]), .busy_o(e_busy[1])
  );

  // output mux (the engine index is `ring_packed`)
  always_comb begin
    rd_cmd_valid_o[0]              = e_rd_cmd_valid[ring_packed];
    rd_cmd_addr_o[0 +: 64]         = e_rd_cmd_addr[ring_packed];
    rd_cmd_len_o[0 +: LEN_WIDTH]   = e_rd_cmd_len[ring_packed];
    rd_data_ready_o[0]             = e_rd_data_ready[ring_packed];
    wr_cmd_valid_o[0]              = e_wr_cmd_valid[ring_packed];
    wr_cmd_addr_o[0 +: 64]         = e_wr_cmd_addr[ring_packed];
    wr_cmd_len_o[0 +: LEN_WIDTH]   = e_wr_cmd_len[ring_packed];
    wr_data_valid_o[0]             = e_wr_data_valid[ring_packed];
    wr_data_o[0 +: DATA_WIDTH]     = e_wr_data[ring_packed];
    out_we                       = e_out_we[ring_packed];
    in_we                        = e_in_we[ring_packed];
    seg_waddr                    = e_seg_waddr[ring_packed];
    seg_wdata                    = e_seg_wdata[ring_packed];
    req_valid                    = e_req_valid[ring_packed];
    req_qid                      = e_req_qid[ring_packed];
    req_ctrl                     = e_req_ctrl[ring_packed];
    req_out_segs                 = e_req_out_segs[ring_packed];
    req_in_segs                  = e_req_in_segs[ring_packed];
    req_out_len                  = e_req_out_len[ring_packed];
    req_in_len                   = e_req_in_len[ring_packed];
    req_chain_err                = e_req_chain_err[ring_packed];
    irq_valid_o                 = e_irq_valid[ring_packed];
    irq_qid_o                   = e_irq_qid[ring_packed];
    needs_reset_o                  = e_needs_reset[ring_packed];
    busy_o                      = e_busy[ring_packed];
    q_reset_ack_o                  = e_q_reset_ack[ring_packed];
  end

  // ---------------------------------------------------------------- segment RAMs
  // Two banks of 2^SEG_AW segments each: the engine writes one while the request processor's
  // gather/scatter units read the other (bank taken with the request, held until the next).
  logic [SEG_AW-1:0] out_raddr, in_raddr;
  logic [95:0]       out_rdata, in_rdata;
  logic              wbank, rbank_q, rbank;
  assign wbank = !ring_packed && split_bank;
  assign rbank = (req_valid && req_ready) ? wbank : rbank_q;
  always_ff @(posedge clk_i) begin
    if (rst_i) rbank_q <= 1'b0;
    else          rbank_q <= rbank;
  end
  vcrypto_seg_ram #(.AW(SEG_AW + 1), .DW(96)) u_out_segs (
    .clk_i, .we_i(out_we), .waddr_i({wbank, seg_waddr}), .wdata_i(seg_wdata),
    .raddr_i({rbank, out_raddr}), .rdata_o(out_rdata)
  );
  vcrypto_seg_ram #(.AW(SEG_AW + 1), .DW(96)) u_in_segs (
    .clk_i, .we_i(in_we), .waddr_i({wbank, seg_waddr}), .wdata_i(seg_wdata),
    .raddr_i({rbank, in_raddr}), .rdata_o(in_rdata)
  );

  // ---------------------------------------------------------------- gather / scatter
  logic              rd_start, rd_abort, rd_idle, rd_err;
  logic [SEG_AW:0]   rd_seg_count, wr_seg_count;
  logic [127:0]      rd_win;
  logic [4:0]        rd_avail, rd_pop;
  logic              wr_start, wr_seek_valid, wr_flush, wr_idle, wr_err;
  logic [31:0]       wr_seek_pos;
  logic              wr_push_valid, wr_push_ready;
  logic [127:0]      wr_push_data;
  logic [4:0]        wr_push_bytes;

  vcrypto_sg_reader #(
    .DATA_WIDTH(DATA_WIDTH), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH)
  ) u_reader (
    .clk_i, .rst_i(rst_i),
    .start_i(rd_start), .seg_count_i(rd_seg_count), .abort_i(rd_abort), .idle_o(rd_idle),
    .seg_raddr_o(out_raddr), .seg_addr_i(out_rdata[63:0]), .seg_len_i(out_rdata[95:64]),
    .rd_cmd_valid_o(rd_cmd_valid_o[1]), .rd_cmd_ready_i(rd_cmd_ready_i[1]),
    .rd_cmd_addr_o(rd_cmd_addr_o[64 +: 64]), .rd_cmd_len_o(rd_cmd_len_o[LEN_WIDTH +: LEN_WIDTH]),
    .rd_data_valid_i(rd_data_valid_i[1]), .rd_data_ready_o(rd_data_ready_o[1]),
    .rd_data_i(rd_data_i), .rd_data_bytes_i(rd_data_bytes_i), .rd_data_last_i(rd_data_last_i),
    .rd_data_err_i(rd_data_err_i),
    .data_o(rd_win), .avail_o(rd_avail), .pop_i(rd_pop), .err_o(rd_err)
  );

  vcrypto_sg_writer #(
    .DATA_WIDTH(DATA_WIDTH), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH)
  ) u_writer (
    .clk_i, .rst_i(rst_i),
    .start_i(wr_start), .seg_count_i(wr_seg_count), .seek_valid_i(wr_seek_valid),
    .seek_pos_i(wr_seek_pos), .flush_i(wr_flush), .idle_o(wr_idle), .err_o(wr_err),
    .push_valid_i(wr_push_valid), .push_ready_o(wr_push_ready), .push_data_i(wr_push_data),
    .push_bytes_i(wr_push_bytes),
    .seg_raddr_o(in_raddr), .seg_addr_i(in_rdata[63:0]), .seg_len_i(in_rdata[95:64]),
    .wr_cmd_valid_o(wr_cmd_valid_o[1]), .wr_cmd_ready_i(wr_cmd_ready_i[1]),
    .wr_cmd_addr_o(wr_cmd_addr_o[64 +: 64]), .wr_cmd_len_o(wr_cmd_len_o[LEN_WIDTH +: LEN_WIDTH]),
    .wr_data_valid_o(wr_data_valid_o[1]), .wr_data_ready_i(wr_data_ready_i[1]),
    .wr_data_o(wr_data_o[DATA_WIDTH +: DATA_WIDTH]), .wr_done_i(wr_done_i[1]),
    .wr_done_err_i(wr_done_err_i)
  );

  // ---------------------------------------------------------------- crypto engines
  logic          eng_cfg_valid, eng_cfg_ready, eng_decrypt, eng_hmac;
  logic          eng_hprep, eng_hstate;   // HMAC session states: compute / use (req_proc)
  logic [4:0]    eng_cfg_sel, eng_s_bytes, eng_h_bytes, eng_m_bytes, eng_tag_len;
  logic [2:0]    eng_cipher_mode, eng_hash_algo, eng_s_sel, eng_m_sel, eng_t_sel;
  logic [255:0]  eng_key, eng_key2;
  logic [1:0]    eng_key_len, eng_s_user;
  logic [127:0]  eng_iv, eng_s_data, eng_h_data, eng_m_data;
  logic [31:0]   eng_iv_len, eng_aad_len, eng_data_len, eng_hash_len;
  logic [1023:0] eng_akey;
  logic [7:0]    eng_akey_len;
  logic          eng_s_valid, eng_s_ready, eng_s_last, eng_h_valid, eng_h_ready, eng_h_flush;
  logic          eng_h_clear, eng_m_valid, eng_m_ready, eng_t_valid, eng_t_ready;
  logic [511:0]  eng_t_data;

  logic eng_abort, eng_rst;
  assign eng_rst = rst_i | eng_abort;

  // an aborted request resets the engines: their blocks in the shared datapath are dropped too
  assign aes_flush_o = {2{eng_abort}};

  vcrypto_engines #(.EXT_AES(EXT_AES), .AES_UW(AES_UW)) u_engines (
    .clk_i, .rst_i(eng_rst),
    .cfg_valid_i(eng_cfg_valid), .cfg_ready_o(eng_cfg_ready), .cfg_sel_i(eng_cfg_sel),
    .cfg_cipher_mode_i(eng_cipher_mode), .cfg_decrypt_i(eng_decrypt), .cfg_key_i(eng_key),
    .cfg_key2_i(eng_key2), .cfg_key_len_i(eng_key_len), .cfg_iv_i(eng_iv),
    .cfg_iv_len_i(eng_iv_len), .cfg_aad_len_i(eng_aad_len), .cfg_data_len_i(eng_data_len),
    .cfg_tag_len_i(eng_tag_len), .cfg_hash_algo_i(eng_hash_algo), .cfg_hmac_i(eng_hmac),
    .cfg_hprep_i(eng_hprep), .cfg_hstate_i(eng_hstate),
    .cfg_akey_i(eng_akey), .cfg_akey_len_i(eng_akey_len), .cfg_hash_len_i(eng_hash_len),
    .s_sel_i(eng_s_sel), .s_valid_i(eng_s_valid), .s_ready_o(eng_s_ready),
    .s_data_i(eng_s_data), .s_bytes_i(eng_s_bytes), .s_user_i(eng_s_user), .s_last_i(eng_s_last),
    .h_valid_i(eng_h_valid), .h_ready_o(eng_h_ready), .h_data_i(eng_h_data),
    .h_bytes_i(eng_h_bytes), .h_flush_i(eng_h_flush), .h_clear_i(eng_h_clear),
    .m_sel_i(eng_m_sel), .m_valid_o(eng_m_valid), .m_ready_i(eng_m_ready),
    .m_data_o(eng_m_data), .m_bytes_o(eng_m_bytes),
    .t_sel_i(eng_t_sel), .t_valid_o(eng_t_valid), .t_ready_i(eng_t_ready), .t_data_o(eng_t_data),
    .aes_key_valid_o, .aes_key_ready_i, .aes_key_o, .aes_key_len_o,
    .aes_in_valid_o, .aes_in_ready_i, .aes_in_data_o, .aes_in_decrypt_o, .aes_in_user_o,
    .aes_out_valid_i, .aes_out_ready_o, .aes_out_data_i, .aes_out_user_i
  );

  // ---------------------------------------------------------------- request processor
  vcrypto_req_proc #(.SEG_AW(SEG_AW), .NUM_SESSIONS(NUM_SESSIONS)) u_req (
    .clk_i, .rst_i(rst_i), .features_i(features_i),
    .req_valid_i(req_valid), .req_ready_o(req_ready), .req_ctrl_i(req_ctrl),
    .req_out_segs_i(req_out_segs), .req_in_segs_i(req_in_segs), .req_out_len_i(req_out_len),
    .req_in_len_i(req_in_len), .req_chain_err_i(req_chain_err),
    .done_valid_o(done_valid), .done_used_len_o(done_used_len), .done_fatal_o(done_fatal),
    .eng_abort_o(eng_abort),
    .rd_start_o(rd_start), .rd_seg_count_o(rd_seg_count), .rd_abort_o(rd_abort),
    .rd_idle_i(rd_idle), .rd_data_i(rd_win), .rd_avail_i(rd_avail), .rd_pop_o(rd_pop),
    .rd_err_i(rd_err),
    .wr_start_o(wr_start), .wr_seg_count_o(wr_seg_count), .wr_seek_valid_o(wr_seek_valid),
    .wr_seek_pos_o(wr_seek_pos), .wr_flush_o(wr_flush), .wr_idle_i(wr_idle), .wr_err_i(wr_err),
    .wr_push_valid_o(wr_push_valid), .wr_push_ready_i(wr_push_ready),
    .wr_push_data_o(wr_push_data), .wr_push_bytes_o(wr_push_bytes),
    .ss_alloc_ok_i, .ss_alloc_slot_i, .ss_create_o,
    .ss_slot_o, .ss_param_o, .ss_destroy_o,
    .ss_lookup_slot_o, .ss_lookup_valid_i,
    .ss_lookup_gen_i, .ss_lookup_param_i,
    .ss_key_we_o, .ss_key_addr_o, .ss_key_wdata_o,
    .ss_key_rdata_i,
    .eng_cfg_valid_o(eng_cfg_valid), .eng_cfg_ready_i(eng_cfg_ready), .eng_cfg_sel_o(eng_cfg_sel),
    .eng_cipher_mode_o(eng_cipher_mode), .eng_decrypt_o(eng_decrypt), .eng_key_o(eng_key),
    .eng_key2_o(eng_key2), .eng_key_len_o(eng_key_len), .eng_iv_o(eng_iv),
    .eng_iv_len_o(eng_iv_len), .eng_aad_len_o(eng_aad_len), .eng_data_len_o(eng_data_len),
    .eng_tag_len_o(eng_tag_len), .eng_hash_algo_o(eng_hash_algo), .eng_hmac_o(eng_hmac),
    .eng_hprep_o(eng_hprep), .eng_hstate_o(eng_hstate),
    .eng_akey_o(eng_akey), .eng_akey_len_o(eng_akey_len), .eng_hash_len_o(eng_hash_len),
    .eng_s_sel_o(eng_s_sel), .eng_s_valid_o(eng_s_valid), .eng_s_ready_i(eng_s_ready),
    .eng_s_data_o(eng_s_data), .eng_s_bytes_o(eng_s_bytes), .eng_s_user_o(eng_s_user),
    .eng_s_last_o(eng_s_last),
    .eng_h_valid_o(eng_h_valid), .eng_h_ready_i(eng_h_ready), .eng_h_data_o(eng_h_data),
    .eng_h_bytes_o(eng_h_bytes), .eng_h_flush_o(eng_h_flush), .eng_h_clear_o(eng_h_clear),
    .eng_m_sel_o(eng_m_sel), .eng_m_valid_i(eng_m_valid), .eng_m_ready_o(eng_m_ready),
    .eng_m_data_i(eng_m_data), .eng_m_bytes_i(eng_m_bytes),
    .eng_t_sel_o(eng_t_sel), .eng_t_valid_i(eng_t_valid), .eng_t_ready_o(eng_t_ready),
    .eng_t_data_i(eng_t_data)
  );

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_lane;
  assign unused_lane = ^req_qid;
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
