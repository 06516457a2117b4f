// Harness self-test device (NOT the real design): same ports as rtl/top/vcrypto_top.sv.
// Built only by tb/harness/smoke.sh (PROBE build in sim/build/probe) to exercise the harness:
//  - config port: dword 0 reads 0x1054_1af4; 0x04 command (bit1 mem, bit2 bus master);
//    0x10/0x14 BAR0 base low/high; answers 2 cycles after the request.
//  - BAR0 AXI-Lite: 8 dword registers at 0x00..0x1c (byte strobes).
//    regs: 0/1 src addr, 2 beats (1..4), 3/4 dst addr, 5 MSI addr, 6 MSI data.
//    write 0x100: run a job (read burst src -> write burst dst -> 4-byte MSI write).
//    write 0x104: $fatal.  0x108: intx level = wdata[0].
module vcrypto_top #(
  parameter int unsigned DATA_WIDTH = 128,
  parameter int unsigned AXI_ID_WIDTH = 4,
  parameter int unsigned NUM_DATAQ = 4,
  parameter int unsigned QSIZE_MAX = 256,
  parameter int unsigned MSIX_VECTORS = 8,
  parameter int unsigned NUM_SESSIONS = 16
) (
  input  logic                    clk_i,
  input  logic                    rst_i,
  input  logic                    cfg_valid_i,
  input  logic                    cfg_write_i,
  input  logic [11:0]             cfg_addr_i,
  input  logic [31:0]             cfg_wdata_i,
  input  logic [3:0]              cfg_be_i,
  output logic                    cfg_rvalid_o,
  output logic [31:0]             cfg_rdata_o,
  output logic [63:0]             bar0_base_o,
  output logic                    mem_enable_o,
  output logic                    bus_master_enable_o,
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
  output logic                    intx_o
);
  localparam int unsigned BYTES = DATA_WIDTH / 8;
  // ---------------- config port
  logic [1:0] cfg_cnt;
  logic cfg_pend, cfg_wr;
  logic [11:0] cfg_a;
  logic [31:0] cfg_wd;
  logic [2:0] cmd;
  logic [63:0] bar;
  always_ff @(posedge clk_i) begin
    cfg_rvalid_o <= 1'b0;
    if (rst_i) begin
      cfg_pend <= 1'b0; cmd <= '0; bar <= '0; cfg_cnt <= '0;
    end else if (cfg_valid_i) begin
      cfg_pend <= 1'b1; cfg_cnt <= 2'd1; cfg_wr <= cfg_write_i; cfg_a <= cfg_addr_i;
      cfg_wd <= cfg_wdata_i;
    end else if (cfg_pend) begin
      if (cfg_cnt == 2'd0) begin
        cfg_pend <= 1'b0;
        cfg_rvalid_o <= 1'b1;
        cfg_rdata_o <= 32'h0;
        if (cfg_wr) begin
          if (cfg_a[11:2] == 10'h1) cmd <= cfg_wd[2:0];
          if (cfg_a[11:2] == 10'h4) bar[31:0] <= cfg_wd;
          if (cfg_a[11:2] == 10'h5) bar[63:32] <= cfg_wd;
        end else begin
          case (cfg_a[11:2])
            10'h0: cfg_rdata_o <= 32'h1054_1af4;
            10'h1: cfg_rdata_o <= {29'h0, cmd};
            10'h4: cfg_rdata_o <= bar[31:0];
            10'h5: cfg_rdata_o <= bar[63:32];
            default: cfg_rdata_o <= 32'hffff_ffff;
          endcase
        end
      end else cfg_cnt <= cfg_cnt - 2'd1;
    end
  end
  assign bar0_base_o = bar;
  assign mem_enable_o = cmd[1];
  assign bus_master_enable_o = cmd[2];

  // ---------------- AXI-Lite registers
  logic [31:0] regs [8];
  logic go, intx;
  logic [14:0] awa;
  logic aw_have, w_have;
  logic [31:0] wd;
  logic [3:0] ws;
  assign s_axil_awready = !aw_have && !s_axil_bvalid;
  assign s_axil_wready = !w_have && !s_axil_bvalid;
  assign s_axil_bresp = 2'b00;
  assign s_axil_rresp = 2'b00;
  assign intx_o = intx;
  always_ff @(posedge clk_i) begin
    go <= 1'b0;
    if (rst_i) begin
      aw_have <= 0; w_have <= 0; s_axil_bvalid <= 0; s_axil_rvalid <= 0; s_axil_arready <= 0;
      intx <= 0;
      for (int i = 0; i < 8; i++) regs[i] <= '0;
    end else begin
      if (s_axil_awvalid && s_axil_awready) begin aw_have <= 1; awa <= s_axil_awaddr; end
      if (s_axil_wvalid && s_axil_wready) begin w_have <= 1; wd <= s_axil_wdata; ws <= s_axil_wstrb; end
      if (aw_have && w_have) begin
        aw_have <= 0; w_have <= 0; s_axil_bvalid <= 1;
        if (awa[14:5] == 0)
          for (int b = 0; b < 4; b++) if (ws[b]) regs[awa[4:2]][8*b +: 8] <= wd[8*b +: 8];
        if (awa == 15'h100) go <= 1'b1;
        if (awa == 15'h104) $fatal(1, "probe: fatal requested by MMIO write");
        if (awa == 15'h108) intx <= wd[0];
      end
      if (s_axil_bvalid && s_axil_bready) s_axil_bvalid <= 0;
      s_axil_arready <= !s_axil_arready && s_axil_arvalid && !s_axil_rvalid;
      if (s_axil_arvalid && s_axil_arready) begin
        s_axil_rvalid <= 1;
        s_axil_rdata <= (s_axil_araddr[14:5] == 0) ? regs[s_axil_araddr[4:2]] : 32'hcafe0000;
      end
      if (s_axil_rvalid && s_axil_rready) s_axil_rvalid <= 0;
    end
  end

  // ---------------- DMA job
  typedef enum logic [3:0] {IDLE, AR, R, AW, W, B, MAW, MW, MB} st_t;
  st_t st;
  logic [DATA_WIDTH-1:0] buf_q [4];
  logic [1:0] idx;
  assign m_axi_arid = '0;
  assign m_axi_awid = '0;
  assign m_axi_arburst = 2'b01;
  assign m_axi_awburst = 2'b01;
  assign m_axi_arsize = 3'($clog2(BYTES));
  assign m_axi_araddr = {regs[1], regs[0]};
  assign m_axi_arlen = 8'(regs[2] - 1);
  assign m_axi_arvalid = st == AR;
  assign m_axi_rready = st == R;
  assign m_axi_awvalid = st == AW || st == MAW;
  assign m_axi_awaddr = st == MAW ? {32'h0, regs[5]} : {regs[4], regs[3]};
  assign m_axi_awlen = st == MAW ? 8'd0 : 8'(regs[2] - 1);
  assign m_axi_awsize = st == MAW ? 3'd2 : 3'($clog2(BYTES));
  assign m_axi_wvalid = st == W || st == MW;
  assign m_axi_wdata = st == MW ? {(DATA_WIDTH/32){regs[6]}} : buf_q[idx];
  assign m_axi_wstrb = st == MW ? (DATA_WIDTH/8)'(4'hf) << (regs[5] % BYTES)
                                : {(DATA_WIDTH/8){1'b1}};
  assign m_axi_wlast = st == MW || (32'(idx) == regs[2] - 1);
  assign m_axi_bready = st == B || st == MB;
  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      st <= IDLE; idx <= '0;
    end else case (st)
      IDLE: if (go) st <= AR;
      AR: if (m_axi_arready) begin st <= R; idx <= '0; end
      R: if (m_axi_rvalid) begin
        buf_q[idx] <= m_axi_rdata; idx <= idx + 1;
        if (m_axi_rlast) st <= AW;
      end
      AW: if (m_axi_awready) begin st <= W; idx <= '0; end
      W: if (m_axi_wready) begin idx <= idx + 1; if (m_axi_wlast) st <= B; end
      B: if (m_axi_bvalid) st <= MAW;
      MAW: if (m_axi_awready) st <= MW;
      MW: if (m_axi_wready) st <= MB;
      MB: if (m_axi_bvalid) st <= IDLE;
      default: st <= IDLE;
    endcase
  end
endmodule
