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
  parameter int unsigned NUM_SESSIONS = 16,
  // Number of processing lanes (virtqueue engine + request processor + crypto engines each,
  // rtl/lane); queue q is served by lane q % NUM_LANES. 1..NUM_DATAQ.
  parameter int unsigned NUM_LANES = 1,
  // 1: with more than one lane, the lanes' cipher and CMAC engines share one pipelined AES
  // datapath (blocks of different requests interleave, serial CBC encryption and CMAC fill it);
  // 0: every lane keeps its own.
  parameter bit SHARED_AES = 1'b1
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
  localparam int unsigned SW        = $clog2(NUM_SESSIONS);
  localparam int unsigned BW        = $clog2(DATA_WIDTH/8) + 1;
  localparam int unsigned LIDXW     = (NUM_LANES > 1) ? $clog2(NUM_LANES) : 1;

  // The queues of lane l: q % NUM_LANES == l.
  function automatic logic [NQ-1:0] own_mask(int unsigned l);
    own_mask = '0;
    for (int unsigned q = 0; q < NQ; q++) own_mask[q] = (q % NUM_LANES) == l;
  endfunction

`ifndef SYNTHESIS
  initial begin
    if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256)
      $error("vcrypto_top: DATA_WIDTH must be 64, 128 or 256");
    if ((QSIZE_MAX & (QSIZE_MAX - 1)) != 0) $error("vcrypto_top: QSIZE_MAX must be a power of two");
    if (NUM_LANES < 1 || NUM_LANES > NUM_DATAQ)
      $error("vcrypto_top: NUM_LANES must be 1..NUM_DATAQ");
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

  // DMA client wiring, per lane l: read 2l = virtqueue engine, 2l+1 = gather reader;
  // write 2l = virtqueue engine, 2l+1 = scatter writer; the last write client (MSIX_CLIENT)
  // sends MSI-X messages.
  localparam int unsigned NRD = 2 * NUM_LANES, NWR = 2 * NUM_LANES + 1;
  localparam int unsigned MSIX_CLIENT = NWR - 1;
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
    .wr_cmd_valid_o(wr_cmd_valid[MSIX_CLIENT]), .wr_cmd_ready_i(wr_cmd_ready[MSIX_CLIENT]),
    .wr_cmd_addr_o(wr_cmd_addr[MSIX_CLIENT*64 +: 64]),
    .wr_cmd_len_o(wr_cmd_len[MSIX_CLIENT*LEN_WIDTH +: LEN_WIDTH]),
    .wr_data_valid_o(wr_data_valid[MSIX_CLIENT]), .wr_data_ready_i(wr_data_ready[MSIX_CLIENT]),
    .wr_data_o(wr_data[MSIX_CLIENT*DATA_WIDTH +: DATA_WIDTH]), .wr_done_i(wr_done[MSIX_CLIENT]),
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
    // MSI-X messages still go out while quiescing; the lanes' writes do not start
    wr_cmd_valid_gated[NWR-2:0] = quiescing ? '0 : wr_cmd_valid[NWR-2:0];
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

  // ---------------------------------------------------------------- processing lanes
  // Queue q belongs to lane q % NUM_LANES (an elaboration-time constant per lane): the lane's
  // virtqueue engine sees only its queues (the others read as disabled, their notifications and
  // queue resets do not reach it), so each queue's ordering rules stay inside one engine while
  // lanes of different queues run at once. The control queue's lane creates and destroys sessions.
  localparam int unsigned CTRL_LANE = NUM_DATAQ % NUM_LANES;

  logic [NUM_LANES-1:0]    l_irq_valid, l_irq_ready, l_needs_reset, l_busy;
  logic [15:0]             l_irq_qid [NUM_LANES];
  logic [NQ-1:0]           l_q_reset_ack [NUM_LANES];
  logic [NUM_LANES-1:0]    l_ss_create, l_ss_destroy, l_ss_key_we;
  logic [SW-1:0]           l_ss_slot [NUM_LANES];
  logic [127:0]            l_ss_param [NUM_LANES];
  logic [127:0]            l_ss_key_wdata [NUM_LANES];
  logic [NUM_LANES*SW-1:0] ss_lookup_slot;
  logic [NUM_LANES-1:0]    ss_lookup_valid;
  logic [NUM_LANES*32-1:0] ss_lookup_gen;
  logic [NUM_LANES*128-1:0] ss_lookup_param, ss_key_rdata;
  logic [NUM_LANES*(SW+5)-1:0] ss_key_raddr;
  logic                    ss_alloc_ok;
  logic [SW-1:0]           ss_alloc_slot;

  // shared AES datapath: ports 2l (cipher engine) and 2l+1 (CMAC engine) belong to lane l
  localparam bit          EXT_AES = SHARED_AES && (NUM_LANES > 1);
  localparam int unsigned AUW     = vcrypto_pkg::CIPHER_AES_USER_W;
  localparam int unsigned NAP     = 2 * NUM_LANES;
  logic [NAP-1:0]         aes_flush, aes_key_valid, aes_key_ready, aes_in_valid, aes_in_ready;
  logic [NAP-1:0]         aes_in_decrypt, aes_out_valid, aes_out_ready;
  logic [NAP*256-1:0]     aes_key;
  logic [NAP*2-1:0]       aes_key_len;
  logic [NAP*128-1:0]     aes_in_data, aes_out_data;
  logic [NAP*AUW-1:0]     aes_in_user, aes_out_user;

  for (genvar l = 0; l < NUM_LANES; l++) begin : g_lane
    // the queues this lane owns
    localparam logic [NQ-1:0] OWN = own_mask(l);
    logic notify_own;
    assign notify_own = notify_valid && notify_qid < 16'(NQ) && OWN[notify_qid[$clog2(NQ+1)-1:0]];

    vcrypto_lane #(
      .DATA_WIDTH(DATA_WIDTH), .NQ(NQ), .QSIZE_MAX(QSIZE_MAX), .NUM_SESSIONS(NUM_SESSIONS),
      .LEN_WIDTH(LEN_WIDTH), .EXT_AES(EXT_AES)
    ) u_lane (
      .clk_i, .rst_i(core_rst), .features_i(features), .driver_ok_i(driver_ok),
      .q_enable_i(q_enable & OWN), .q_size_i(q_size), .q_desc_i(q_desc), .q_driver_i(q_driver),
      .q_device_i(q_device), .notify_valid_i(notify_own), .notify_qid_i(notify_qid),
      .notify_data_i(notify_data), .q_reset_req_i(q_reset_req & OWN),
      .q_reset_ack_o(l_q_reset_ack[l]),
      .rd_cmd_valid_o(rd_cmd_valid[2*l +: 2]), .rd_cmd_ready_i(rd_cmd_ready[2*l +: 2]),
      .rd_cmd_addr_o(rd_cmd_addr[2*l*64 +: 2*64]),
      .rd_cmd_len_o(rd_cmd_len[2*l*LEN_WIDTH +: 2*LEN_WIDTH]),
      .rd_data_valid_i(rd_data_valid[2*l +: 2]), .rd_data_ready_o(rd_data_ready[2*l +: 2]),
      .rd_data_i(rd_data), .rd_data_bytes_i(rd_data_bytes), .rd_data_last_i(rd_data_last),
      .rd_data_err_i(rd_data_err),
      .wr_cmd_valid_o(wr_cmd_valid[2*l +: 2]), .wr_cmd_ready_i(wr_cmd_ready[2*l +: 2]),
      .wr_cmd_addr_o(wr_cmd_addr[2*l*64 +: 2*64]),
      .wr_cmd_len_o(wr_cmd_len[2*l*LEN_WIDTH +: 2*LEN_WIDTH]),
      .wr_data_valid_o(wr_data_valid[2*l +: 2]), .wr_data_ready_i(wr_data_ready[2*l +: 2]),
      .wr_data_o(wr_data[2*l*DATA_WIDTH +: 2*DATA_WIDTH]), .wr_done_i(wr_done[2*l +: 2]),
      .wr_done_err_i(wr_done_err),
      .irq_valid_o(l_irq_valid[l]), .irq_ready_i(l_irq_ready[l]), .irq_qid_o(l_irq_qid[l]),
      .needs_reset_o(l_needs_reset[l]), .busy_o(l_busy[l]),
      .ss_alloc_ok_i(ss_alloc_ok), .ss_alloc_slot_i(ss_alloc_slot), .ss_create_o(l_ss_create[l]),
      .ss_slot_o(l_ss_slot[l]), .ss_param_o(l_ss_param[l]), .ss_destroy_o(l_ss_destroy[l]),
      .ss_lookup_slot_o(ss_lookup_slot[l*SW +: SW]), .ss_lookup_valid_i(ss_lookup_valid[l]),
      .ss_lookup_gen_i(ss_lookup_gen[l*32 +: 32]),
      .ss_lookup_param_i(ss_lookup_param[l*128 +: 128]),
      .ss_key_we_o(l_ss_key_we[l]), .ss_key_addr_o(ss_key_raddr[l*(SW+5) +: SW+5]),
      .ss_key_wdata_o(l_ss_key_wdata[l]), .ss_key_rdata_i(ss_key_rdata[l*128 +: 128]),
      .aes_flush_o(aes_flush[2*l +: 2]),
      .aes_key_valid_o(aes_key_valid[2*l +: 2]), .aes_key_ready_i(aes_key_ready[2*l +: 2]),
      .aes_key_o(aes_key[2*l*256 +: 2*256]), .aes_key_len_o(aes_key_len[2*l*2 +: 2*2]),
      .aes_in_valid_o(aes_in_valid[2*l +: 2]), .aes_in_ready_i(aes_in_ready[2*l +: 2]),
      .aes_in_data_o(aes_in_data[2*l*128 +: 2*128]),
      .aes_in_decrypt_o(aes_in_decrypt[2*l +: 2]),
      .aes_in_user_o(aes_in_user[2*l*AUW +: 2*AUW]),
      .aes_out_valid_i(aes_out_valid[2*l +: 2]), .aes_out_ready_o(aes_out_ready[2*l +: 2]),
      .aes_out_data_i(aes_out_data[2*l*128 +: 2*128]),
      .aes_out_user_i(aes_out_user[2*l*AUW +: 2*AUW])
    );
  end

  // ---------------------------------------------------------------- shared AES datapath
  // One pipelined AES for the cipher and CMAC engines of all lanes: each engine keeps one port
  // (own key schedule, input register, return FIFO), so a lane's serial CBC-encrypt or CMAC
  // chain takes one pipeline slot per block and the other slots carry other lanes' blocks.
  if (EXT_AES) begin : g_shared_aes
    vcrypto_aes_stream #(
      .PIPELINED (1'b1),
      .DECRYPT   (1'b1),
      .USER_W    (AUW),
      .NUM_PORTS (NAP),
      .RET_DEPTH (16)
    ) u_aes (
      .clk_i        (clk_i),
      .rst_i        (core_rst),
      .flush_i      (aes_flush),
      .key_valid_i  (aes_key_valid),
      .key_ready_o  (aes_key_ready),
      .key_i        (aes_key),
      .key_len_i    (aes_key_len),
      .in_valid_i   (aes_in_valid),
      .in_ready_o   (aes_in_ready),
      .in_data_i    (aes_in_data),
      .in_decrypt_i (aes_in_decrypt),
      .in_user_i    (aes_in_user),
      .out_valid_o  (aes_out_valid),
      .out_ready_i  (aes_out_ready),
      .out_data_o   (aes_out_data),
      .out_user_o   (aes_out_user)
    );
  end else begin : g_lane_aes
    // every lane has its own datapath: the shared ports are not used
    assign aes_key_ready = '0;
    assign aes_in_ready  = '0;
    assign aes_out_valid = '0;
    assign aes_out_data  = '0;
    assign aes_out_user  = '0;
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_aes;
    assign unused_aes = ^{aes_flush, aes_key_valid, aes_key, aes_key_len, aes_in_valid,
                          aes_in_data, aes_in_decrypt, aes_in_user, aes_out_ready};
    /* verilator lint_on UNUSEDSIGNAL */
  end

  // queue reset acks: each queue's from its own lane; device needs reset when any lane does
  always_comb begin
    q_reset_ack = '0;
    for (int l = 0; l < NUM_LANES; l++) q_reset_ack |= l_q_reset_ack[l] & own_mask(l);
  end
  assign needs_reset = |l_needs_reset;

  // used-buffer interrupts: the lanes take turns (round-robin) at the front-end's MSI-X sender
  logic            irq_arb_valid;
  logic [LIDXW-1:0] irq_arb_idx;
  vcrypto_dma_rr_arb #(.N(NUM_LANES)) u_irq_arb (
    .clk_i, .rst_i(core_rst), .req_i(l_irq_valid), .accept_i(fe_irq_ready),
    .valid_o(irq_arb_valid), .idx_o(irq_arb_idx)
  );
  assign vq_irq_valid = irq_arb_valid;
  assign vq_irq_qid   = l_irq_qid[irq_arb_idx];
  always_comb begin
    l_irq_ready = '0;
    l_irq_ready[irq_arb_idx] = fe_irq_ready && irq_arb_valid;
  end

  // ---------------------------------------------------------------- sessions
  // Created, destroyed and written by the control queue's lane; looked up and read by every lane.
  vcrypto_sess_store #(.NUM_SESSIONS(NUM_SESSIONS), .PARAM_W(128), .NUM_PORTS(NUM_LANES)) u_sess (
    .clk_i, .rst_i(core_rst),
    .alloc_ok_o(ss_alloc_ok), .alloc_slot_o(ss_alloc_slot),
    .create_i(l_ss_create[CTRL_LANE]), .create_slot_i(l_ss_slot[CTRL_LANE]),
    .create_param_i(l_ss_param[CTRL_LANE]),
    .destroy_i(l_ss_destroy[CTRL_LANE]), .destroy_slot_i(l_ss_slot[CTRL_LANE]),
    .lookup_slot_i(ss_lookup_slot), .lookup_valid_o(ss_lookup_valid),
    .lookup_gen_o(ss_lookup_gen), .lookup_param_o(ss_lookup_param),
    .key_we_i(l_ss_key_we[CTRL_LANE]), .key_waddr_i(ss_key_raddr[CTRL_LANE*(SW+5) +: SW+5]),
    .key_wdata_i(l_ss_key_wdata[CTRL_LANE]),
    .key_raddr_i(ss_key_raddr), .key_rdata_o(ss_key_rdata)
  );

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_top;
  assign unused_top = ^{l_busy, l_ss_create, l_ss_destroy, l_ss_key_we};
  /* verilator lint_on UNUSEDSIGNAL */
endmodule
