// vcrypto_pci_frontend: PCI front-end of the virtio-crypto device.
// Config space (vcrypto_pci_cfg), BAR0 register file (vcrypto_bar0_regs) and interrupt
// delivery (vcrypto_irq). Signals to the core follow docs/design.md "PCI front-end -> core".
module vcrypto_pci_frontend #(
  // Width of the DMA data bus in bits (the MSI-X message is one beat packed from lane 0).
  parameter int unsigned DATA_WIDTH = 128,
  // Number of data queues (1..16 verified; the notify page allows up to 1023); the control
  // queue has index NUM_DATAQ.
  parameter int unsigned NUM_DATAQ = 4,
  // Largest queue size the device offers (power of two).
  parameter int unsigned QSIZE_MAX = 256,
  // Number of MSI-X table entries (1..512: table 0x4000..0x5FFF, PBA 0x6000); any event can
  // be mapped to any of them.
  parameter int unsigned MSIX_VECTORS = 8
) (
  input  logic                          clk_i,
  input  logic                          rst_i,

  // ---------------- PCI configuration space
  input  logic                          cfg_valid_i,
  input  logic                          cfg_write_i,
  input  logic [11:0]                   cfg_addr_i,
  input  logic [31:0]                   cfg_wdata_i,
  input  logic [3:0]                    cfg_be_i,
  output logic                          cfg_rvalid_o,
  output logic [31:0]                   cfg_rdata_o,

  output logic [63:0]                   bar0_base_o,
  output logic                          mem_enable_o,
  output logic                          bus_master_enable_o,

  // ---------------- BAR0 AXI4-Lite slave
  input  logic [14:0]                   s_axil_awaddr,
  input  logic                          s_axil_awvalid,
  output logic                          s_axil_awready,
  input  logic [31:0]                   s_axil_wdata,
  input  logic [3:0]                    s_axil_wstrb,
  input  logic                          s_axil_wvalid,
  output logic                          s_axil_wready,
  output logic [1:0]                    s_axil_bresp,
  output logic                          s_axil_bvalid,
  input  logic                          s_axil_bready,
  input  logic [14:0]                   s_axil_araddr,
  input  logic                          s_axil_arvalid,
  output logic                          s_axil_arready,
  output logic [31:0]                   s_axil_rdata,
  output logic [1:0]                    s_axil_rresp,
  output logic                          s_axil_rvalid,
  input  logic                          s_axil_rready,

  output logic                          intx_o,

  // ---------------- core side
  output logic                          dev_reset_o,
  output logic                          driver_ok_o,
  output logic [63:0]                   features_o,
  output logic [NUM_DATAQ:0]            q_enable_o,
  output logic [(NUM_DATAQ+1)*16-1:0]   q_size_o,
  output logic [(NUM_DATAQ+1)*64-1:0]   q_desc_o,
  output logic [(NUM_DATAQ+1)*64-1:0]   q_driver_o,
  output logic [(NUM_DATAQ+1)*64-1:0]   q_device_o,
  output logic                          notify_valid_o,
  output logic [15:0]                   notify_qid_o,
  output logic [15:0]                   notify_data_o,
  output logic [NUM_DATAQ:0]            q_reset_req_o,
  input  logic [NUM_DATAQ:0]            q_reset_ack_i,
  input  logic                          irq_valid_i,
  output logic                          irq_ready_o,
  input  logic                          irq_config_i,
  input  logic [15:0]                   irq_qid_i,
  input  logic                          needs_reset_i,

  // ---------------- DMA write client (MSI-X messages)
  output logic                          wr_cmd_valid_o,
  input  logic                          wr_cmd_ready_i,
  output logic [63:0]                   wr_cmd_addr_o,
  output logic [15:0]                   wr_cmd_len_o,
  output logic                          wr_data_valid_o,
  input  logic                          wr_data_ready_i,
  output logic [DATA_WIDTH-1:0]         wr_data_o,
  input  logic                          wr_done_i,
  input  logic                          wr_done_err_i
);
  localparam int unsigned NQ = NUM_DATAQ + 1;

