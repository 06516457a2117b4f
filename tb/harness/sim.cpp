// sim.cpp: clocking, AXI4 host-memory slave, AXI4-Lite / config-port masters, DMA checker.
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "harness.h"
#include "verilated.h"
#include "verilated_fst_c.h"

static_assert(sizeof(Vvcrypto_top::m_axi_rdata) == kBytes,
              "m_axi_rdata width differs from VC_DATA_WIDTH: build with matching -GDATA_WIDTH");
static_assert(sizeof(Vvcrypto_top::m_axi_wdata) == kBytes,
              "m_axi_wdata width differs from VC_DATA_WIDTH");

static std::string strf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static std::string strf(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return buf;
}

Sim::Sim(uint8_t* m, uint64_t msize, uint64_t s) : top(new Vvcrypto_top), mem(m), memsize(msize) {
  seed(s);
  ctx_ = top->contextp();
  Vvcrypto_top* t = top;
  t->clk_i = 0;
  t->rst_i = 1;
  t->cfg_valid_i = 0;
  t->cfg_write_i = 0;
  t->cfg_addr_i = 0;
  t->cfg_wdata_i = 0;
  t->cfg_be_i = 0;
  t->s_axil_awaddr = 0;
  t->s_axil_awvalid = 0;
  t->s_axil_wdata = 0;
  t->s_axil_wstrb = 0;
  t->s_axil_wvalid = 0;
  t->s_axil_bready = 0;
  t->s_axil_araddr = 0;
  t->s_axil_arvalid = 0;
  t->s_axil_rready = 0;
  t->m_axi_awready = 0;
  t->m_axi_wready = 0;
  t->m_axi_bid = 0;
  t->m_axi_bresp = 0;
  t->m_axi_bvalid = 0;
  t->m_axi_arready = 0;
  t->m_axi_rid = 0;
  memset(&t->m_axi_rdata, 0, kBytes);
  t->m_axi_rresp = 0;
  t->m_axi_rlast = 0;
  t->m_axi_rvalid = 0;
  t->eval();
}

Sim::~Sim() {
  trace_close();
  top->final();
  delete top;
}

void Sim::seed(uint64_t s) {
  // splitmix64 of the seed, never zero (xorshift state).
  uint64_t z = s + 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  rng_ = z ? z : 1;
}

void Sim::set_stall(Chan c, uint32_t pm) {
  stall_pm[c] = pm > 1000 ? 1000 : pm;
  any_stall = false;
  for (unsigned i = 0; i < CH_N; ++i) any_stall |= stall_pm[i] != 0;
}

void Sim::clear_faults() {
  for (unsigned i = 0; i < CH_N; ++i) stall_pm[i] = 0;
  any_stall = false;
  errs.clear();
  errrate_pm[0] = errrate_pm[1] = 0;
  rd_jitter = wr_jitter = 0;
}

// ------------------------------------------------------------------ tracing

void Sim::dump(uint64_t t) { tfp_->dump(t); }

bool Sim::trace_open(const std::string& file, std::string& err) {
  trace_close();
  tfp_ = new VerilatedFstC;
  top->trace(tfp_, 99);
  tfp_->open(file.c_str());
  if (!tfp_->isOpen()) {
    delete tfp_;
    tfp_ = nullptr;
    err = "cannot open " + file;
    return false;
  }
  dump(cycle * 10);
  return true;
}

void Sim::trace_close() {
  if (!tfp_) return;
  tfp_->close();
  delete tfp_;
  tfp_ = nullptr;
}

// ------------------------------------------------------------------ checker helpers

uint8_t Sim::err_resp(int kind, uint64_t a, uint64_t n) const {
  for (const Range& e : errs)
    if ((e.kind & kind) && a < e.addr + e.len && e.addr < a + n) return e.resp;
  return RESP_OKAY;
}

