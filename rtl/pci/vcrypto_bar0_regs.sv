// vcrypto_bar0_regs: BAR0 register file behind an AXI4-Lite slave.
// Common cfg (0x0000), ISR (0x1000), device cfg (0x2000), notify (0x3000), MSI-X table (0x4000)
// and PBA (0x6000, up to 512 vectors). A second access port (the PCI_CFG window of config space) shares the
// register file; it is served in cycles where no AXI access fires.
module vcrypto_bar0_regs #(
  // Number of data queues; the control queue has index NUM_DATAQ.
  parameter int unsigned NUM_DATAQ = 4,
  // Largest queue size the device offers (power of two).
  parameter int unsigned QSIZE_MAX = 256,
  // Number of MSI-X table entries (1..512).
  parameter int unsigned MSIX_VECTORS = 8
) (
  input  logic                      clk_i,
  input  logic                      rst_i,

  // ---------------- AXI4-Lite slave (offset within BAR0)
  input  logic [14:0]               s_axil_awaddr,
  input  logic                      s_axil_awvalid,
  output logic                      s_axil_awready,
  input  logic [31:0]               s_axil_wdata,
  input  logic [3:0]                s_axil_wstrb,
  input  logic                      s_axil_wvalid,
  output logic                      s_axil_wready,
  output logic [1:0]                s_axil_bresp,
  output logic                      s_axil_bvalid,
  input  logic                      s_axil_bready,
  input  logic [14:0]               s_axil_araddr,
  input  logic                      s_axil_arvalid,
  output logic                      s_axil_arready,
  output logic [31:0]               s_axil_rdata,
  output logic [1:0]                s_axil_rresp,
  output logic                      s_axil_rvalid,
  input  logic                      s_axil_rready,

  // ---------------- PCI_CFG window port: one-cycle request, one-cycle done (with read data)
  input  logic                      win_req_i,
  input  logic                      win_write_i,
  input  logic [14:0]               win_addr_i,
  input  logic [31:0]               win_wdata_i,
  input  logic [3:0]                win_wstrb_i,
  output logic                      win_done_o,
  output logic [31:0]               win_rdata_o,

  // ---------------- core side
  output logic                      dev_reset_o,
  output logic                      driver_ok_o,
  output logic [63:0]               features_o,
  output logic [NUM_DATAQ:0]        q_enable_o,
  output logic [(NUM_DATAQ+1)*16-1:0] q_size_o,
  output logic [(NUM_DATAQ+1)*64-1:0] q_desc_o,
  output logic [(NUM_DATAQ+1)*64-1:0] q_driver_o,
  output logic [(NUM_DATAQ+1)*64-1:0] q_device_o,
  output logic                      notify_valid_o,
  output logic [15:0]               notify_qid_o,
  output logic [15:0]               notify_data_o,   // data[31:16] of a 32-bit notify write
  output logic [NUM_DATAQ:0]        q_reset_req_o,   // level: queue_reset in progress
  input  logic [NUM_DATAQ:0]        q_reset_ack_i,   // pulse: the core dropped the queue
  input  logic                      needs_reset_i,

  // ---------------- interrupt side
  input  logic                      msix_en_i,
  input  logic                      intx_disable_i,
  input  logic [1:0]                isr_set_i,      // bit0 queue, bit1 config
  input  logic [MSIX_VECTORS-1:0]   pba_i,
  output logic                      intx_o,
  output logic                      isr_pending_o,  // ISR != 0 (PCI status bit 3 source)
  output logic                      cfg_irq_o,      // pulse: raise a config interrupt
  output logic [15:0]               config_vec_o,
  output logic [(NUM_DATAQ+1)*16-1:0] q_vec_o,
  output logic [MSIX_VECTORS*64-1:0] tbl_addr_o,
  output logic [MSIX_VECTORS*32-1:0] tbl_data_o,
  output logic [MSIX_VECTORS-1:0]   tbl_mask_o
);
  localparam int unsigned NQ = NUM_DATAQ + 1;
  localparam logic [15:0] QSIZE_MAX16 = 16'(QSIZE_MAX);
  localparam logic [15:0] NQ16 = 16'(NQ);
  localparam logic [15:0] NVEC16 = 16'(MSIX_VECTORS);
  localparam logic [15:0] MSIX_NO_VECTOR_L = vcrypto_pkg::MSIX_NO_VECTOR;
  localparam logic [63:0] DEV_FEAT = vcrypto_pkg::DEV_FEATURES;

  // ------------------------------------------------------------------ byte-merge helpers
  function automatic logic [31:0] merge32(input logic [31:0] old, input logic [31:0] wd,
                                          input logic [3:0] be);
    logic [31:0] r;
    for (int b = 0; b < 4; b++) r[8*b +: 8] = be[b] ? wd[8*b +: 8] : old[8*b +: 8];
    merge32 = r;
  endfunction

  function automatic logic [15:0] merge16(input logic [15:0] old, input logic [15:0] wd,
                                          input logic [1:0] be);
    merge16 = {be[1] ? wd[15:8] : old[15:8], be[0] ? wd[7:0] : old[7:0]};
  endfunction

  // queue_size the device accepts: 1..QSIZE_MAX, and a power of two unless the ring is packed
  function automatic logic qsize_ok(input logic [15:0] v, input logic packed_ring);
    qsize_ok = (v != 16'd0) && (v <= QSIZE_MAX16) &&
               (packed_ring || ((v & (v - 16'd1)) == 16'd0));
  endfunction

  // ------------------------------------------------------------------ state
  // AXI
  logic        awready_q, awready_d;
  logic        bvalid_q, bvalid_d;
  logic        arready_q, arready_d;
  logic        rvalid_q, rvalid_d;
  logic [31:0] rdata_q, rdata_d;
  // window
  logic        win_pend_q, win_pend_d;
  logic        win_write_q, win_write_d;
  logic [14:0] win_addr_q, win_addr_d;
  logic [31:0] win_wdata_q, win_wdata_d;
  logic [3:0]  win_wstrb_q, win_wstrb_d;
  logic        win_done_q, win_done_d;
  logic [31:0] win_rdata_q, win_rdata_d;
  // common cfg
  logic [31:0] dfsel_q, dfsel_d;
  logic [31:0] gfsel_q, gfsel_d;
  logic [63:0] gfeat_q, gfeat_d;
  logic [63:0] feat_ok_q, feat_ok_d;
  logic [15:0] cfgvec_q, cfgvec_d;
  logic [7:0]  status_q, status_d;
  logic [15:0] qsel_q, qsel_d;
  logic [NQ*16-1:0] qsize_q, qsize_d;
  logic [NQ*16-1:0] qvec_q, qvec_d;
  logic [NQ-1:0]    qen_q, qen_d;
  logic [NQ*64-1:0] qdesc_q, qdesc_d;
  logic [NQ*64-1:0] qdrv_q, qdrv_d;
  logic [NQ*64-1:0] qdev_q, qdev_d;
  logic [NQ-1:0]    qrst_q, qrst_d;    // queue_reset in progress (RING_RESET)
  logic [7:0]  isr_q, isr_d;
  logic        dev_reset_q, dev_reset_d;
  logic        cfg_irq_q, cfg_irq_d;
  logic        notify_q, notify_d;
  logic [15:0] notify_qid_q, notify_qid_d;
  logic [15:0] notify_data_q, notify_data_d;
  logic        intx_q, intx_d;
  // MSI-X table
  logic [MSIX_VECTORS*64-1:0] taddr_q, taddr_d;
  logic [MSIX_VECTORS*32-1:0] tdata_q, tdata_d;
  logic [MSIX_VECTORS-1:0]    tmask_q, tmask_d;

  // ------------------------------------------------------------------ access selection
  logic        ax_wr_fire, ax_rd_fire, win_slot;
  logic        wr_en, rd_en;
  logic [14:0] wr_addr, rd_addr;
  logic [31:0] wr_data;
  logic [3:0]  wr_strb;
  logic [31:0] rd_val;

  always_comb begin
    ax_wr_fire = awready_q & s_axil_awvalid & s_axil_wvalid;
    ax_rd_fire = arready_q & s_axil_arvalid;
    win_slot   = win_pend_q & ~awready_q & ~arready_q;
    wr_en   = ax_wr_fire | (win_slot & win_write_q);
    wr_addr = ax_wr_fire ? s_axil_awaddr : win_addr_q;
    wr_data = ax_wr_fire ? s_axil_wdata  : win_wdata_q;
    wr_strb = ax_wr_fire ? s_axil_wstrb  : win_wstrb_q;
    rd_en   = ax_rd_fire | (win_slot & ~win_write_q);
    rd_addr = ax_rd_fire ? s_axil_araddr : win_addr_q;
  end

  // ------------------------------------------------------------------ selected-queue views
  logic [15:0] sel_size, sel_vec, sel_notify_off;
  logic        sel_en, sel_rst;
  logic [63:0] sel_desc, sel_drv, sel_dev;

  always_comb begin
    sel_size = '0;
    sel_vec = MSIX_NO_VECTOR_L;
    sel_en = 1'b0;
    sel_rst = 1'b0;
    sel_desc = '0;
    sel_drv = '0;
    sel_dev = '0;
    sel_notify_off = '0;
    for (int q = 0; q < NQ; q++) begin
      if (qsel_q == 16'(q)) begin
        sel_size = qsize_q[q*16 +: 16];
        sel_vec  = qvec_q[q*16 +: 16];
        sel_en   = qen_q[q];
        sel_rst  = qrst_q[q];
        sel_desc = qdesc_q[q*64 +: 64];
        sel_drv  = qdrv_q[q*64 +: 64];
        sel_dev  = qdev_q[q*64 +: 64];
        sel_notify_off = 16'(q);
      end
    end
  end

  // ------------------------------------------------------------------ read mux
  always_comb begin
    rd_val = 32'h0;
    unique case (rd_addr[14:12])
      3'd0: begin  // common cfg
        if (rd_addr[11:6] == 6'd0) begin
          unique case (rd_addr[5:2])
            4'h0: rd_val = dfsel_q;
            4'h1: rd_val = (dfsel_q == 32'd0) ? DEV_FEAT[31:0] :
                           (dfsel_q == 32'd1) ? DEV_FEAT[63:32] : 32'h0;
            4'h2: rd_val = gfsel_q;
            4'h3: rd_val = (gfsel_q == 32'd0) ? gfeat_q[31:0] :
                           (gfsel_q == 32'd1) ? gfeat_q[63:32] : 32'h0;
            4'h4: rd_val = {NQ16, cfgvec_q};
            4'h5: rd_val = {qsel_q, 8'h00, status_q};  // config_generation is constant 0
            4'h6: rd_val = {sel_vec, sel_size};
            4'h7: rd_val = {sel_notify_off, 15'h0, sel_en};
            4'h8: rd_val = sel_desc[31:0];
            4'h9: rd_val = sel_desc[63:32];
            4'hA: rd_val = sel_drv[31:0];
            4'hB: rd_val = sel_drv[63:32];
            4'hC: rd_val = sel_dev[31:0];
            4'hD: rd_val = sel_dev[63:32];
            // queue_notif_config_data (0x38) reads 0; queue_reset (0x3A)
            4'hE: rd_val = {15'h0, sel_rst, 16'h0};
            default: rd_val = 32'h0;  // admin queue fields
          endcase
        end
      end
      3'd1: begin  // ISR
        if (rd_addr[11:2] == 10'd0) rd_val = {24'h0, isr_q};
      end
      3'd2: begin  // device cfg
        if (rd_addr[11:6] == 6'd0) begin
          unique case (rd_addr[5:2])
            4'h0: rd_val = vcrypto_pkg::CRYPTO_S_HW_READY;
            4'h1: rd_val = 32'(NUM_DATAQ);
            4'h2: rd_val = vcrypto_pkg::CFG_CRYPTO_SERVICES;
            4'h3: rd_val = vcrypto_pkg::CFG_CIPHER_ALGO_L;
            4'h4: rd_val = vcrypto_pkg::CFG_CIPHER_ALGO_H;
            4'h5: rd_val = vcrypto_pkg::CFG_HASH_ALGO;
            4'h6: rd_val = vcrypto_pkg::CFG_MAC_ALGO_L;
            4'h7: rd_val = vcrypto_pkg::CFG_MAC_ALGO_H;
            4'h8: rd_val = vcrypto_pkg::CFG_AEAD_ALGO;
            4'h9: rd_val = vcrypto_pkg::CFG_MAX_CIPHER_KEY_LEN;
            4'hA: rd_val = vcrypto_pkg::CFG_MAX_AUTH_KEY_LEN;
            4'hB: rd_val = vcrypto_pkg::CFG_AKCIPHER_ALGO;
            4'hC: rd_val = vcrypto_pkg::CFG_MAX_SIZE[31:0];
            4'hD: rd_val = vcrypto_pkg::CFG_MAX_SIZE[63:32];
            default: rd_val = 32'h0;
          endcase
        end
      end
      3'd4, 3'd5: begin  // MSI-X table
        for (int v = 0; v < MSIX_VECTORS; v++) begin
          if (rd_addr[12:4] == 9'(v)) begin
            unique case (rd_addr[3:2])
              2'd0: rd_val = taddr_q[v*64 +: 32];
              2'd1: rd_val = taddr_q[v*64+32 +: 32];
              2'd2: rd_val = tdata_q[v*32 +: 32];
              default: rd_val = {31'h0, tmask_q[v]};
            endcase
          end
        end
      end
      3'd6: begin  // PBA
        for (int v = 0; v < MSIX_VECTORS; v++) begin
          if (rd_addr[11:2] == 10'(v / 32)) rd_val[v % 32] = pba_i[v];
        end
      end
      default: rd_val = 32'h0;  // notify region and unmapped space read 0
    endcase
  end

  // ------------------------------------------------------------------ next state
  logic        do_reset;
  logic [63:0] feat_new;
  logic [7:0]  st_wr;
  logic [15:0] v16;
  logic [31:0] w32;  // merged MSI-X address dword
  logic        packed_neg, rst_neg, notif_data_neg;

  // negotiated features (feat_ok_q is 0 until FEATURES_OK was accepted)
  always_comb begin
    packed_neg     = feat_ok_q[vcrypto_pkg::F_RING_PACKED];
    rst_neg        = feat_ok_q[vcrypto_pkg::F_RING_RESET];
    notif_data_neg = feat_ok_q[vcrypto_pkg::F_NOTIFICATION_DATA];
  end

  always_comb begin
    // AXI handshakes (registered ready pulses, classic single-outstanding slave)
    awready_d = s_axil_awvalid & s_axil_wvalid & ~awready_q & ~bvalid_q;
    bvalid_d  = ax_wr_fire | (bvalid_q & ~s_axil_bready);
    arready_d = s_axil_arvalid & ~arready_q & ~rvalid_q;
    rvalid_d  = ax_rd_fire | (rvalid_q & ~s_axil_rready);
    rdata_d   = ax_rd_fire ? rd_val : rdata_q;

    // window
    win_pend_d  = win_pend_q;
    win_write_d = win_write_q;
    win_addr_d  = win_addr_q;
    win_wdata_d = win_wdata_q;
    win_wstrb_d = win_wstrb_q;
    win_done_d  = 1'b0;
    win_rdata_d = win_rdata_q;
    if (win_slot) begin
      win_pend_d  = 1'b0;
      win_done_d  = 1'b1;
      win_rdata_d = win_write_q ? 32'h0 : rd_val;
    end
    if (win_req_i) begin
      win_pend_d  = 1'b1;
      win_write_d = win_write_i;
      win_addr_d  = win_addr_i;
      win_wdata_d = win_wdata_i;
      win_wstrb_d = win_wstrb_i;
    end

    // registers
    dfsel_d   = dfsel_q;
    gfsel_d   = gfsel_q;
    gfeat_d   = gfeat_q;
    feat_ok_d = feat_ok_q;
    cfgvec_d  = cfgvec_q;
    status_d  = status_q;
    qsel_d    = qsel_q;
    qsize_d   = qsize_q;
    qvec_d    = qvec_q;
    qen_d     = qen_q;
    qdesc_d   = qdesc_q;
    qdrv_d    = qdrv_q;
    qdev_d    = qdev_q;
    qrst_d    = qrst_q;
    taddr_d   = taddr_q;
    tdata_d   = tdata_q;
    tmask_d   = tmask_q;
    cfg_irq_d = 1'b0;
    notify_d  = 1'b0;
    notify_qid_d = notify_qid_q;
    notify_data_d = notify_data_q;
    do_reset  = 1'b0;
    feat_new  = gfeat_q;
    st_wr     = 8'h0;
    v16       = 16'h0;
    w32       = 32'h0;

    // ISR: read clears, set wins
    isr_d = isr_q;
    if (rd_en && rd_addr[14:12] == 3'd1 && rd_addr[11:2] == 10'd0) isr_d = 8'h0;
    isr_d = isr_d | {6'h0, isr_set_i};

    // needs_reset from the core
    if (needs_reset_i) begin
      status_d  = status_d | vcrypto_pkg::DEV_STATUS_NEEDS_RESET;
      cfg_irq_d = (status_q & vcrypto_pkg::DEV_STATUS_DRIVER_OK) != 8'h0;
    end

    if (wr_en) begin
      unique case (wr_addr[14:12])
        3'd0: begin
          if (wr_addr[11:6] == 6'd0) begin
            unique case (wr_addr[5:2])
              4'h0: dfsel_d = merge32(dfsel_q, wr_data, wr_strb);
              4'h2: gfsel_d = merge32(gfsel_q, wr_data, wr_strb);
              4'h3: begin
                // driver features are frozen once FEATURES_OK was accepted
                if ((status_q & vcrypto_pkg::DEV_STATUS_FEATURES_OK) == 8'h0) begin
                  if (gfsel_q == 32'd0) gfeat_d[31:0]  = merge32(gfeat_q[31:0], wr_data, wr_strb);
                  if (gfsel_q == 32'd1) gfeat_d[63:32] = merge32(gfeat_q[63:32], wr_data, wr_strb);
                end
              end
              4'h4: begin
                if (wr_strb[1:0] != 2'b00) begin
                  v16 = merge16(cfgvec_q, wr_data[15:0], wr_strb[1:0]);
                  cfgvec_d = (v16 < NVEC16) ? v16 : MSIX_NO_VECTOR_L;
                end
              end
              4'h5: begin
                if (wr_strb[3:2] != 2'b00) qsel_d = merge16(qsel_q, wr_data[31:16], wr_strb[3:2]);
                if (wr_strb[0]) begin
                  st_wr = wr_data[7:0];
                  if (st_wr == 8'h0) begin
                    do_reset = 1'b1;
                  end else begin
                    // NEEDS_RESET is owned by the device
                    status_d = (st_wr & ~vcrypto_pkg::DEV_STATUS_NEEDS_RESET) |
                               (status_d & vcrypto_pkg::DEV_STATUS_NEEDS_RESET);
                    if ((st_wr & vcrypto_pkg::DEV_STATUS_FEATURES_OK) != 8'h0 &&
                        (status_q & vcrypto_pkg::DEV_STATUS_FEATURES_OK) == 8'h0) begin
                      feat_new = gfeat_q;
                      if (((feat_new & ~DEV_FEAT) == 64'h0) &&
                          feat_new[vcrypto_pkg::F_VERSION_1] &&
                          (feat_new[4:1] == 4'h0 || feat_new[vcrypto_pkg::F_REVISION_1])) begin
                        feat_ok_d = feat_new;
                      end else begin
                        status_d = status_d & ~vcrypto_pkg::DEV_STATUS_FEATURES_OK;
                      end
                    end
                  end
                end
              end
              4'h6: begin
                for (int q = 0; q < NQ; q++) begin
                  if (qsel_q == 16'(q)) begin
                    if (wr_strb[1:0] != 2'b00) begin
                      v16 = merge16(qsize_q[q*16 +: 16], wr_data[15:0], wr_strb[1:0]);
                      if (qsize_ok(v16, packed_neg)) qsize_d[q*16 +: 16] = v16;
                    end
                    if (wr_strb[3:2] != 2'b00) begin
                      v16 = merge16(qvec_q[q*16 +: 16], wr_data[31:16], wr_strb[3:2]);
                      qvec_d[q*16 +: 16] = (v16 < NVEC16) ? v16 : MSIX_NO_VECTOR_L;
                    end
                  end
                end
              end
              4'h7: begin
                // queue_enable: only 1 is accepted (the driver never writes 0), and not while
                // a queue reset of that queue is in progress
                for (int q = 0; q < NQ; q++) begin
                  if (qsel_q == 16'(q) && wr_strb[1:0] != 2'b00 && !qrst_q[q]) begin
                    v16 = merge16({15'h0, qen_q[q]}, wr_data[15:0], wr_strb[1:0]);
                    if (v16 == 16'd1) qen_d[q] = 1'b1;
                  end
                end
              end
              4'h8, 4'h9, 4'hA, 4'hB, 4'hC, 4'hD: begin
                for (int q = 0; q < NQ; q++) begin
                  if (qsel_q == 16'(q)) begin
                    unique case (wr_addr[5:2])
                      4'h8: qdesc_d[q*64 +: 32]      = merge32(qdesc_q[q*64 +: 32], wr_data, wr_strb);
                      4'h9: qdesc_d[q*64 + 32 +: 32] = merge32(qdesc_q[q*64 + 32 +: 32], wr_data, wr_strb);
                      4'hA: qdrv_d[q*64 +: 32]       = merge32(qdrv_q[q*64 +: 32], wr_data, wr_strb);
                      4'hB: qdrv_d[q*64 + 32 +: 32]  = merge32(qdrv_q[q*64 + 32 +: 32], wr_data, wr_strb);
                      4'hC: qdev_d[q*64 +: 32]       = merge32(qdev_q[q*64 +: 32], wr_data, wr_strb);
                      default: qdev_d[q*64 + 32 +: 32] = merge32(qdev_q[q*64 + 32 +: 32], wr_data, wr_strb);
                    endcase
                  end
                end
              end
              4'hE: begin
                // queue_reset (0x3A, upper half; 0x38 queue_notif_config_data is read-only):
                // writing 1 starts the reset of the selected queue when RING_RESET was
                // negotiated; the request stays up until the core acks (below)
                for (int q = 0; q < NQ; q++) begin
                  if (qsel_q == 16'(q) && wr_strb[3:2] != 2'b00 && rst_neg) begin
                    v16 = merge16({15'h0, qrst_q[q]}, wr_data[31:16], wr_strb[3:2]);
                    if (v16 == 16'd1) qrst_d[q] = 1'b1;
                  end
                end
              end
              default: ;  // read-only fields
            endcase
          end
        end
        3'd3: begin  // notify: le16 queue index, or le32 {next_off/next_wrap, index}
          if (wr_addr[11:0] < 12'(4 * NQ) && wr_strb[1:0] != 2'b00) begin
            notify_d      = 1'b1;
            notify_qid_d  = wr_data[15:0];
            notify_data_d = (notif_data_neg && wr_strb[3:2] == 2'b11) ? wr_data[31:16] : 16'h0;
          end
        end
        3'd4, 3'd5: begin  // MSI-X table
          for (int v = 0; v < MSIX_VECTORS; v++) begin
            if (wr_addr[12:4] == 9'(v)) begin
              unique case (wr_addr[3:2])
                2'd0: begin
                  w32 = merge32(taddr_q[v*64 +: 32], wr_data, wr_strb);
                  taddr_d[v*64 +: 32] = {w32[31:2], 2'b00};
                end
                2'd1: taddr_d[v*64 + 32 +: 32] = merge32(taddr_q[v*64 + 32 +: 32], wr_data, wr_strb);
                2'd2: tdata_d[v*32 +: 32] = merge32(tdata_q[v*32 +: 32], wr_data, wr_strb);
                default: if (wr_strb[0]) tmask_d[v] = wr_data[0];
              endcase
            end
          end
        end
        default: ;  // ISR, device cfg, PBA: read-only
      endcase
    end

    // queue reset done: the core dropped the queue's ring state; queue_reset and queue_enable
    // read 0 and the queue's registers are back at their reset values
    for (int q = 0; q < NQ; q++) begin
      if (qrst_q[q] && q_reset_ack_i[q]) begin
        qrst_d[q]           = 1'b0;
        qen_d[q]            = 1'b0;
        qsize_d[q*16 +: 16] = QSIZE_MAX16;
        qvec_d[q*16 +: 16]  = MSIX_NO_VECTOR_L;
        qdesc_d[q*64 +: 64] = '0;
        qdrv_d[q*64 +: 64]  = '0;
        qdev_d[q*64 +: 64]  = '0;
      end
    end

    // device reset: every virtio register back to its reset value
    if (do_reset) begin
      dfsel_d   = '0;
      gfsel_d   = '0;
      gfeat_d   = '0;
      feat_ok_d = '0;
      cfgvec_d  = MSIX_NO_VECTOR_L;
      status_d  = '0;
      qsel_d    = '0;
      qsize_d   = {NQ{QSIZE_MAX16}};
      qvec_d    = {NQ{MSIX_NO_VECTOR_L}};
      qen_d     = '0;
      qdesc_d   = '0;
      qdrv_d    = '0;
      qdev_d    = '0;
      qrst_d    = '0;
      isr_d     = '0;
      cfg_irq_d = 1'b0;
      notify_d  = 1'b0;
    end
    dev_reset_d = do_reset;

    intx_d = (isr_d != 8'h0) & ~msix_en_i & ~intx_disable_i;
  end

  // ------------------------------------------------------------------ registers
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      awready_q   <= 1'b0;
      bvalid_q    <= 1'b0;
      arready_q   <= 1'b0;
      rvalid_q    <= 1'b0;
      rdata_q     <= '0;
      win_pend_q  <= 1'b0;
      win_write_q <= 1'b0;
      win_addr_q  <= '0;
      win_wdata_q <= '0;
      win_wstrb_q <= '0;
      win_done_q  <= 1'b0;
      win_rdata_q <= '0;
      dfsel_q     <= '0;
      gfsel_q     <= '0;
      gfeat_q     <= '0;
      feat_ok_q   <= '0;
      cfgvec_q    <= MSIX_NO_VECTOR_L;
      status_q    <= '0;
      qsel_q      <= '0;
      qsize_q     <= {NQ{QSIZE_MAX16}};
      qvec_q      <= {NQ{MSIX_NO_VECTOR_L}};
      qen_q       <= '0;
      qdesc_q     <= '0;
      qdrv_q      <= '0;
      qdev_q      <= '0;
      qrst_q      <= '0;
      isr_q       <= '0;
      dev_reset_q <= 1'b1;
      cfg_irq_q   <= 1'b0;
      notify_q    <= 1'b0;
      notify_qid_q <= '0;
      notify_data_q <= '0;
      intx_q      <= 1'b0;
      taddr_q     <= '0;
      tdata_q     <= '0;
      tmask_q     <= '1;
    end else begin
      awready_q   <= awready_d;
      bvalid_q    <= bvalid_d;
      arready_q   <= arready_d;
      rvalid_q    <= rvalid_d;
      rdata_q     <= rdata_d;
      win_pend_q  <= win_pend_d;
      win_write_q <= win_write_d;
      win_addr_q  <= win_addr_d;
      win_wdata_q <= win_wdata_d;
      win_wstrb_q <= win_wstrb_d;
      win_done_q  <= win_done_d;
      win_rdata_q <= win_rdata_d;
      dfsel_q     <= dfsel_d;
      gfsel_q     <= gfsel_d;
      gfeat_q     <= gfeat_d;
      feat_ok_q   <= feat_ok_d;
      cfgvec_q    <= cfgvec_d;
      status_q    <= status_d;
      qsel_q      <= qsel_d;
      qsize_q     <= qsize_d;
      qvec_q      <= qvec_d;
      qen_q       <= qen_d;
      qdesc_q     <= qdesc_d;
      qdrv_q      <= qdrv_d;
      qdev_q      <= qdev_d;
      qrst_q      <= qrst_d;
      isr_q       <= isr_d;
      dev_reset_q <= dev_reset_d;
      cfg_irq_q   <= cfg_irq_d;
      notify_q    <= notify_d;
      notify_qid_q <= notify_qid_d;
      notify_data_q <= notify_data_d;
      intx_q      <= intx_d;
      taddr_q     <= taddr_d;
      tdata_q     <= tdata_d;
      tmask_q     <= tmask_d;
    end
  end

  // ------------------------------------------------------------------ outputs
  // reads return whole dwords; MSI-X address bits [1:0] are reserved zero
  logic unused_bits;
  assign unused_bits = ^{rd_addr[1:0], w32[1:0]};

  assign s_axil_awready = awready_q;
  assign s_axil_wready  = awready_q;
  assign s_axil_bresp   = vcrypto_pkg::AXI_RESP_OKAY;
  assign s_axil_bvalid  = bvalid_q;
  assign s_axil_arready = arready_q;
  assign s_axil_rdata   = rdata_q;
  assign s_axil_rresp   = vcrypto_pkg::AXI_RESP_OKAY;
  assign s_axil_rvalid  = rvalid_q;

  assign win_done_o  = win_done_q;
  assign win_rdata_o = win_rdata_q;

  assign dev_reset_o    = dev_reset_q;
  assign driver_ok_o    = status_q[2] & ~status_q[6];
  assign features_o     = feat_ok_q;
  assign q_enable_o     = qen_q;
  assign q_size_o       = qsize_q;
  assign q_desc_o       = qdesc_q;
  assign q_driver_o     = qdrv_q;
  assign q_device_o     = qdev_q;
  assign notify_valid_o = notify_q;
  assign notify_qid_o   = notify_qid_q;
  assign notify_data_o  = notify_data_q;
  assign q_reset_req_o  = qrst_q;

  assign intx_o        = intx_q;
  assign isr_pending_o = isr_q != 8'h0;
  assign cfg_irq_o     = cfg_irq_q;
  assign config_vec_o  = cfgvec_q;
  assign q_vec_o       = qvec_q;
  assign tbl_addr_o    = taddr_q;
  assign tbl_data_o    = tdata_q;
  assign tbl_mask_o    = tmask_q;
endmodule
