// vcrypto_pci_cfg: type-0 PCI configuration space with the virtio capability list and MSI-X.
// One dword access at a time; the completion (cfg_rvalid_o) follows one cycle later, or after
// the BAR0 access when the driver touches pci_cfg_data of the PCI_CFG capability.
module vcrypto_pci_cfg #(
  // Number of data queues; the control queue has index NUM_DATAQ.
  parameter int unsigned NUM_DATAQ = 4,
  // Number of MSI-X table entries (1..512).
  parameter int unsigned MSIX_VECTORS = 8
) (
  input  logic        clk_i,
  input  logic        rst_i,

  input  logic        cfg_valid_i,
  input  logic        cfg_write_i,
  input  logic [11:0] cfg_addr_i,
  input  logic [31:0] cfg_wdata_i,
  input  logic [3:0]  cfg_be_i,
  output logic        cfg_rvalid_o,
  output logic [31:0] cfg_rdata_o,

  output logic [63:0] bar0_base_o,
  output logic        mem_enable_o,
  output logic        bus_master_enable_o,
  output logic        intx_disable_o,
  output logic        msix_en_o,
  output logic        msix_fmask_o,
  input  logic        int_status_i,   // PCI status bit 3 (interrupt status)

  // PCI_CFG window into BAR0
  output logic        win_req_o,
  output logic        win_write_o,
  output logic [14:0] win_addr_o,
  output logic [31:0] win_wdata_o,
  output logic [3:0]  win_wstrb_o,
  input  logic        win_done_i,
  input  logic [31:0] win_rdata_i
);
  localparam int unsigned NQ = NUM_DATAQ + 1;
  localparam logic [10:0] MSIX_TSIZE = 11'(MSIX_VECTORS - 1);
  localparam logic [31:0] NOTIFY_LEN = 32'(4 * NQ);

  // cap header dword: {cfg_type, cap_len, cap_next, cap_vndr}
  function automatic logic [31:0] vcap(input logic [7:0] next, input logic [7:0] len,
                                       input logic [7:0] ctype);
    vcap = {ctype, len, next, vcrypto_pkg::PCI_CAP_ID_VNDR};
  endfunction

  function automatic logic [31:0] merge32(input logic [31:0] old, input logic [31:0] wd,
                                          input logic [3:0] be);
    logic [31:0] r;
    for (int b = 0; b < 4; b++) r[8*b +: 8] = be[b] ? wd[8*b +: 8] : old[8*b +: 8];
    merge32 = r;
  endfunction

  typedef enum logic [1:0] { S_IDLE, S_WIN, S_DONE } state_e;

  state_e      state_q, state_d;
  logic        rvalid_q, rvalid_d;
  logic [31:0] rdata_q, rdata_d;
  logic        mem_en_q, mem_en_d;
  logic        bme_q, bme_d;
  logic        intdis_q, intdis_d;
  logic [16:0] bar_lo_q, bar_lo_d;     // BAR0 bits [31:15]
  logic [31:0] bar_hi_q, bar_hi_d;
  logic [7:0]  int_line_q, int_line_d;
  logic [7:0]  pc_bar_q, pc_bar_d;     // virtio_pci_cfg_cap.cap.bar
  logic [31:0] pc_off_q, pc_off_d;
  logic [31:0] pc_len_q, pc_len_d;
  logic [31:0] pc_data_q, pc_data_d;
  logic        msix_en_q, msix_en_d;
  logic        msix_fm_q, msix_fm_d;
  logic        win_req_q, win_req_d;
  logic        win_write_q, win_write_d;
  logic [14:0] win_addr_q, win_addr_d;
  logic [31:0] win_wdata_q, win_wdata_d;
  logic [3:0]  win_wstrb_q, win_wstrb_d;
  logic [1:0]  win_sh_q, win_sh_d;     // byte offset of the window access in its dword
  logic [3:0]  win_bm_q, win_bm_d;     // byte mask (low bytes of pci_cfg_data)

  // ------------------------------------------------------------------ read mux
  logic [31:0] rd_val;
  logic [15:0] cmd_val, sts_val;

  always_comb begin
    cmd_val = {5'h0, intdis_q, 7'h0, bme_q, mem_en_q, 1'b0};
    sts_val = {11'h0, 1'b1, int_status_i & ~msix_en_q, 3'h0};
    rd_val = 32'h0;
    unique case (cfg_addr_i[11:2])
      10'h00: rd_val = {vcrypto_pkg::PCI_DEVICE_ID, vcrypto_pkg::PCI_VENDOR_ID};
      10'h01: rd_val = {sts_val, cmd_val};
      10'h02: rd_val = {vcrypto_pkg::PCI_CLASS_CODE, vcrypto_pkg::PCI_REVISION_ID};
      10'h03: rd_val = 32'h0;  // BIST, header type 0, latency, cache line
      10'h04: rd_val = {bar_lo_q, 11'h0, 1'b0, 2'b10, 1'b0};  // 64-bit, non-prefetchable, memory
      10'h05: rd_val = bar_hi_q;
      10'h0B: rd_val = {vcrypto_pkg::PCI_SUBSYS_ID, vcrypto_pkg::PCI_SUBSYS_VENDOR};
      10'h0D: rd_val = {24'h0, vcrypto_pkg::CAP_COMMON_OFF};
      10'h0F: rd_val = {16'h0, 8'h01, int_line_q};  // INTA
      // COMMON (0x40)
      10'h10: rd_val = vcap(vcrypto_pkg::CAP_NOTIFY_OFF, 8'd16, vcrypto_pkg::VIRTIO_PCI_CAP_COMMON_CFG);
      10'h11: rd_val = 32'h0;
      10'h12: rd_val = {17'h0, vcrypto_pkg::BAR0_COMMON_OFF};
      10'h13: rd_val = 32'(vcrypto_pkg::COMMON_CFG_LEN);
      // NOTIFY (0x50)
      10'h14: rd_val = vcap(vcrypto_pkg::CAP_ISR_OFF, 8'd20, vcrypto_pkg::VIRTIO_PCI_CAP_NOTIFY_CFG);
      10'h15: rd_val = 32'h0;
      10'h16: rd_val = {17'h0, vcrypto_pkg::BAR0_NOTIFY_OFF};
      10'h17: rd_val = NOTIFY_LEN;
      10'h18: rd_val = 32'(vcrypto_pkg::NOTIFY_OFF_MULTIPLIER);
      // ISR (0x64)
      10'h19: rd_val = vcap(vcrypto_pkg::CAP_DEVICE_OFF, 8'd16, vcrypto_pkg::VIRTIO_PCI_CAP_ISR_CFG);
      10'h1A: rd_val = 32'h0;
      10'h1B: rd_val = {17'h0, vcrypto_pkg::BAR0_ISR_OFF};
      10'h1C: rd_val = 32'd4;
      // DEVICE (0x74)
      10'h1D: rd_val = vcap(vcrypto_pkg::CAP_PCICFG_OFF, 8'd16, vcrypto_pkg::VIRTIO_PCI_CAP_DEVICE_CFG);
      10'h1E: rd_val = 32'h0;
      10'h1F: rd_val = {17'h0, vcrypto_pkg::BAR0_DEVCFG_OFF};
      10'h20: rd_val = 32'(vcrypto_pkg::DEVCFG_LEN);
      // PCI_CFG (0x84)
      10'h21: rd_val = vcap(vcrypto_pkg::CAP_MSIX_OFF, 8'd20, vcrypto_pkg::VIRTIO_PCI_CAP_PCI_CFG);
      10'h22: rd_val = {24'h0, pc_bar_q};
      10'h23: rd_val = pc_off_q;
      10'h24: rd_val = pc_len_q;
      10'h25: rd_val = pc_data_q;
      // MSI-X (0x98)
      10'h26: rd_val = {msix_en_q, msix_fm_q, 3'h0, MSIX_TSIZE, 8'h00, vcrypto_pkg::PCI_CAP_ID_MSIX};
      10'h27: rd_val = {17'h0, vcrypto_pkg::BAR0_MSIX_TABLE_OFF};  // BIR 0
      10'h28: rd_val = {17'h0, vcrypto_pkg::BAR0_MSIX_PBA_OFF};    // BIR 0
      default: rd_val = 32'h0;
    endcase
  end

  // ------------------------------------------------------------------ window decode
  logic       win_ok;
  logic [3:0] win_bm;
  logic [1:0] win_sh;

  always_comb begin
    win_sh = pc_off_q[1:0];
    unique case (pc_len_q)
      32'd1:   win_bm = 4'b0001;
      32'd2:   win_bm = 4'b0011;
      32'd4:   win_bm = 4'b1111;
      default: win_bm = 4'b0000;
    endcase
    win_ok = (pc_bar_q == 8'd0) && (win_bm != 4'b0000) && (pc_off_q[31:15] == 17'h0) &&
             !((pc_len_q == 32'd2) && pc_off_q[0]) &&
             !((pc_len_q == 32'd4) && (pc_off_q[1:0] != 2'b00));
  end

  // ------------------------------------------------------------------ next state
  logic [31:0] w;
  logic [31:0] rd_sh;

  always_comb begin
    state_d    = state_q;
    rvalid_d   = 1'b0;
    rdata_d    = rdata_q;
    mem_en_d   = mem_en_q;
    bme_d      = bme_q;
    intdis_d   = intdis_q;
    bar_lo_d   = bar_lo_q;
    bar_hi_d   = bar_hi_q;
    int_line_d = int_line_q;
    pc_bar_d   = pc_bar_q;
    pc_off_d   = pc_off_q;
    pc_len_d   = pc_len_q;
    pc_data_d  = pc_data_q;
    msix_en_d  = msix_en_q;
    msix_fm_d  = msix_fm_q;
    win_req_d  = 1'b0;
    win_write_d = win_write_q;
    win_addr_d  = win_addr_q;
    win_wdata_d = win_wdata_q;
    win_wstrb_d = win_wstrb_q;
    win_sh_d    = win_sh_q;
    win_bm_d    = win_bm_q;
    w = 32'h0;
    rd_sh = 32'h0;

    unique case (state_q)
      S_IDLE: begin
        if (cfg_valid_i) begin
          rdata_d = cfg_write_i ? 32'h0 : rd_val;
          rvalid_d = 1'b1;
          if (cfg_write_i) begin
            w = merge32(rd_val, cfg_wdata_i, cfg_be_i);
            unique case (cfg_addr_i[11:2])
              10'h01: begin
                if (cfg_be_i[0]) begin
                  mem_en_d = cfg_wdata_i[1];
                  bme_d    = cfg_wdata_i[2];
                end
                if (cfg_be_i[1]) intdis_d = cfg_wdata_i[10];
              end
              10'h04: bar_lo_d = w[31:15];
              10'h05: bar_hi_d = w;
              10'h0F: int_line_d = w[7:0];
              10'h22: pc_bar_d = w[7:0];
              10'h23: pc_off_d = w;
              10'h24: pc_len_d = w;
              10'h25: begin
                pc_data_d = w;
                if (win_ok) begin
                  rvalid_d    = 1'b0;
                  state_d     = S_WIN;
                  win_req_d   = 1'b1;
                  win_write_d = 1'b1;
                  win_addr_d  = {pc_off_q[14:2], 2'b00};
                  win_wdata_d = w << (8 * win_sh);
                  win_wstrb_d = win_bm << win_sh;
                end
              end
              10'h26: begin
                if (cfg_be_i[3]) begin
                  msix_en_d = cfg_wdata_i[31];
                  msix_fm_d = cfg_wdata_i[30];
                end
              end
              default: ;
            endcase
          end else if (cfg_addr_i[11:2] == 10'h25 && win_ok) begin
            rvalid_d    = 1'b0;
            state_d     = S_WIN;
            win_req_d   = 1'b1;
            win_write_d = 1'b0;
            win_addr_d  = {pc_off_q[14:2], 2'b00};
            win_wstrb_d = 4'h0;
            win_sh_d    = win_sh;
            win_bm_d    = win_bm;
          end
        end
      end
      S_WIN: begin
        if (win_done_i) begin
          rvalid_d = 1'b1;
          state_d  = S_IDLE;
          if (win_write_q) begin
            rdata_d = 32'h0;
          end else begin
            rd_sh     = win_rdata_i >> (8 * win_sh_q);
            pc_data_d = merge32(pc_data_q, rd_sh, win_bm_q);
            rdata_d   = pc_data_d;
          end
        end
      end
      default: state_d = S_IDLE;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q     <= S_IDLE;
      rvalid_q    <= 1'b0;
      rdata_q     <= '0;
      mem_en_q    <= 1'b0;
      bme_q       <= 1'b0;
      intdis_q    <= 1'b0;
      bar_lo_q    <= '0;
      bar_hi_q    <= '0;
      int_line_q  <= '0;
      pc_bar_q    <= '0;
      pc_off_q    <= '0;
      pc_len_q    <= '0;
      pc_data_q   <= '0;
      msix_en_q   <= 1'b0;
      msix_fm_q   <= 1'b0;
      win_req_q   <= 1'b0;
      win_write_q <= 1'b0;
      win_addr_q  <= '0;
      win_wdata_q <= '0;
      win_wstrb_q <= '0;
      win_sh_q    <= '0;
      win_bm_q    <= '0;
    end else begin
      state_q     <= state_d;
      rvalid_q    <= rvalid_d;
      rdata_q     <= rdata_d;
      mem_en_q    <= mem_en_d;
      bme_q       <= bme_d;
      intdis_q    <= intdis_d;
      bar_lo_q    <= bar_lo_d;
      bar_hi_q    <= bar_hi_d;
      int_line_q  <= int_line_d;
      pc_bar_q    <= pc_bar_d;
      pc_off_q    <= pc_off_d;
      pc_len_q    <= pc_len_d;
      pc_data_q   <= pc_data_d;
      msix_en_q   <= msix_en_d;
      msix_fm_q   <= msix_fm_d;
      win_req_q   <= win_req_d;
      win_write_q <= win_write_d;
      win_addr_q  <= win_addr_d;
      win_wdata_q <= win_wdata_d;
      win_wstrb_q <= win_wstrb_d;
      win_sh_q    <= win_sh_d;
      win_bm_q    <= win_bm_d;
    end
  end

  // byte address bits [1:0] are ignored (dword accesses)
  logic unused_addr;
  assign unused_addr = ^cfg_addr_i[1:0];

  assign cfg_rvalid_o        = rvalid_q;
  assign cfg_rdata_o         = rdata_q;
  assign bar0_base_o         = {bar_hi_q, bar_lo_q, 15'h0};
  assign mem_enable_o        = mem_en_q;
  assign bus_master_enable_o = bme_q;
  assign intx_disable_o      = intdis_q;
  assign msix_en_o           = msix_en_q;
  assign msix_fmask_o        = msix_fm_q;
  assign win_req_o           = win_req_q;
  assign win_write_o         = win_write_q;
  assign win_addr_o          = win_addr_q;
  assign win_wdata_o         = win_wdata_q;
  assign win_wstrb_o         = win_wstrb_q;
endmodule
