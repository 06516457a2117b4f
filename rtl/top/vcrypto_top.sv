// vcrypto_top: the virtio-crypto PCI function.
// PCI config port + BAR0 AXI4-Lite slave in, AXI4 master out for every DMA, INTx out.
module vcrypto_top#(
  // Width of the AXI4 master data bus in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Width of AXI IDs on the master port.
  parameter int unsigned AXI_ID_WIDTH = 4,
  // Number of data queues; the control queue has index NUM_DATAQ.
  parameter int unsigned NUM_DATAQ = 4,
  // Largest queue size the device offers (power of two).
  parameter int unsigned QSIZE_MAX = 256,
  // Number of MSI-X table entries (1..512): by default one for configuration changes and one
  // per queue (data queues + control queue).
  parameter int unsigned MSIX_VECTORS = NUM_DATAQ + 2,
  // Number of session slots in the session store.
  parameter int unsigned NUM_SESSIONS = 16
) (
  input  logic                    clk_i,
  // Synchronous, active-high reset (PCIe fundamental reset).
  input  logic                    rst_i,

  // ---------------- PCI configuration space (type-0), one dword access at a time.
  input  logic                    cfg_valid_i,
  input  logic                    cfg_write_i,
  input  logic [11:0]             cfg_addr_i,     // byte address, [1:0] ignored
  input  logic [31:0]             cfg_wdata_i,
  input  logic [3:0]              cfg_be_i,
  output logic                    cfg_rvalid_o,   // completion for reads and writes
  output logic [31:0]             cfg_rdata_o,

  // BAR decode for the root complex: BAR0 base and the command register bits.
  output logic [63:0]             bar0_base_o,
  output logic                    mem_enable_o,
  output logic                    bus_master_enable_o,

  // ---------------- BAR0 AXI4-Lite slave (address = offset within BAR0).
  input  logic [14:0]             s_axil_awaddr,
  input  logic                    s_axil_awvalid,
  output logic                    s_axil_awready,
  input  logic [31:0]             s_axil_wdata,
  input  logic [3:0]              s_axil_wstrb,
  input  logic                    s_axil_wvalid,
  output logic                    s_axil_wready,
  output logic [1:0]              s_axil_bresp,
  output logic                    s_axil_bvalid,
  input  logic                    s_axil_bready,
  input  logic [14:0]             s_axil_araddr,
  input  logic                    s_axil_arvalid,
  output logic                    s_axil_arready,
  output logic [31:0]             s_axil_rdata,
  output logic [1:0]              s_axil_rresp,
  output logic                    s_axil_rvalid,
  input  logic                    s_axil_rready,

  // ---------------- AXI4 master: host memory (rings, buffers, MSI-X messages).
  output logic [AXI_ID_WIDTH-1:0] m_axi_awid,
  output logic [63:0]             m_axi_awaddr,
  output logic [7:0]              m_axi_awlen,
  output logic [2:0]              m_axi_awsize,
  output logic [1:0]              m_axi_awburst,
  output logic                    m_axi_awvalid,
  input  logic                    m_axi_awready,
  output logic [DATA_WIDTH-1:0]   m_axi_wdata,
  output logic [DATA_WIDTH/8-1:0] m_axi_wstrb,
  output logic                    m_axi_wlast,
  output logic                    m_axi_wvalid,
  input  logic                    m_axi_wready,
  input  logic [AXI_ID_WIDTH-1:0] m_axi_bid,
  input  logic [1:0]              m_axi_bresp,
  input  logic                    m_axi_bvalid,
  output logic                    m_axi_bready,
  output logic [AXI_ID_WIDTH-1:0] m_axi_arid,
  output logic [63:0]             m_axi_araddr,
  output logic [7:0]              m_axi_arlen,
  output logic [2:0]              m_axi_arsize,
  output logic [1:0]              m_axi_arburst,
  output logic                    m_axi_arvalid,
  input  logic                    m_axi_arready,
  input  logic [AXI_ID_WIDTH-1:0] m_axi_rid,
  input  logic [DATA_WIDTH-1:0]   m_axi_rdata,
  input  logic [1:0]              m_axi_rresp,
  input  logic                    m_axi_rlast,
  input  logic                    m_axi_rvalid,
  output logic                    m_axi_rready,

  // ---------------- Legacy interrupt (level, active high) driven from the ISR.
  output logic                    intx_o
);
  localparam int unsigned NQ        = NUM_DATAQ + 1;
  localparam int unsigned LEN_WIDTH = 16;
  localparam int unsigned SEG_AW    = $clog2(QSIZE_MAX);
  localparam int unsigned SW        = $clog2(NUM_SESSIONS);
  localparam int unsigned BW        = $clog2(DATA_WIDTH/8) + 1;