bool Sim::covered(int kind, uint64_t a, uint64_t n) const {
  uint64_t pos = a;
  const uint64_t end = a + n;
  while (pos < end) {
    bool found = false;
    for (const Range& g : grants) {
      if ((g.kind & kind) && pos >= g.addr && pos - g.addr < g.len) {
        pos = g.addr + g.len;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

void Sim::violation(char kind, uint64_t a, uint64_t n) {
  ++viol_count;
  if (viols.size() < 16) viols.push_back({kind, a, n, cycle});
}

void Sim::check_burst(const char* ch, uint64_t addr, uint32_t len, uint32_t size,
                      uint32_t burst) {
  if (burst != 1)
    fatal_exit(strf("AXI %s: burst type %u is not INCR (addr=%llx len=%u) at cycle %llu", ch,
                    burst, (unsigned long long)addr, len, (unsigned long long)cycle));
  if ((1u << size) > kBytes)
    fatal_exit(strf("AXI %s: size %u wider than the %u-bit bus (addr=%llx) at cycle %llu", ch,
                    size, VC_DATA_WIDTH, (unsigned long long)addr, (unsigned long long)cycle));
  const uint64_t S = 1ull << size;
  const uint64_t last = (addr & ~(S - 1)) + (uint64_t)(len + 1) * S - 1;
  if ((addr >> 12) != (last >> 12))
    fatal_exit(strf("AXI %s: burst crosses a 4 KiB boundary (addr=%llx len=%u size=%u) at "
                    "cycle %llu",
                    ch, (unsigned long long)addr, len, size, (unsigned long long)cycle));
}

// ------------------------------------------------------------------ AXI4 slave

// Byte range [addr, end) of a whole INCR burst (the first beat may start unaligned).
static uint64_t burst_end(uint64_t addr, uint32_t len, uint32_t size) {
  const uint64_t S = 1ull << size;
  return (addr & ~(S - 1)) + (uint64_t)(len + 1) * S;
}

void Sim::on_ar(uint32_t id, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst) {
  check_burst("AR", addr, len, size, burst);
  const uint8_t forced = rate_err(0, addr, burst_end(addr, len, size) - addr);
  const uint64_t due = cycle + rd_lat - 1 + jitter(rd_jitter);
  rq_.push_back({id, addr, len, size, due, 0, forced, false});
}

void Sim::on_aw(uint32_t id, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst) {
  check_burst("AW", addr, len, size, burst);
  const uint8_t forced = rate_err(1, addr, burst_end(addr, len, size) - addr);
  awq_.push_back({id, addr, len, size, 0, RESP_OKAY, forced, false});
}

void Sim::present_r() {
  RdBurst& b = rq_.front();
  const uint64_t S = 1ull << b.size;
  const uint64_t aligned = b.addr & ~(S - 1);
  const uint64_t a = b.beat == 0 ? b.addr : aligned + (uint64_t)b.beat * S;
  const uint64_t end = aligned + (uint64_t)(b.beat + 1) * S;
  const uint64_t n = end - a;
  alignas(8) uint8_t buf[kBytes];
  memset(buf, 0, kBytes);
  uint8_t resp;
  if (!in_mem(a, n)) {
    resp = RESP_DECERR;
    r_unmapped_ = true;
  } else {
    r_unmapped_ = false;
    resp = b.forced ? b.forced : errs.empty() ? RESP_OKAY : err_resp(K_R, a, n);
    if (resp == RESP_OKAY) memcpy(buf + (a % kBytes), mem + (a - kMemBase), n);
    else b.erred = true;
  }
  r_addr_ = a;
  r_len_ = n;
  Vvcrypto_top* t = top;
  memcpy(&t->m_axi_rdata, buf, kBytes);
  t->m_axi_rresp = resp;
  t->m_axi_rid = b.id;
  t->m_axi_rlast = b.beat == b.len;
  t->m_axi_rvalid = 1;
}

void Sim::on_w(const uint8_t* data, uint64_t strb, bool last) {
  if (awq_.empty()) fatal_exit("AXI W: data beat without a write address");
  WrBurst& b = awq_.front();
  const uint64_t S = 1ull << b.size;
  const uint64_t aligned = b.addr & ~(S - 1);
  const uint64_t a = b.beat == 0 ? b.addr : aligned + (uint64_t)b.beat * S;
  const uint64_t end = aligned + (uint64_t)(b.beat + 1) * S;
  const uint64_t base = a & ~(uint64_t)(kBytes - 1);
  const unsigned l0 = (unsigned)(a - base), l1 = (unsigned)(end - base);  // valid lanes [l0,l1)
  const uint64_t lane_mask = ((l1 >= 64 ? ~0ull : ((1ull << l1) - 1))) & ~((1ull << l0) - 1);
  if (strb & ~lane_mask)
    fatal_exit(strf("AXI W: wstrb %llx outside the byte lanes of beat %u (addr=%llx len=%u "
                    "size=%u) at cycle %llu",
                    (unsigned long long)strb, b.beat, (unsigned long long)b.addr, b.len, b.size,
                    (unsigned long long)cycle));
  const bool is_last = b.beat == b.len;
  if (last != is_last)
    fatal_exit(strf("AXI W: wlast=%d on beat %u of a %u-beat burst (addr=%llx) at cycle %llu",
                    last ? 1 : 0, b.beat, b.len + 1, (unsigned long long)b.addr,
                    (unsigned long long)cycle));
  ++wr_beats;
  if (strb) {
    const unsigned lo = __builtin_ctzll(strb), hi = 63 - __builtin_clzll(strb);
    const uint64_t sa = base + lo, sn = hi - lo + 1;
    uint8_t resp = RESP_OKAY;
    bool mapped = true;
    if (in_mem(sa, sn)) {
      resp = b.forced ? b.forced : errs.empty() ? RESP_OKAY : err_resp(K_W, sa, sn);
      if (resp != RESP_OKAY) b.erred = true;
      if (resp == RESP_OKAY) {
        uint8_t* p = mem + (base - kMemBase);
        if (strb == lane_mask) {
          memcpy(p + l0, data + l0, l1 - l0);
        } else {
          for (unsigned j = lo; j <= hi; ++j)
            if (strb >> j & 1) p[j] = data[j];
        }
        mem_dirty = true;
      }
    } else if (sa >= kMsiBase && sa + sn <= kMsiBase + kMsiSize) {
      resp = errs.empty() ? RESP_OKAY : err_resp(K_W, sa, sn);
      if (resp != RESP_OKAY) b.erred = true;
      if (resp == RESP_OKAY) {
        for (unsigned d = lo / 4; d <= hi / 4; ++d) {
          const unsigned m = (strb >> (4 * d)) & 0xf;
          if (!m) continue;
          uint32_t v = 0;
          for (unsigned k = 0; k < 4; ++k)
            if (m >> k & 1) v |= (uint32_t)data[4 * d + k] << (8 * k);
          irqs.push_back({base + 4 * d, v, cycle});
        }
      }
    } else {
      resp = RESP_DECERR;
      mapped = false;
      violation('w', sa, sn);
    }
    if (mapped && checker_on) {
      // Check every run of set strobes against the write grants.
      bool ok = true;
      unsigned j = lo;
      while (j <= hi && ok) {
        while (j <= hi && !(strb >> j & 1)) ++j;
        unsigned k = j;
        while (k <= hi && (strb >> k & 1)) ++k;
        if (k > j) ok = covered(K_W, base + j, k - j);
        j = k;
      }
      if (!ok) violation('w', sa, sn);
    }
    if (resp > b.resp) b.resp = resp;
  }
  ++b.beat;
  if (is_last) {
    if (b.forced) {  // also a burst without any strobed byte answers the drawn error
      if (b.forced > b.resp) b.resp = b.forced;
      b.erred = true;
    }
    if (b.erred) {
      ++wr_err_bursts;
      log_err('w', b.addr, burst_end(b.addr, b.len, b.size));
    }
    bq_.push_back({b.id, b.resp, cycle + wr_lat - 1 + jitter(wr_jitter)});
    awq_.pop_front();
  }
}

void Sim::clear_bus_state() {
  rq_.clear();
  awq_.clear();
  bq_.clear();
  Vvcrypto_top* t = top;
  t->m_axi_rvalid = 0;
  t->m_axi_rlast = 0;
  t->m_axi_bvalid = 0;
  t->m_axi_arready = 0;
  t->m_axi_awready = 0;
  t->m_axi_wready = 0;
  ax_ = Axil();
  cfg_ = Cfg();
  t->s_axil_awvalid = 0;
  t->s_axil_wvalid = 0;
  t->s_axil_arvalid = 0;
  t->s_axil_bready = 0;
  t->s_axil_rready = 0;
  t->cfg_valid_i = 0;
}

void Sim::drive_axi() {
  Vvcrypto_top* t = top;
  if (in_reset_) return;  // everything held low by clear_bus_state()
  t->m_axi_arready = rq_.size() < kMaxOutstanding && !stall(CH_AR);
  t->m_axi_awready = awq_.size() < kMaxOutstanding && !stall(CH_AW);
  t->m_axi_wready = !awq_.empty() && !stall(CH_W);
  if (!t->m_axi_rvalid && !rq_.empty() && rq_.front().due <= cycle && !stall(CH_R)) present_r();
  if (!t->m_axi_bvalid && !bq_.empty() && bq_.front().due <= cycle && !stall(CH_B)) {
    t->m_axi_bid = bq_.front().id;
    t->m_axi_bresp = bq_.front().resp;
    t->m_axi_bvalid = 1;
  }
}

void Sim::drive_axil() {
  Vvcrypto_top* t = top;
  if (!ax_.active || ax_.done) {
    t->s_axil_awvalid = 0;
    t->s_axil_wvalid = 0;
    t->s_axil_arvalid = 0;
    t->s_axil_bready = 0;
    t->s_axil_rready = 0;
    return;
  }
  // A valid, once raised, stays until its handshake; stalls only delay raising it.
  if (ax_.write) {
    if (ax_.aw_done) t->s_axil_awvalid = 0;
    else if (!t->s_axil_awvalid && !stall(CH_MMIO)) {
      t->s_axil_awaddr = ax_.off;
      t->s_axil_awvalid = 1;
    }
    if (ax_.w_done) t->s_axil_wvalid = 0;
    else if (!t->s_axil_wvalid && !stall(CH_MMIO)) {
      t->s_axil_wdata = ax_.wdata;
      t->s_axil_wstrb = ax_.wstrb;
      t->s_axil_wvalid = 1;
    }
    t->s_axil_bready = !stall(CH_MMIO);
  } else {
    if (ax_.ar_done) t->s_axil_arvalid = 0;
    else if (!t->s_axil_arvalid && !stall(CH_MMIO)) {
      t->s_axil_araddr = ax_.off;
      t->s_axil_arvalid = 1;
    }
    t->s_axil_rready = !stall(CH_MMIO);
  }
}

// ------------------------------------------------------------------ clock

void Sim::tick() {
  Vvcrypto_top* t = top;
  // ---- sample the handshakes of this cycle (inputs and outputs settled, clk low)
  const bool ar_f = t->m_axi_arvalid && t->m_axi_arready;
  const bool aw_f = t->m_axi_awvalid && t->m_axi_awready;
  const bool w_f = t->m_axi_wvalid && t->m_axi_wready;
  const bool r_f = t->m_axi_rvalid && t->m_axi_rready;
  const bool b_f = t->m_axi_bvalid && t->m_axi_bready;
  uint32_t ar_id = 0, ar_len = 0, ar_size = 0, ar_burst = 0;
  uint32_t aw_id = 0, aw_len = 0, aw_size = 0, aw_burst = 0;
  uint64_t ar_addr = 0, aw_addr = 0, w_strb = 0;
  bool w_last = false;
  alignas(8) uint8_t w_data[kBytes];
  if (ar_f) {
    ar_id = t->m_axi_arid;
    ar_addr = t->m_axi_araddr;
    ar_len = t->m_axi_arlen;
    ar_size = t->m_axi_arsize;
    ar_burst = t->m_axi_arburst;
  }
  if (aw_f) {
    aw_id = t->m_axi_awid;
    aw_addr = t->m_axi_awaddr;
    aw_len = t->m_axi_awlen;
    aw_size = t->m_axi_awsize;
    aw_burst = t->m_axi_awburst;
  }
  if (w_f) {
    memcpy(w_data, &t->m_axi_wdata, kBytes);
    w_strb = t->m_axi_wstrb;
    w_last = t->m_axi_wlast;
  }
  if (ax_.active && !ax_.done) {
    if (t->s_axil_awvalid && t->s_axil_awready) ax_.aw_done = true;
    if (t->s_axil_wvalid && t->s_axil_wready) ax_.w_done = true;
    if (t->s_axil_arvalid && t->s_axil_arready) ax_.ar_done = true;
    if (ax_.write && t->s_axil_bvalid && t->s_axil_bready) {
      ax_.done = true;
      ax_.resp = t->s_axil_bresp;
    }
    if (!ax_.write && t->s_axil_rvalid && t->s_axil_rready) {
      ax_.done = true;
      ax_.rdata = t->s_axil_rdata;
      ax_.resp = t->s_axil_rresp;
    }
  }
  bool cfg_req = false;
  if (cfg_.active && !cfg_.done) {
    if (t->cfg_valid_i) cfg_req = true;
    else if (t->cfg_rvalid_o) {
      cfg_.done = true;
      cfg_.rdata = t->cfg_rdata_o;
    }
  }

  // ---- rising edge
  t->clk_i = 1;
  ctx_->time(cycle * 10 + 5);
  t->eval();
  if (tfp_) dump(cycle * 10 + 5);
  ++cycle;

  // ---- harness state after the edge
  if (!in_reset_) {
    if (r_f) {
      ++rd_beats;
      if (r_unmapped_) violation('r', r_addr_, r_len_);
      else if (checker_on && !covered(K_R, r_addr_, r_len_)) violation('r', r_addr_, r_len_);
      RdBurst& b = rq_.front();
      if (b.beat++ == b.len) {
        if (b.erred) {
          ++rd_err_bursts;
          log_err('r', b.addr, burst_end(b.addr, b.len, b.size));
        }
        rq_.pop_front();
      }
      t->m_axi_rvalid = 0;
    }
    if (b_f) {
      bq_.pop_front();
      t->m_axi_bvalid = 0;
    }
    if (ar_f) on_ar(ar_id, ar_addr, ar_len, ar_size, ar_burst);
    if (aw_f) on_aw(aw_id, aw_addr, aw_len, aw_size, aw_burst);
    if (w_f) on_w(w_data, w_strb, w_last);
    drive_axi();
    if (ax_.active) drive_axil();
  }
  if (cfg_req) t->cfg_valid_i = 0;

  // ---- falling edge: settle the new inputs
  t->clk_i = 0;
  ctx_->time(cycle * 10);
  t->eval();
  if (tfp_) dump(cycle * 10);
}

void Sim::reset(uint64_t n) {
  in_reset_ = true;
  clear_bus_state();
  top->rst_i = 1;
  top->eval();
  run(n);
  top->rst_i = 0;
  in_reset_ = false;
  drive_axi();
  top->eval();
}

// ------------------------------------------------------------------ ports

int Sim::cfg_access(bool write, uint32_t addr, uint32_t wdata, uint32_t be, uint32_t& rdata) {
  Vvcrypto_top* t = top;
  cfg_ = Cfg();
  cfg_.active = true;
  t->cfg_valid_i = 1;
  t->cfg_write_i = write;
  t->cfg_addr_i = addr & 0xfff;
  t->cfg_wdata_i = wdata;
  t->cfg_be_i = be & 0xf;
  t->eval();
  for (uint64_t i = 0; i < kPortTimeout && !cfg_.done; ++i) tick();
  const bool done = cfg_.done;
  rdata = cfg_.rdata;
  cfg_ = Cfg();
  t->cfg_valid_i = 0;
  t->eval();
  return done ? 0 : -1;
}

int Sim::axil_access(bool write, uint32_t off, uint32_t wdata, uint32_t wstrb, uint32_t& rdata) {
  ax_ = Axil();
  ax_.active = true;
  ax_.write = write;
  ax_.off = off & (kBar0Size - 1);
  ax_.wdata = wdata;
  ax_.wstrb = wstrb & 0xf;
  drive_axil();
  top->eval();
  for (uint64_t i = 0; i < kPortTimeout && !ax_.done; ++i) tick();
  const bool done = ax_.done;
  rdata = ax_.rdata;
  const uint8_t resp = ax_.resp;
  ax_ = Axil();
  drive_axil();  // drops every valid/ready (also after a timeout)
  top->eval();
  if (!done) return -1;
  return resp;
}
