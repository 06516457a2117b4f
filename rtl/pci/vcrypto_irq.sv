// vcrypto_irq: interrupt delivery.
// MSI-X enabled: map the event to its vector; NO_VECTOR -> nothing; masked (entry or function
// mask) -> set the PBA bit, sent once unmasked; else a 4-byte DMA write of the entry's data to
// its address (DMA write client: command, one data beat packed from lane 0, wait for done).
// MSI-X disabled: set ISR bit 0 (queue) or bit 1 (config). A config event also sets ISR bit 1
// with MSI-X enabled (virtio: "set the Device Configuration Interrupt bit before sending").
module vcrypto_irq #(
  // Width of the DMA write data beat in bits.
  parameter int unsigned DATA_WIDTH = 128,
  // Number of data queues; the control queue has index NUM_DATAQ.
  parameter int unsigned NUM_DATAQ = 4,
  // Number of MSI-X table entries (1..512).
  parameter int unsigned MSIX_VECTORS = 8
) (
  input  logic                          clk_i,
  input  logic                          rst_i,
  input  logic                          dev_reset_i,    // virtio device reset: drop pending work

  // interrupt requests from the core
  input  logic                          irq_valid_i,
  output logic                          irq_ready_o,
  input  logic                          irq_config_i,
  input  logic [15:0]                   irq_qid_i,
  // config interrupt request from the register file (needs_reset)
  input  logic                          cfg_irq_i,

  // MSI-X state
  input  logic                          msix_en_i,
  input  logic                          msix_fmask_i,
  input  logic [15:0]                   config_vec_i,
  input  logic [(NUM_DATAQ+1)*16-1:0]   q_vec_i,
  input  logic [MSIX_VECTORS*64-1:0]    tbl_addr_i,
  input  logic [MSIX_VECTORS*32-1:0]    tbl_data_i,
  input  logic [MSIX_VECTORS-1:0]       tbl_mask_i,
  output logic [MSIX_VECTORS-1:0]       pba_o,
  output logic [1:0]                    isr_set_o,

  // DMA write client
  output logic                          wr_cmd_valid_o,
  input  logic                          wr_cmd_ready_i,
  output logic [63:0]                   wr_cmd_addr_o,
  output logic [15:0]                   wr_cmd_len_o,
  output logic                          wr_data_valid_o,
  input  logic                          wr_data_ready_i,
  output logic [DATA_WIDTH-1:0]         wr_data_o,
  input  logic                          wr_done_i
);
  localparam int unsigned NQ = NUM_DATAQ + 1;
  // ceil(log2(n)), at least 1
  function automatic int unsigned clog2w(input int unsigned n);
    int unsigned r;
    r = 1;
    while ((32'd1 << r) < n) r = r + 1;
    clog2w = r;
  endfunction
  localparam int unsigned VW = clog2w(MSIX_VECTORS);
  localparam logic [15:0] NVEC16 = 16'(MSIX_VECTORS);

  typedef enum logic [1:0] { S_IDLE, S_CMD, S_DATA, S_WAIT } state_e;

  state_e            state_q, state_d;
  logic              ready_q, ready_d;
  logic              cfg_pend_q, cfg_pend_d;
  logic [MSIX_VECTORS-1:0] pba_q, pba_d;
  logic [1:0]        isr_set_q, isr_set_d;
  logic [63:0]       maddr_q, maddr_d;
  logic [31:0]       mdata_q, mdata_d;

  // lowest pending vector that may be sent now
  logic              unm_any;
  logic [VW-1:0]     unm_idx;
  logic              unm_any_next;

  always_comb begin
    unm_any = 1'b0;
    unm_idx = '0;
    for (int v = MSIX_VECTORS - 1; v >= 0; v--) begin
      if (pba_q[v] && !tbl_mask_i[v]) begin
        unm_any = 1'b1;
        unm_idx = VW'(v);
      end
    end
    unm_any = unm_any & msix_en_i & ~msix_fmask_i;
  end

  // vector of the core's event
  logic              ev_go, ev_cfg, ev_core;
  logic [15:0]       core_vec, ev_vec;

  always_comb begin
    core_vec = vcrypto_pkg::MSIX_NO_VECTOR;
    if (irq_config_i) begin
      core_vec = config_vec_i;
    end else begin
      for (int q = 0; q < NQ; q++) begin
        if (irq_qid_i == 16'(q)) core_vec = q_vec_i[q*16 +: 16];
      end
    end
  end

  always_comb begin
    state_d    = state_q;
    cfg_pend_d = cfg_pend_q | cfg_irq_i;
    pba_d      = pba_q;
    isr_set_d  = 2'b00;
    maddr_d    = maddr_q;
    mdata_d    = mdata_q;
    ev_go      = 1'b0;
    ev_cfg     = 1'b0;
    ev_core    = 1'b0;

    unique case (state_q)
      S_IDLE: begin
        if (irq_valid_i && ready_q) begin
          ev_go   = 1'b1;
          ev_core = 1'b1;
          ev_cfg  = irq_config_i;
        end else if (unm_any) begin
          pba_d[unm_idx] = 1'b0;
          maddr_d = tbl_addr_i[unm_idx*64 +: 64];
          mdata_d = tbl_data_i[unm_idx*32 +: 32];
          state_d = S_CMD;
        end else if (cfg_pend_q) begin
          cfg_pend_d = cfg_irq_i;
          ev_go  = 1'b1;
          ev_cfg = 1'b1;
        end
      end
      S_CMD:  if (wr_cmd_ready_i) state_d = S_DATA;
      S_DATA: if (wr_data_ready_i) state_d = S_WAIT;
      S_WAIT: if (wr_done_i) state_d = S_IDLE;
      default: state_d = S_IDLE;
    endcase

    ev_vec = ev_core ? core_vec : config_vec_i;
    if (ev_go) begin
      if (ev_cfg) isr_set_d[1] = 1'b1;
      if (!msix_en_i) begin
        if (!ev_cfg) isr_set_d[0] = 1'b1;
      end else if (ev_vec < NVEC16) begin
        if (msix_fmask_i || tbl_mask_i[ev_vec[VW-1:0]]) begin
          pba_d[ev_vec[VW-1:0]] = 1'b1;
        end else begin
          maddr_d = tbl_addr_i[ev_vec[VW-1:0]*64 +: 64];
          mdata_d = tbl_data_i[ev_vec[VW-1:0]*32 +: 32];
          state_d = S_CMD;
        end
      end
    end

    if (dev_reset_i) begin
      pba_d      = '0;
      cfg_pend_d = 1'b0;
      isr_set_d  = 2'b00;
    end

    // accept core events only when idle and no deferred work is waiting
    unm_any_next = 1'b0;
    for (int v = 0; v < MSIX_VECTORS; v++) begin
      if (pba_d[v] && !tbl_mask_i[v]) unm_any_next = 1'b1;
    end
    unm_any_next = unm_any_next & msix_en_i & ~msix_fmask_i;
    ready_d = (state_d == S_IDLE) && !cfg_pend_d && !unm_any_next;
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) begin
      state_q    <= S_IDLE;
      ready_q    <= 1'b0;
      cfg_pend_q <= 1'b0;
      pba_q      <= '0;
      isr_set_q  <= 2'b00;
      maddr_q    <= '0;
      mdata_q    <= '0;
    end else begin
      state_q    <= state_d;
      ready_q    <= ready_d;
      cfg_pend_q <= cfg_pend_d;
      pba_q      <= pba_d;
      isr_set_q  <= isr_set_d;
      maddr_q    <= maddr_d;
      mdata_q    <= mdata_d;
    end
  end

  assign irq_ready_o     = ready_q;
  assign pba_o           = pba_q;
  assign isr_set_o       = isr_set_q;
  assign wr_cmd_valid_o  = (state_q == S_CMD);
  assign wr_cmd_addr_o   = maddr_q;
  assign wr_cmd_len_o    = 16'd4;
  assign wr_data_valid_o = (state_q == S_DATA);
  assign wr_data_o       = {{(DATA_WIDTH-32){1'b0}}, mdata_q};
endmodule