`ifndef SYNTHESIS
  initial begin
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
      $error("vcrypto_top: DATA_WIDTH must be 64, 128 or 256");
    if ((QSIZE_MAX & (QSIZE_MAX - 1)) != 0) $error("vcrypto_top: QSIZE_MAX must be a power of two");
  end
`endif

  // ---------------------------------------------------------------- PCI front-end
  logic                 dev_reset, driver_ok, fe_irq_ready, needs_reset;
  logic [63:0]          features;
  logic [NQ-1:0]        q_enable;
  logic [NQ*16-1:0]     q_size;
  logic [NQ*64-1:0]     q_desc, q_driver, q_device;
  logic                 notify_valid;
  logic [15:0]          notify_qid;
  // NOTIFICATION_DATA value (bits 31..16 of a 32-bit notify write, 0 otherwise)
  logic [15:0]          notify_data;
  // RING_RESET: queue_reset requested (level, per queue) / core dropped the queue (pulse)
  logic [NQ-1:0]        q_reset_req, q_reset_ack;
  logic                 vq_irq_valid;
  logic [15:0]          vq_irq_qid;

  // DMA client wiring: read 0 = virtqueue engine, 1 = gather reader;
  // write 0 = virtqueue engine, 1 = scatter writer, 2 = MSI-X messages.
  localparam int unsigned NRD = 2, NWR = 3;
  logic [NRD-1:0]           rd_cmd_valid, rd_cmd_valid_gated, rd_cmd_ready;
  logic [NRD*64-1:0]        rd_cmd_addr;
  logic [NRD*LEN_WIDTH-1:0] rd_cmd_len;
  logic [NRD-1:0]           rd_data_valid, rd_data_ready, rd_data_ready_forced;
  logic [DATA_WIDTH-1:0]    rd_data;
  logic [BW-1:0]            rd_data_bytes;
  logic                     rd_data_last, rd_data_err;
  logic [NWR-1:0]           wr_cmd_valid, wr_cmd_valid_gated, wr_cmd_ready;
  logic [NWR*64-1:0]        wr_cmd_addr;
  logic [NWR*LEN_WIDTH-1:0] wr_cmd_len;
  logic [NWR-1:0]           wr_data_valid, wr_data_ready, wr_done;
  logic [NWR*DATA_WIDTH-1:0] wr_data;
  logic                     wr_done_err, dma_rd_busy, dma_wr_busy;

  // A read of BAR0 issued after a device reset (device_status := 0) is held until the core has
  // quiesced: when the driver reads device_status back as 0, the device has no DMA in flight
  // and starts none (spec: the driver waits for 0 before re-initialising).
  logic axil_arvalid_fe, axil_arready_fe;
  logic reset_pending_q, core_rst_q;
  // held from the reset write until the cycle after the core reset was applied, so no command
  // raised before the reset can slip out while the core is being reset
  logic quiescing;
  assign quiescing = reset_pending_q | core_rst_q;
  assign axil_arvalid_fe = s_axil_arvalid && !quiescing;
  assign s_axil_arready  = axil_arready_fe && !quiescing;

  vcrypto_pci_frontend #(
    .DATA_WIDTH(DATA_WIDTH), .NUM_DATAQ(NUM_DATAQ), .QSIZE_MAX(QSIZE_MAX),
    .MSIX_VECTORS(MSIX_VECTORS)
  ) u_pci (
    .clk_i, .rst_i,
    .cfg_valid_i, .cfg_write_i, .cfg_addr_i, .cfg_wdata_i, .cfg_be_i, .cfg_rvalid_o, .cfg_rdata_o,
    .bar0_base_o, .mem_enable_o, .bus_master_enable_o,
    .s_axil_awaddr, .s_axil_awvalid, .s_axil_awready, .s_axil_wdata, .s_axil_wstrb,
    .s_axil_wvalid, .s_axil_wready, .s_axil_bresp, .s_axil_bvalid, .s_axil_bready,
    .s_axil_araddr, .s_axil_arvalid(axil_arvalid_fe), .s_axil_arready(axil_arready_fe),
    .s_axil_rdata, .s_axil_rresp,
    .s_axil_rvalid, .s_axil_rready,
    .intx_o,
    .dev_reset_o(dev_reset), .driver_ok_o(driver_ok), .features_o(features),
    .q_enable_o(q_enable), .q_size_o(q_size), .q_desc_o(q_desc), .q_driver_o(q_driver),
    .q_device_o(q_device), .notify_valid_o(notify_valid), .notify_qid_o(notify_qid),
    .notify_data_o(notify_data), .q_reset_req_o(q_reset_req), .q_reset_ack_i(q_reset_ack),
    .irq_valid_i(vq_irq_valid), .irq_ready_o(fe_irq_ready), .irq_config_i(1'b0),
    .irq_qid_i(vq_irq_qid), .needs_reset_i(needs_reset),
    .wr_cmd_valid_o(wr_cmd_valid[2]), .wr_cmd_ready_i(wr_cmd_ready[2]),
    .wr_cmd_addr_o(wr_cmd_addr[2*64 +: 64]), .wr_cmd_len_o(wr_cmd_len[2*LEN_WIDTH +: LEN_WIDTH]),
    .wr_data_valid_o(wr_data_valid[2]), .wr_data_ready_i(wr_data_ready[2]),
    .wr_data_o(wr_data[2*DATA_WIDTH +: DATA_WIDTH]), .wr_done_i(wr_done[2]),
    .wr_done_err_i(wr_done_err)
  );

  // ---------------------------------------------------------------- device reset
  // A driver reset (device_status = 0) must not cut an AXI transaction in half: new DMA
  // commands of the core are held back, read data is drained, and once the DMA engine is idle
  // the core (virtqueue engine, request path, sessions) is reset.
  logic reset_pending_d, core_rst_d, core_rst;
  always_comb begin
    reset_pending_d = reset_pending_q | dev_reset;
    core_rst_d      = 1'b0;
    if (reset_pending_q && !dma_rd_busy && !dma_wr_busy && !dev_reset) begin
      reset_pending_d = 1'b0;
      core_rst_d      = 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      reset_pending_q <= 1'b0;
      core_rst_q      <= 1'b0;
    end else begin
      reset_pending_q <= reset_pending_d;
      core_rst_q      <= core_rst_d;
    end
  end
  assign core_rst = rst_i | core_rst_q;

  always_comb begin
    rd_cmd_valid_gated    = quiescing ? '0 : rd_cmd_valid;
    wr_cmd_valid_gated    = wr_cmd_valid;
    wr_cmd_valid_gated[1:0] = quiescing ? 2'b00 : wr_cmd_valid[1:0];
    rd_data_ready_forced  = quiescing ? '1 : rd_data_ready;
  end

  // ---------------------------------------------------------------- DMA
  vcrypto_dma #(
    .DATA_WIDTH(DATA_WIDTH), .AXI_ID_WIDTH(AXI_ID_WIDTH), .NUM_RD(NRD), .NUM_WR(NWR),
    .LEN_WIDTH(LEN_WIDTH)
  ) u_dma (
    .clk_i, .rst_i, .enable_i(bus_master_enable_o),
    .rd_cmd_valid_i(rd_cmd_valid_gated), .rd_cmd_ready_o(rd_cmd_ready),
    .rd_cmd_addr_i(rd_cmd_addr), .rd_cmd_len_i(rd_cmd_len),
    .rd_data_valid_o(rd_data_valid), .rd_data_ready_i(rd_data_ready_forced),
    .rd_data_o(rd_data), .rd_data_bytes_o(rd_data_bytes), .rd_data_last_o(rd_data_last),
    .rd_data_err_o(rd_data_err),
    .wr_cmd_valid_i(wr_cmd_valid_gated), .wr_cmd_ready_o(wr_cmd_ready),
    .wr_cmd_addr_i(wr_cmd_addr), .wr_cmd_len_i(wr_cmd_len),
    .wr_data_valid_i(wr_data_valid), .wr_data_ready_o(wr_data_ready), .wr_data_i(wr_data),
    .wr_done_o(wr_done), .wr_done_err_o(wr_done_err),
    .rd_busy_o(dma_rd_busy), .wr_busy_o(dma_wr_busy),
    .m_axi_awid, .m_axi_awaddr, .m_axi_awlen, .m_axi_awsize, .m_axi_awburst, .m_axi_awvalid,
    .m_axi_awready, .m_axi_wdata, .m_axi_wstrb, .m_axi_wlast, .m_axi_wvalid, .m_axi_wready,
    .m_axi_bid, .m_axi_bresp, .m_axi_bvalid, .m_axi_bready,
    .m_axi_arid, .m_axi_araddr, .m_axi_arlen, .m_axi_arsize, .m_axi_arburst, .m_axi_arvalid,
    .m_axi_arready, .m_axi_rid, .m_axi_rdata, .m_axi_rresp, .m_axi_rlast, .m_axi_rvalid,
    .m_axi_rready
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
  logic                vq_busy;

  // Two engines, one active: the packed one when VIRTIO_F_RING_PACKED was negotiated, else the
  // split one. The idle engine never leaves S_IDLE (driver_ok low), so it raises no valid and
  // acks queue resets at once; all outputs are muxed by `ring_packed`, the queue reset acks
  // too: OR-ing them would let the idle engine's immediate ack release a queue whose chain the
  // active engine is still walking.
  logic ring_packed, in_order, notif_data, event_idx;
  assign ring_packed = features[vcrypto_pkg::F_RING_PACKED];
  assign in_order   = features[vcrypto_pkg::F_IN_ORDER];
  assign notif_data = features[vcrypto_pkg::F_NOTIFICATION_DATA];
  assign event_idx  = features[vcrypto_pkg::F_EVENT_IDX];

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
  assign e_active = {driver_ok & ring_packed, driver_ok & !ring_packed};

  vcrypto_vq_split #(
    .NQ(NQ), .QSIZE_MAX(QSIZE_MAX), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH),
    .DATA_WIDTH(DATA_WIDTH)
  ) u_vq (
    .clk_i, .rst_i(core_rst),
    .driver_ok_i(e_active[0]), .event_idx_i(event_idx), .in_order_i(in_order),
    .notif_data_i(notif_data),
    .q_enable_i(q_enable), .q_size_i(q_size), .q_desc_i(q_desc), .q_driver_i(q_driver),
    .q_device_i(q_device), .notify_valid_i(notify_valid), .notify_qid_i(notify_qid),
    .notify_data_i(notify_data), .q_reset_req_i(q_reset_req), .q_reset_ack_o(e_q_reset_ack[0]),
    .rd_cmd_valid_o(e_rd_cmd_valid[0]), .rd_cmd_ready_i(rd_cmd_ready[0] && !ring_packed),
    .rd_cmd_addr_o(e_rd_cmd_addr[0]), .rd_cmd_len_o(e_rd_cmd_len[0]),
    .rd_data_valid_i(rd_data_valid[0] && !ring_packed), .rd_data_ready_o(e_rd_data_ready[0]),
    .rd_data_i(rd_data), .rd_data_err_i(rd_data_err),
    .wr_cmd_valid_o(e_wr_cmd_valid[0]), .wr_cmd_ready_i(wr_cmd_ready[0] && !ring_packed),
    .wr_cmd_addr_o(e_wr_cmd_addr[0]), .wr_cmd_len_o(e_wr_cmd_len[0]),
    .wr_data_valid_o(e_wr_data_valid[0]), .wr_data_ready_i(wr_data_ready[0] && !ring_packed),
    .wr_data_o(e_wr_data[0]), .wr_done_i(wr_done[0] && !ring_packed), .wr_done_err_i(wr_done_err),
    .out_we_o(e_out_we[0]), .in_we_o(e_in_we[0]), .seg_waddr_o(e_seg_waddr[0]),
    .seg_wdata_o(e_seg_wdata[0]), .seg_bank_o(split_bank),
    .req_valid_o(e_req_valid[0]), .req_ready_i(req_ready && !ring_packed), .req_qid_o(e_req_qid[0]),
    .req_ctrl_o(e_req_ctrl[0]), .req_out_segs_o(e_req_out_segs[0]),
    .req_in_segs_o(e_req_in_segs[0]), .req_out_len_o(e_req_out_len[0]),
    .req_in_len_o(e_req_in_len[0]), .req_chain_err_o(e_req_chain_err[0]),
    .done_valid_i(done_valid && !ring_packed), .done_used_len_i(done_used_len),
    .done_fatal_i(done_fatal),
    .irq_valid_o(e_irq_valid[0]), .irq_ready_i(fe_irq_ready && !ring_packed),
    .irq_qid_o(e_irq_qid[0]), .needs_reset_o(e_needs_reset[0]), .busy_o(e_busy[0])
  );

  vcrypto_vq_packed #(
    .NQ(NQ), .QSIZE_MAX(QSIZE_MAX), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH),
    .DATA_WIDTH(DATA_WIDTH)
  ) u_vq_packed (
    .clk_i, .rst_i(core_rst),
    .driver_ok_i(e_active[1]), .event_idx_i(event_idx), .in_order_i(in_order),
    .notif_data_i(notif_data),
    .q_enable_i(q_enable), .q_size_i(q_size), .q_desc_i(q_desc), .q_driver_i(q_driver),
    .q_device_i(q_device), .notify_valid_i(notify_valid), .notify_qid_i(notify_qid),
    .notify_data_i(notify_data), .q_reset_req_i(q_reset_req), .q_reset_ack_o(e_q_reset_ack[1]),
    .rd_cmd_valid_o(e_rd_cmd_valid[1]), .rd_cmd_ready_i(rd_cmd_ready[0] && ring_packed),
    .rd_cmd_addr_o(e_rd_cmd_addr[1]), .rd_cmd_len_o(e_rd_cmd_len[1]),
    .rd_data_valid_i(rd_data_valid[0] && ring_packed), .rd_data_ready_o(e_rd_data_ready[1]),
    .rd_data_i(rd_data), .rd_data_err_i(rd_data_err),
    .wr_cmd_valid_o(e_wr_cmd_valid[1]), .wr_cmd_ready_i(wr_cmd_ready[0] && ring_packed),
    .wr_cmd_addr_o(e_wr_cmd_addr[1]), .wr_cmd_len_o(e_wr_cmd_len[1]),
    .wr_data_valid_o(e_wr_data_valid[1]), .wr_data_ready_i(wr_data_ready[0] && ring_packed),
    .wr_data_o(e_wr_data[1]), .wr_done_i(wr_done[0] && ring_packed), .wr_done_err_i(wr_done_err),
    .out_we_o(e_out_we[1]), .in_we_o(e_in_we[1]), .seg_waddr_o(e_seg_waddr[1]),
    .seg_wdata_o(e_seg_wdata[1]),
    .req_valid_o(e_req_valid[1]), .req_ready_i(req_ready && ring_packed), .req_qid_o(e_req_qid[1]),
    .req_ctrl_o(e_req_ctrl[1]), .req_out_segs_o(e_req_out_segs[1]),
    .req_in_segs_o(e_req_in_segs[1]), .req_out_len_o(e_req_out_len[1]),
    .req_in_len_o(e_req_in_len[1]), .req_chain_err_o(e_req_chain_err[1]),
    .done_valid_i(done_valid && ring_packed), .done_used_len_i(done_used_len),
    .done_fatal_i(done_fatal),
    .irq_valid_o(e_irq_valid[1]), .irq_ready_i(fe_irq_ready && ring_packed),
    .irq_qid_o(e_irq_qid[1]), .needs_reset_o(e_needs_reset[1]), .busy_o(e_busy[1])
  );

  // output mux (the engine index is `ring_packed`)
  always_comb begin
    rd_cmd_valid[0]              = e_rd_cmd_valid[ring_packed];
    rd_cmd_addr[0 +: 64]         = e_rd_cmd_addr[ring_packed];
    rd_cmd_len[0 +: LEN_WIDTH]   = e_rd_cmd_len[ring_packed];
    rd_data_ready[0]             = e_rd_data_ready[ring_packed];
    wr_cmd_valid[0]              = e_wr_cmd_valid[ring_packed];
    wr_cmd_addr[0 +: 64]         = e_wr_cmd_addr[ring_packed];
    wr_cmd_len[0 +: LEN_WIDTH]   = e_wr_cmd_len[ring_packed];
    wr_data_valid[0]             = e_wr_data_valid[ring_packed];
    wr_data[0 +: DATA_WIDTH]     = e_wr_data[ring_packed];
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
    vq_irq_valid                 = e_irq_valid[ring_packed];
    vq_irq_qid                   = e_irq_qid[ring_packed];
    needs_reset                  = e_needs_reset[ring_packed];
    vq_busy                      = e_busy[ring_packed];
    q_reset_ack                  = e_q_reset_ack[ring_packed];
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
    if (core_rst) rbank_q <= 1'b0;
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
    .clk_i, .rst_i(core_rst),
    .start_i(rd_start), .seg_count_i(rd_seg_count), .abort_i(rd_abort), .idle_o(rd_idle),
    .seg_raddr_o(out_raddr), .seg_addr_i(out_rdata[63:0]), .seg_len_i(out_rdata[95:64]),
    .rd_cmd_valid_o(rd_cmd_valid[1]), .rd_cmd_ready_i(rd_cmd_ready[1]),
    .rd_cmd_addr_o(rd_cmd_addr[64 +: 64]), .rd_cmd_len_o(rd_cmd_len[LEN_WIDTH +: LEN_WIDTH]),
    .rd_data_valid_i(rd_data_valid[1]), .rd_data_ready_o(rd_data_ready[1]),
    .rd_data_i(rd_data), .rd_data_bytes_i(rd_data_bytes), .rd_data_last_i(rd_data_last),
    .rd_data_err_i(rd_data_err),
    .data_o(rd_win), .avail_o(rd_avail), .pop_i(rd_pop), .err_o(rd_err)
  );

  vcrypto_sg_writer #(
    .DATA_WIDTH(DATA_WIDTH), .SEG_AW(SEG_AW), .LEN_WIDTH(LEN_WIDTH)
  ) u_writer (
    .clk_i, .rst_i(core_rst),
    .start_i(wr_start), .seg_count_i(wr_seg_count), .seek_valid_i(wr_seek_valid),
    .seek_pos_i(wr_seek_pos), .flush_i(wr_flush), .idle_o(wr_idle), .err_o(wr_err),
    .push_valid_i(wr_push_valid), .push_ready_o(wr_push_ready), .push_data_i(wr_push_data),
    .push_bytes_i(wr_push_bytes),
    .seg_raddr_o(in_raddr), .seg_addr_i(in_rdata[63:0]), .seg_len_i(in_rdata[95:64]),
    .wr_cmd_valid_o(wr_cmd_valid[1]), .wr_cmd_ready_i(wr_cmd_ready[1]),
    .wr_cmd_addr_o(wr_cmd_addr[64 +: 64]), .wr_cmd_len_o(wr_cmd_len[LEN_WIDTH +: LEN_WIDTH]),
    .wr_data_valid_o(wr_data_valid[1]), .wr_data_ready_i(wr_data_ready[1]),
    .wr_data_o(wr_data[DATA_WIDTH +: DATA_WIDTH]), .wr_done_i(wr_done[1]),
    .wr_done_err_i(wr_done_err)
  );

  // ---------------------------------------------------------------- sessions
  logic               ss_alloc_ok, ss_create, ss_destroy, ss_lookup_valid, ss_key_we;
  logic [SW-1:0]      ss_alloc_slot, ss_slot, ss_lookup_slot;
  logic [127:0]       ss_param, ss_lookup_param, ss_key_wdata, ss_key_rdata;
  logic [31:0]        ss_lookup_gen;
  logic [SW+4:0]      ss_key_addr;

  vcrypto_sess_store #(.NUM_SESSIONS(NUM_SESSIONS), .PARAM_W(128)) u_sess (
    .clk_i, .rst_i(core_rst),
    .alloc_ok_o(ss_alloc_ok), .alloc_slot_o(ss_alloc_slot),
    .create_i(ss_create), .create_slot_i(ss_slot), .create_param_i(ss_param),
    .destroy_i(ss_destroy), .destroy_slot_i(ss_slot),
    .lookup_slot_i(ss_lookup_slot), .lookup_valid_o(ss_lookup_valid),
    .lookup_gen_o(ss_lookup_gen), .lookup_param_o(ss_lookup_param),
    .key_we_i(ss_key_we), .key_addr_i(ss_key_addr), .key_wdata_i(ss_key_wdata),
    .key_rdata_o(ss_key_rdata)
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
  assign eng_rst = core_rst | eng_abort;

  vcrypto_engines u_engines (
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
    .t_sel_i(eng_t_sel), .t_valid_o(eng_t_valid), .t_ready_i(eng_t_ready), .t_data_o(eng_t_data)
  );

  // ---------------------------------------------------------------- request processor
  vcrypto_req_proc #(.SEG_AW(SEG_AW), .NUM_SESSIONS(NUM_SESSIONS)) u_req (
    .clk_i, .rst_i(core_rst), .features_i(features),
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
    .ss_alloc_ok_i(ss_alloc_ok), .ss_alloc_slot_i(ss_alloc_slot), .ss_create_o(ss_create),
    .ss_slot_o(ss_slot), .ss_param_o(ss_param), .ss_destroy_o(ss_destroy),
    .ss_lookup_slot_o(ss_lookup_slot), .ss_lookup_valid_i(ss_lookup_valid),
    .ss_lookup_gen_i(ss_lookup_gen), .ss_lookup_param_i(ss_lookup_param),
    .ss_key_we_o(ss_key_we), .ss_key_addr_o(ss_key_addr), .ss_key_wdata_o(ss_key_wdata),
    .ss_key_rdata_i(ss_key_rdata),
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
  logic unused_top;
  assign unused_top = ^{req_qid, vq_busy};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
