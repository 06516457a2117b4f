// vcrypto_dma: AXI4 master DMA engine with client arbitration and byte realignment.
// NUM_RD read clients and NUM_WR write clients share one AXI4 master (64-bit addresses).
// Reads and writes run independently (one command of each kind at a time, clients served
// round-robin per command). See docs/design.md, "DMA engine", for the client protocol.
module vcrypto_dma #(
  // Width of the AXI data bus in bits (64, 128 or 256).
  parameter int unsigned DATA_WIDTH = 128,
  // Width of AXI IDs; ARID/AWID carry the client index (truncated to this width).
  parameter int unsigned AXI_ID_WIDTH = 4,
  // Number of read clients.
  parameter int unsigned NUM_RD = 2,
  // Number of write clients.
  parameter int unsigned NUM_WR = 3,
  // Width of the command byte count (commands of up to 2**LEN_WIDTH-1 bytes).
  parameter int unsigned LEN_WIDTH = 16,
  // Largest number of bursts of one command in flight (reads) or issued ahead of data (writes).
  parameter int unsigned MAX_BURSTS = 4
) (
  input  logic                          clk_i,
  // Synchronous, active-high reset.
  input  logic                          rst_i,
  // Bus master enable: while low commands complete with err and nothing new reaches AXI.
  input  logic                          enable_i,

  // ---------------- read clients
  input  logic [NUM_RD-1:0]             rd_cmd_valid_i,
  output logic [NUM_RD-1:0]             rd_cmd_ready_o,
  input  logic [NUM_RD*64-1:0]          rd_cmd_addr_i,
  input  logic [NUM_RD*LEN_WIDTH-1:0]   rd_cmd_len_i,
  output logic [NUM_RD-1:0]             rd_data_valid_o,
  input  logic [NUM_RD-1:0]             rd_data_ready_i,
  output logic [DATA_WIDTH-1:0]         rd_data_o,
  output logic [$clog2(DATA_WIDTH/8):0] rd_data_bytes_o,
  output logic                          rd_data_last_o,
  output logic                          rd_data_err_o,

  // ---------------- write clients
  input  logic [NUM_WR-1:0]             wr_cmd_valid_i,
  output logic [NUM_WR-1:0]             wr_cmd_ready_o,
  input  logic [NUM_WR*64-1:0]          wr_cmd_addr_i,
  input  logic [NUM_WR*LEN_WIDTH-1:0]   wr_cmd_len_i,
  input  logic [NUM_WR-1:0]             wr_data_valid_i,
  output logic [NUM_WR-1:0]             wr_data_ready_o,
  input  logic [NUM_WR*DATA_WIDTH-1:0]  wr_data_i,
  output logic [NUM_WR-1:0]             wr_done_o,
  output logic                          wr_done_err_o,

  // ---------------- quiescence: a read / write command is in progress
  output logic                          rd_busy_o,
  output logic                          wr_busy_o,

  // ---------------- AXI4 master
  output logic [AXI_ID_WIDTH-1:0]       m_axi_awid,
  output logic [63:0]                   m_axi_awaddr,
  output logic [7:0]                    m_axi_awlen,
  output logic [2:0]                    m_axi_awsize,
  output logic [1:0]                    m_axi_awburst,
  output logic                          m_axi_awvalid,
  input  logic                          m_axi_awready,
  output logic [DATA_WIDTH-1:0]         m_axi_wdata,
  output logic [DATA_WIDTH/8-1:0]       m_axi_wstrb,
  output logic                          m_axi_wlast,
  output logic                          m_axi_wvalid,
  input  logic                          m_axi_wready,
  input  logic [AXI_ID_WIDTH-1:0]       m_axi_bid,
  input  logic [1:0]                    m_axi_bresp,
  input  logic                          m_axi_bvalid,
  output logic                          m_axi_bready,
  output logic [AXI_ID_WIDTH-1:0]       m_axi_arid,
  output logic [63:0]                   m_axi_araddr,
  output logic [7:0]                    m_axi_arlen,
  output logic [2:0]                    m_axi_arsize,
  output logic [1:0]                    m_axi_arburst,
  output logic                          m_axi_arvalid,
  input  logic                          m_axi_arready,
  input  logic [AXI_ID_WIDTH-1:0]       m_axi_rid,
  input  logic [DATA_WIDTH-1:0]         m_axi_rdata,
  input  logic [1:0]                    m_axi_rresp,
  input  logic                          m_axi_rlast,
  input  logic                          m_axi_rvalid,
  output logic                          m_axi_rready
);
`ifndef SYNTHESIS
  if (DATA_WIDTH != 64 && DATA_WIDTH != 128 && DATA_WIDTH != 256) begin : g_bad_width
    $error("vcrypto_dma: DATA_WIDTH must be 64, 128 or 256");
  end
  if (MAX_BURSTS < 1) begin : g_bad_bursts
    $error("vcrypto_dma: MAX_BURSTS must be at least 1");
  end
`endif

  vcrypto_dma_rd #(
    .DATA_WIDTH   (DATA_WIDTH),
    .AXI_ID_WIDTH (AXI_ID_WIDTH),
    .NUM_RD       (NUM_RD),
    .LEN_WIDTH    (LEN_WIDTH),
    .MAX_BURSTS   (MAX_BURSTS)
  ) u_rd (
    .clk_i         (clk_i),
    .rst_i         (rst_i),
    .enable_i      (enable_i),
    .cmd_valid_i   (rd_cmd_valid_i),
    .cmd_ready_o   (rd_cmd_ready_o),
    .cmd_addr_i    (rd_cmd_addr_i),
    .cmd_len_i     (rd_cmd_len_i),
    .data_valid_o  (rd_data_valid_o),
    .data_ready_i  (rd_data_ready_i),
    .data_o        (rd_data_o),
    .data_bytes_o  (rd_data_bytes_o),
    .data_last_o   (rd_data_last_o),
    .data_err_o    (rd_data_err_o),
    .busy_o        (rd_busy_o),
    .m_axi_arid    (m_axi_arid),
    .m_axi_araddr  (m_axi_araddr),
    .m_axi_arlen   (m_axi_arlen),
    .m_axi_arsize  (m_axi_arsize),
    .m_axi_arburst (m_axi_arburst),
    .m_axi_arvalid (m_axi_arvalid),
    .m_axi_arready (m_axi_arready),
    .m_axi_rid     (m_axi_rid),
    .m_axi_rdata   (m_axi_rdata),
    .m_axi_rresp   (m_axi_rresp),
    .m_axi_rlast   (m_axi_rlast),
    .m_axi_rvalid  (m_axi_rvalid),
    .m_axi_rready  (m_axi_rready)
  );

  vcrypto_dma_wr #(
    .DATA_WIDTH   (DATA_WIDTH),
    .AXI_ID_WIDTH (AXI_ID_WIDTH),
    .NUM_WR       (NUM_WR),
    .LEN_WIDTH    (LEN_WIDTH),
    .MAX_BURSTS   (MAX_BURSTS)
  ) u_wr (
    .clk_i         (clk_i),
    .rst_i         (rst_i),
    .enable_i      (enable_i),
    .cmd_valid_i   (wr_cmd_valid_i),
    .cmd_ready_o   (wr_cmd_ready_o),
    .cmd_addr_i    (wr_cmd_addr_i),
    .cmd_len_i     (wr_cmd_len_i),
    .data_valid_i  (wr_data_valid_i),
    .data_ready_o  (wr_data_ready_o),
    .data_i        (wr_data_i),
    .done_o        (wr_done_o),
    .done_err_o    (wr_done_err_o),
    .busy_o        (wr_busy_o),
    .m_axi_awid    (m_axi_awid),
    .m_axi_awaddr  (m_axi_awaddr),
    .m_axi_awlen   (m_axi_awlen),
    .m_axi_awsize  (m_axi_awsize),
    .m_axi_awburst (m_axi_awburst),
    .m_axi_awvalid (m_axi_awvalid),
    .m_axi_awready (m_axi_awready),
    .m_axi_wdata   (m_axi_wdata),
    .m_axi_wstrb   (m_axi_wstrb),
    .m_axi_wlast   (m_axi_wlast),
    .m_axi_wvalid  (m_axi_wvalid),
    .m_axi_wready  (m_axi_wready),
    .m_axi_bid     (m_axi_bid),
    .m_axi_bresp   (m_axi_bresp),
    .m_axi_bvalid  (m_axi_bvalid),
    .m_axi_bready  (m_axi_bready)
  );
endmodule