`ifndef SYNTHESIS
  // Elaboration checks. notify: 4 bytes per queue inside the 4 KiB notify page
  // (cap.length = 4*NQ >= (NQ-1)*multiplier + 4, as NOTIFICATION_DATA requires).
  if (NUM_DATAQ < 1 || 4 * NQ > 4096) begin : g_bad_num_dataq
    $error("vcrypto_pci_frontend: NUM_DATAQ must be 1..1023");
  end
  // MSI-X table (16 B per entry) from 0x4000 must end before the PBA page at 0x6000.
  if (MSIX_VECTORS < 1 || MSIX_VECTORS > 512) begin : g_bad_msix_vectors
    $error("vcrypto_pci_frontend: MSIX_VECTORS must be 1..512");
  end
`endif

  logic                       intx_disable, msix_en, msix_fmask, isr_pending;
  logic                       win_req, win_write, win_done;
  logic [14:0]                win_addr;
  logic [31:0]                win_wdata, win_rdata;
  logic [3:0]                 win_wstrb;
  logic [1:0]                 isr_set;
  logic [MSIX_VECTORS-1:0]    pba, tbl_mask;
  logic                       cfg_irq;
  logic [15:0]                config_vec;
  logic [NQ*16-1:0]           q_vec;
  logic [MSIX_VECTORS*64-1:0] tbl_addr;
  logic [MSIX_VECTORS*32-1:0] tbl_data;

  vcrypto_pci_cfg #(
    .NUM_DATAQ    (NUM_DATAQ),
    .MSIX_VECTORS (MSIX_VECTORS)
  ) u_cfg (
    .clk_i               (clk_i),
    .rst_i               (rst_i),
    .cfg_valid_i         (cfg_valid_i),
    .cfg_write_i         (cfg_write_i),
    .cfg_addr_i          (cfg_addr_i),
    .cfg_wdata_i         (cfg_wdata_i),
    .cfg_be_i            (cfg_be_i),
    .cfg_rvalid_o        (cfg_rvalid_o),
    .cfg_rdata_o         (cfg_rdata_o),
    .bar0_base_o         (bar0_base_o),
    .mem_enable_o        (mem_enable_o),
    .bus_master_enable_o (bus_master_enable_o),
    .intx_disable_o      (intx_disable),
    .msix_en_o           (msix_en),
    .msix_fmask_o        (msix_fmask),
    .int_status_i        (isr_pending),
    .win_req_o           (win_req),
    .win_write_o         (win_write),
    .win_addr_o          (win_addr),
    .win_wdata_o         (win_wdata),
    .win_wstrb_o         (win_wstrb),
    .win_done_i          (win_done),
    .win_rdata_i         (win_rdata)
  );

  vcrypto_bar0_regs #(
    .NUM_DATAQ    (NUM_DATAQ),
    .QSIZE_MAX    (QSIZE_MAX),
    .MSIX_VECTORS (MSIX_VECTORS)
  ) u_regs (
    .clk_i          (clk_i),
    .rst_i          (rst_i),
    .s_axil_awaddr  (s_axil_awaddr),
    .s_axil_awvalid (s_axil_awvalid),
    .s_axil_awready (s_axil_awready),
    .s_axil_wdata   (s_axil_wdata),
    .s_axil_wstrb   (s_axil_wstrb),
    .s_axil_wvalid  (s_axil_wvalid),
    .s_axil_wready  (s_axil_wready),
    .s_axil_bresp   (s_axil_bresp),
    .s_axil_bvalid  (s_axil_bvalid),
    .s_axil_bready  (s_axil_bready),
    .s_axil_araddr  (s_axil_araddr),
    .s_axil_arvalid (s_axil_arvalid),
    .s_axil_arready (s_axil_arready),
    .s_axil_rdata   (s_axil_rdata),
    .s_axil_rresp   (s_axil_rresp),
    .s_axil_rvalid  (s_axil_rvalid),
    .s_axil_rready  (s_axil_rready),
    .win_req_i      (win_req),
    .win_write_i    (win_write),
    .win_addr_i     (win_addr),
    .win_wdata_i    (win_wdata),
    .win_wstrb_i    (win_wstrb),
    .win_done_o     (win_done),
    .win_rdata_o    (win_rdata),
    .dev_reset_o    (dev_reset_o),
    .driver_ok_o    (driver_ok_o),
    .features_o     (features_o),
    .q_enable_o     (q_enable_o),
    .q_size_o       (q_size_o),
    .q_desc_o       (q_desc_o),
    .q_driver_o     (q_driver_o),
    .q_device_o     (q_device_o),
    .notify_valid_o (notify_valid_o),
    .notify_qid_o   (notify_qid_o),
    .notify_data_o  (notify_data_o),
    .q_reset_req_o  (q_reset_req_o),
    .q_reset_ack_i  (q_reset_ack_i),
    .needs_reset_i  (needs_reset_i),
    .msix_en_i      (msix_en),
    .intx_disable_i (intx_disable),
    .isr_set_i      (isr_set),
    .pba_i          (pba),
    .intx_o         (intx_o),
    .isr_pending_o  (isr_pending),
    .cfg_irq_o      (cfg_irq),
    .config_vec_o   (config_vec),
    .q_vec_o        (q_vec),
    .tbl_addr_o     (tbl_addr),
    .tbl_data_o     (tbl_data),
    .tbl_mask_o     (tbl_mask)
  );

  vcrypto_irq #(
    .DATA_WIDTH   (DATA_WIDTH),
    .NUM_DATAQ    (NUM_DATAQ),
    .MSIX_VECTORS (MSIX_VECTORS)
  ) u_irq (
    .clk_i           (clk_i),
    .rst_i           (rst_i),
    .dev_reset_i     (dev_reset_o),
    .irq_valid_i     (irq_valid_i),
    .irq_ready_o     (irq_ready_o),
    .irq_config_i    (irq_config_i),
    .irq_qid_i       (irq_qid_i),
    .cfg_irq_i       (cfg_irq),
    .msix_en_i       (msix_en),
    .msix_fmask_i    (msix_fmask),
    .config_vec_i    (config_vec),
    .q_vec_i         (q_vec),
    .tbl_addr_i      (tbl_addr),
    .tbl_data_i      (tbl_data),
    .tbl_mask_i      (tbl_mask),
    .pba_o           (pba),
    .isr_set_o       (isr_set),
    .wr_cmd_valid_o  (wr_cmd_valid_o),
    .wr_cmd_ready_i  (wr_cmd_ready_i),
    .wr_cmd_addr_o   (wr_cmd_addr_o),
    .wr_cmd_len_o    (wr_cmd_len_o),
    .wr_data_valid_o (wr_data_valid_o),
    .wr_data_ready_i (wr_data_ready_i),
    .wr_data_o       (wr_data_o),
    .wr_done_i       (wr_done_i)
  );

  // The MSI-X write's error status has no effect on the function (the message is posted).
  logic unused_err;
  assign unused_err = wr_done_err_i;
endmodule
