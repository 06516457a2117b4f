// Self-checking unit bench for vcrypto_dma.
//
// A byte-array host memory sits behind an AXI4 slave model with seeded random latency and
// ready/valid backpressure on every channel. NUM_RD=2 read clients and NUM_WR=3 write clients
// issue random commands (1..9000 bytes, every alignment) concurrently; every byte read and
// written is compared, AXI rules are checked (4 KiB, len, wlast, strobes only on the bytes of the
// command being written, stable payload under backpressure), SLVERR is injected on some commands
// and enable_i (bus master enable) is dropped for random windows.
// Reads must be byte-exact: the slave accepts narrow (arsize < bus width) and unaligned INCR
// bursts, computes each burst's byte range exactly (first beat from araddr to the next `size`
// boundary, later beats full `size`) and fails on any byte outside [addr, addr+len) of the read
// command. Data sits on the byte lanes of its address; all other lanes carry the complement of
// memory, so using a lane that was not read shows up as a data mismatch.
//
// Usage: unit --seed N --count N --width 64|128|256
// Prints "PASS <n> commands" (exit 0) or the first mismatch (exit 1).

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "verilated.h"
#include "Vdma64.h"
#include "Vdma128.h"
#include "Vdma256.h"

double sc_time_stamp() { return 0; }

namespace {

constexpr int NUM_RD = 2;
constexpr int NUM_WR = 3;
constexpr int LEN_W = 16;
constexpr int ID_W = 4;
constexpr uint64_t MEM_BASE = 0xFEDCBA98FFF00000ull;  // crosses a 4 GiB boundary at +1 MiB
constexpr uint64_t MEM_SIZE = 2u << 20;
constexpr uint32_t MARGIN = 64;

// ------------------------------------------------------------------ random
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 0x1234567ull) { next(); }
  uint64_t next() {
    s ^= s >> 12; s ^= s << 25; s ^= s >> 27;
    return s * 0x2545F4914F6CDD1Dull;
  }
  uint32_t below(uint32_t n) { return n ? (uint32_t)(next() % n) : 0; }
  uint32_t range(uint32_t lo, uint32_t hi) { return lo + below(hi - lo + 1); }
  bool chance(double p) { return (next() >> 11) * (1.0 / 9007199254740992.0) < p; }
};

// ------------------------------------------------------------------ signal access
template <class T, std::enable_if_t<std::is_integral<T>::value, int> = 0>
inline void put(T& s, int off, int w, uint64_t v) {
  uint64_t m = (w >= 64 ? ~0ull : ((1ull << w) - 1)) << off;
  s = (T)(((uint64_t)s & ~m) | ((v << off) & m));
}
template <class T, std::enable_if_t<std::is_integral<T>::value, int> = 0>
inline uint64_t get(const T& s, int off, int w) {
  uint64_t v = (uint64_t)s >> off;
  return w >= 64 ? v : (v & ((1ull << w) - 1));
}
template <std::size_t N>
inline void put(VlWide<N>& s, int off, int w, uint64_t v) {
  while (w > 0) {
    int wi = off / 32, bi = off % 32, n = std::min(w, 32 - bi);
    uint32_t lm = n == 32 ? 0xFFFFFFFFu : ((1u << n) - 1);
    uint32_t m = lm << bi;
    s[wi] = (s[wi] & ~m) | ((((uint32_t)v) & lm) << bi);
    v = n == 64 ? 0 : (v >> n);
    off += n;
    w -= n;
  }
}
template <std::size_t N>
inline uint64_t get(const VlWide<N>& s, int off, int w) {
  uint64_t v = 0;
  int got = 0;
  while (got < w) {
    int wi = off / 32, bi = off % 32, n = std::min(w - got, 32 - bi);
    uint32_t lm = n == 32 ? 0xFFFFFFFFu : ((1u << n) - 1);
    v |= (uint64_t)((s[wi] >> bi) & lm) << got;
    off += n;
    got += n;
  }
  return v;
}

// ------------------------------------------------------------------ commands
struct Cmd {
  int id = 0;
  bool write = false;
  int client = 0;
  uint64_t addr = 0;
  uint32_t len = 0;
  std::vector<uint8_t> data;  // write: bytes to write; read: expected bytes
  bool inject = false;        // SLVERR on the burst holding err_byte
  uint64_t err_byte = 0;
  bool accepted = false;
  bool done = false;
  uint64_t en_low = 0, en_high = 0;  // enable_i cycles seen while in progress
  uint32_t beats_given = 0;          // write: client beats handed over
  uint32_t bytes_got = 0;            // read: bytes received
  bool err_seen = false;             // read: some beat carried err
  int open_bursts = 0;               // write: AW accepted, B not yet delivered
};

struct Burst {
  uint64_t addr = 0;
  uint32_t beats = 0;
  uint32_t size = 0;  // log2 bytes per beat (AR may be narrow)
  uint32_t idx = 0;
  uint32_t id = 0;    // AXI ID
  bool err = false;
  uint64_t ready_at = 0;
  Cmd* cmd = nullptr;
};

[[noreturn]] void fail(uint64_t cyc, const std::string& msg) {
  std::printf("FAIL cycle %llu: %s\n", (unsigned long long)cyc, msg.c_str());
  std::fflush(stdout);
  std::exit(1);
}

std::string hex(uint64_t v) {
  char b[32];
  std::snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
  return b;
}

std::string describe(const Cmd* c) {
  return std::string(c->write ? "write" : "read") + " cmd " + std::to_string(c->id) + " client " +
         std::to_string(c->client) + " addr " + hex(c->addr) + " len " + std::to_string(c->len) +
         (c->inject ? " inject@" + hex(c->err_byte) : "");
}

// ------------------------------------------------------------------ bench
template <class M, int W>
class Bench {
  static constexpr int B = W / 8;
  static constexpr int LOGB = W == 64 ? 3 : W == 128 ? 4 : 5;

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<M> m_;
  Rng rng_;
  uint64_t cyc_ = 0;
  int count_;
  int created_ = 0, completed_ = 0;
  std::vector<uint8_t> mem_;
  std::vector<std::unique_ptr<Cmd>> all_;
  std::vector<Cmd*> live_;
  std::deque<Cmd*> rq_[NUM_RD], rfly_[NUM_RD];   // read: queued / accepted
  std::deque<Cmd*> wq_[NUM_WR], wfly_[NUM_WR];   // write: queued / accepted
  bool rcmd_valid_[NUM_RD] = {}, wcmd_valid_[NUM_WR] = {};
  bool wdat_valid_[NUM_WR] = {};
  Cmd* wdat_cmd_[NUM_WR] = {};
  // slave
  std::deque<Burst> arq_, awq_, bq_;
  bool rvalid_ = false, bvalid_ = false;
  std::vector<uint8_t> rbeat_;
  // previous-cycle view for stability checks
  bool p_arvalid_ = false, p_arready_ = false, p_awvalid_ = false, p_awready_ = false;
  bool p_wvalid_ = false, p_wready_ = false;
  uint64_t p_araddr_ = 0, p_arlen_ = 0, p_arsize_ = 0, p_awaddr_ = 0, p_awlen_ = 0, p_wstrb_ = 0;
  bool p_wlast_ = false;
  std::vector<uint8_t> p_wdata_;
  bool enable_ = true, p_enable_ = true;
  uint64_t en_toggle_at_ = 0;
  // knobs
  double p_arready_k_ = 1, p_awready_k_ = 1, p_wready_k_ = 1, p_rvalid_k_ = 1, p_bvalid_k_ = 1;
  double p_rdready_k_ = 1, p_wdvalid_k_ = 1, p_cmd_k_ = 0.2;
  uint32_t max_lat_ = 8;
  uint64_t last_progress_ = 0;
  uint64_t stat_narrow_ = 0, stat_unaligned_ = 0;
  bool trace_ = std::getenv("DMA_TRACE") != nullptr;  // print read accepts and AR bursts
  uint64_t stat_rbeats_ = 0, stat_wbeats_ = 0, stat_err_cmds_ = 0, stat_dis_cmds_ = 0;

 public:
  Bench(uint64_t seed, int count) : ctx_(new VerilatedContext), rng_(seed), count_(count) {
    m_.reset(new M(ctx_.get()));
    mem_.resize(MEM_SIZE);
    for (auto& b : mem_) b = (uint8_t)rng_.next();
    rbeat_.resize(B);
    p_wdata_.resize(B);
  }

  int run() {
    M& m = *m_;
    m.clk_i = 0;
    m.rst_i = 1;
    m.enable_i = 1;
    drive_idle();
    for (int i = 0; i < 5; i++) { m.clk_i = 0; m.eval(); m.clk_i = 1; m.eval(); }
    m.rst_i = 0;
    en_toggle_at_ = 1000 + rng_.below(20000);
    while (completed_ < count_) {
      step();
      if (cyc_ - last_progress_ > 300000) {
        for (Cmd* c : live_)
          if (c->accepted)
            std::printf("  open: %s, %u bytes received, %u beats given\n", describe(c).c_str(),
                        c->bytes_got, c->beats_given);
        fail(cyc_, "timeout: no progress for 300000 cycles");
      }
    }
    for (int i = 0; i < 50; i++) step();
    if (m.rd_busy_o || m.wr_busy_o) fail(cyc_, "busy after all commands completed");
    if (!arq_.empty() || !awq_.empty() || !bq_.empty()) fail(cyc_, "AXI bursts left over");
    std::printf("PASS %d commands (width %d, %d cycles, %llu read beats, %llu narrow and %llu "
                "unaligned AR bursts, %llu write beats, %llu with err, %llu hit by enable=0)\n",
                completed_, W, (int)cyc_, (unsigned long long)stat_rbeats_,
                (unsigned long long)stat_narrow_, (unsigned long long)stat_unaligned_,
                (unsigned long long)stat_wbeats_, (unsigned long long)stat_err_cmds_,
                (unsigned long long)stat_dis_cmds_);
    return 0;
  }

 private:
  void drive_idle() {
    M& m = *m_;
    m.rd_cmd_valid_i = 0;
    m.wr_cmd_valid_i = 0;
    m.rd_data_ready_i = 0;
    m.wr_data_valid_i = 0;
    m.m_axi_arready = 0;
    m.m_axi_awready = 0;
    m.m_axi_wready = 0;
    m.m_axi_rvalid = 0;
    m.m_axi_bvalid = 0;
  }

  // ---------------------------------------------------------------- command creation
  bool overlaps(uint64_t a, uint32_t len) {
    for (Cmd* c : live_)
      if (a < c->addr + c->len + MARGIN && c->addr < a + len + MARGIN) return true;
    return false;
  }

  Cmd* create(bool write, int client) {
    uint32_t len;
    uint32_t r = rng_.below(100);
    if (r < 15) len = rng_.range(1, 2 * B);
    else if (r < 35) len = rng_.range(1, 64);
    else if (r < 65) len = rng_.range(1, 700);
    else if (r < 70) len = rng_.range(4090, 4100);
    else len = rng_.range(1, 9000);
    uint64_t addr = 0;
    bool ok = false;
    for (int t = 0; t < 40 && !ok; t++) {
      uint64_t lo = MARGIN, hi = MEM_SIZE - MARGIN - len;
      uint64_t off = lo + rng_.next() % (hi - lo);
      if (rng_.chance(0.3)) {  // start or end near a 4 KiB page boundary
        uint64_t page = (off & ~0xFFFull) + 0x1000;
        off = rng_.chance(0.5) ? page - rng_.below(2 * B + 1) : page - len + rng_.below(2 * B + 1);
        if (off < lo || off > hi) continue;
      }
      addr = MEM_BASE + off;
      ok = !overlaps(addr, len);
    }
    if (!ok) return nullptr;
    auto c = std::make_unique<Cmd>();
    c->id = created_++;
    c->write = write;
    c->client = client;
    c->addr = addr;
    c->len = len;
    c->data.resize(len);
    uint64_t off = addr - MEM_BASE;
    if (write) {
      for (auto& b : c->data) b = (uint8_t)rng_.next();
      // Pre-fill with the complement so an unwritten byte always shows.
      for (uint32_t i = 0; i < len; i++) mem_[off + i] = (uint8_t)~c->data[i];
    } else {
      std::memcpy(c->data.data(), &mem_[off], len);
    }
    if (rng_.chance(0.06)) {
      c->inject = true;
      c->err_byte = addr + rng_.below(len);
    }
    Cmd* p = c.get();
    all_.push_back(std::move(c));
    live_.push_back(p);
    return p;
  }

  void retire(Cmd* c) {
    c->done = true;
    completed_++;
    last_progress_ = cyc_;
    if (c->en_low) stat_dis_cmds_++;
    for (size_t i = 0; i < live_.size(); i++)
      if (live_[i] == c) { live_.erase(live_.begin() + i); break; }
  }

  Cmd* find_cmd(uint64_t lo, uint64_t hi, bool write) {  // [lo,hi) intersects cmd range
    for (Cmd* c : live_)
      if (c->write == write && c->accepted && lo < c->addr + c->len && c->addr < hi) return c;
    return nullptr;
  }

  // ---------------------------------------------------------------- one clock cycle
  void step() {
    M& m = *m_;
    cyc_++;

    if (cyc_ % 4000 == 1) {  // new backpressure knobs for the next phase
      static const double ps[] = {1.0, 1.0, 0.8, 0.5, 0.25};
      p_arready_k_ = ps[rng_.below(5)];
      p_awready_k_ = ps[rng_.below(5)];
      p_wready_k_ = ps[rng_.below(5)];
      p_rvalid_k_ = ps[rng_.below(5)];
      p_bvalid_k_ = ps[rng_.below(5)];
      p_rdready_k_ = ps[rng_.below(5)];
      p_wdvalid_k_ = ps[rng_.below(5)];
      p_cmd_k_ = rng_.chance(0.5) ? 0.5 : 0.05;
      max_lat_ = rng_.chance(0.3) ? 40 : rng_.chance(0.5) ? 4 : 0;
    }

    // enable_i windows
    if (cyc_ >= en_toggle_at_) {
      enable_ = !enable_;
      en_toggle_at_ = cyc_ + (enable_ ? 2000 + rng_.below(30000) : 1 + rng_.below(3000));
    }

    // create commands (reads: up to 3 per client in flight, so the DMA's 4-entry command FIFO
    // also runs full)
    for (int i = 0; i < NUM_RD; i++)
      if (created_ < count_ && rq_[i].empty() && rfly_[i].size() < 3 && rng_.chance(p_cmd_k_))
        if (Cmd* c = create(false, i)) rq_[i].push_back(c);
    for (int j = 0; j < NUM_WR; j++)
      if (created_ < count_ && wq_[j].empty() && wfly_[j].size() < 2 && rng_.chance(p_cmd_k_))
        if (Cmd* c = create(true, j)) wq_[j].push_back(c);

    // ---- drive inputs
    m.enable_i = enable_;
    uint32_t v = 0;
    for (int i = 0; i < NUM_RD; i++) {
      if (!rq_[i].empty() && (rcmd_valid_[i] || rng_.chance(0.5))) {
        rcmd_valid_[i] = true;
        put(m.rd_cmd_addr_i, 64 * i, 64, rq_[i].front()->addr);
        put(m.rd_cmd_len_i, LEN_W * i, LEN_W, rq_[i].front()->len);
      } else {
        rcmd_valid_[i] = false;
        put(m.rd_cmd_addr_i, 64 * i, 64, rng_.next());
        put(m.rd_cmd_len_i, LEN_W * i, LEN_W, rng_.next());
      }
      if (rcmd_valid_[i]) v |= 1u << i;
    }
    m.rd_cmd_valid_i = v;
    v = 0;
    for (int j = 0; j < NUM_WR; j++) {
      if (!wq_[j].empty() && (wcmd_valid_[j] || rng_.chance(0.5))) {
        wcmd_valid_[j] = true;
        put(m.wr_cmd_addr_i, 64 * j, 64, wq_[j].front()->addr);
        put(m.wr_cmd_len_i, LEN_W * j, LEN_W, wq_[j].front()->len);
      } else {
        wcmd_valid_[j] = false;
        put(m.wr_cmd_addr_i, 64 * j, 64, rng_.next());
        put(m.wr_cmd_len_i, LEN_W * j, LEN_W, rng_.next());
      }
      if (wcmd_valid_[j]) v |= 1u << j;
    }
    m.wr_cmd_valid_i = v;
    v = 0;
    for (int i = 0; i < NUM_RD; i++)
      if (rng_.chance(p_rdready_k_)) v |= 1u << i;
    m.rd_data_ready_i = v;
    // write data: the first command (accepted, then queued) with beats still to give
    v = 0;
    for (int j = 0; j < NUM_WR; j++) {
      Cmd* c = nullptr;
      for (Cmd* x : wfly_[j]) if (!c && x->beats_given * B < x->len) c = x;
      for (Cmd* x : wq_[j]) if (!c && x->beats_given * B < x->len) c = x;
      if (c != wdat_cmd_[j]) wdat_valid_[j] = false;
      wdat_cmd_[j] = c;
      if (c && (wdat_valid_[j] || rng_.chance(p_wdvalid_k_))) {
        wdat_valid_[j] = true;
        for (int l = 0; l < B; l++) {
          uint32_t k = c->beats_given * B + l;
          put(m.wr_data_i, j * W + 8 * l, 8, k < c->len ? c->data[k] : (uint8_t)rng_.next());
        }
        v |= 1u << j;
      } else {
        wdat_valid_[j] = false;
        for (int l = 0; l < B; l += 8) put(m.wr_data_i, j * W + 8 * l, 64, rng_.next());
      }
    }
    m.wr_data_valid_i = v;

    // slave ready signals
    m.m_axi_arready = rng_.chance(p_arready_k_);
    m.m_axi_awready = rng_.chance(p_awready_k_);
    m.m_axi_wready = !awq_.empty() && rng_.chance(p_wready_k_);
    // R
    if (!rvalid_ && !arq_.empty() && arq_.front().ready_at <= cyc_ && rng_.chance(p_rvalid_k_)) {
      Burst& b = arq_.front();
      // AXI: beat 0 at addr, beat n at align(addr, size) + n*size; bytes on their own lanes.
      uint64_t S = 1ull << b.size;
      uint64_t al = b.addr & ~(S - 1);
      uint64_t lo = b.idx == 0 ? b.addr : al + (uint64_t)b.idx * S;
      uint64_t hi = al + (uint64_t)(b.idx + 1) * S;
      uint64_t base = lo & ~(uint64_t)(B - 1);
      for (int l = 0; l < B; l++) {
        uint64_t ba = base + l, o = ba - MEM_BASE;
        uint8_t mv = o < MEM_SIZE ? mem_[o] : 0;
        if (b.err) rbeat_[l] = (uint8_t)rng_.next();
        else if (ba >= lo && ba < hi) rbeat_[l] = mv;
        else rbeat_[l] = (uint8_t)~mv;  // lane not part of this beat
      }
      rvalid_ = true;
      m.m_axi_rid = b.cmd->client & ((1 << ID_W) - 1);
      m.m_axi_rresp = b.err ? 2 : 0;
      m.m_axi_rlast = b.idx + 1 == b.beats;
      for (int l = 0; l < B; l++) put(m.m_axi_rdata, 8 * l, 8, rbeat_[l]);
    }
    m.m_axi_rvalid = rvalid_;
    // B
    if (!bvalid_ && !bq_.empty() && bq_.front().ready_at <= cyc_ && rng_.chance(p_bvalid_k_)) {
      bvalid_ = true;
      m.m_axi_bid = bq_.front().cmd->client & ((1 << ID_W) - 1);
      m.m_axi_bresp = bq_.front().err ? 2 : 0;
    }
    m.m_axi_bvalid = bvalid_;

    m.clk_i = 0;
    m.eval();

    // ---- observe and check
    for (Cmd* c : live_)
      if (c->accepted) (enable_ ? c->en_high : c->en_low)++;

    check_ar();
    check_r();
    check_aw();
    check_w();
    check_b();
    check_clients();

    p_enable_ = enable_;
    m.clk_i = 1;
    m.eval();
  }

  void check_burst_common(const char* ch, uint64_t addr, uint64_t len, uint64_t size,
                          uint64_t burst) {
    if (size != (uint64_t)LOGB) fail(cyc_, std::string(ch) + "size " + std::to_string(size));
    if (burst != 1) fail(cyc_, std::string(ch) + "burst not INCR");
    if (addr % B) fail(cyc_, std::string(ch) + "addr not beat aligned " + hex(addr));
    if (len > 255) fail(cyc_, std::string(ch) + "len > 255");
    uint64_t end = addr + (len + 1) * B - 1;
    if ((addr >> 12) != (end >> 12))
      fail(cyc_, std::string(ch) + "burst crosses 4 KiB: " + hex(addr) + " len " +
                     std::to_string(len));
  }

  void check_ar() {
    M& m = *m_;
    bool valid = m.m_axi_arvalid;
    if (p_arvalid_ && !p_arready_) {
      if (!valid) fail(cyc_, "ARVALID dropped before ARREADY");
      if (m.m_axi_araddr != p_araddr_ || m.m_axi_arlen != p_arlen_ ||
          m.m_axi_arsize != p_arsize_)
        fail(cyc_, "AR payload changed while waiting");
    } else if (valid && !p_enable_) {
      fail(cyc_, "new AR while enable_i was low");
    }
    if (valid && m.m_axi_arready) {
      uint64_t addr = m.m_axi_araddr, len = m.m_axi_arlen, size = m.m_axi_arsize;
      if (size > (uint64_t)LOGB) fail(cyc_, "AR size " + std::to_string(size) + " wider than the bus");
      if (m.m_axi_arburst != 1) fail(cyc_, "AR burst not INCR");
      if (len > 255) fail(cyc_, "AR len > 255");
      uint64_t S = 1ull << size;
      uint64_t hi = (addr & ~(S - 1)) + (len + 1) * S;  // exact end of the bytes read
      std::string what = "AR " + hex(addr) + " len " + std::to_string(len) + " size " +
                         std::to_string(size) + " (bytes " + hex(addr) + ".." + hex(hi - 1) + ")";
      if ((addr >> 12) != ((hi - 1) >> 12)) fail(cyc_, what + " crosses 4 KiB");
      Cmd* c = find_cmd(addr, hi, false);
      if (!c) fail(cyc_, what + " outside every accepted read command");
      if (addr < c->addr || hi > c->addr + c->len)
        fail(cyc_, what + " reads beyond " + describe(c));
      if (trace_) std::printf("%llu %s for %s\n", (unsigned long long)cyc_, what.c_str(), describe(c).c_str());
      if (size != (uint64_t)LOGB) stat_narrow_++;
      if (addr % B) stat_unaligned_++;
      // The DMA overlaps read commands of different clients and relies on their R beats coming
      // back in order: every burst outstanding at once must carry one ARID (an AXI slave may
      // reorder bursts of different IDs).
      if (!arq_.empty() && m.m_axi_arid != arq_.back().id)
        fail(cyc_, "ARID differs from the ID of the bursts still outstanding");
      Burst b;
      b.id = (uint32_t)m.m_axi_arid;
      b.addr = addr;
      b.beats = (uint32_t)len + 1;
      b.size = (uint32_t)size;
      b.cmd = c;
      b.err = c->inject && c->err_byte >= addr && c->err_byte < hi;
      b.ready_at = cyc_ + rng_.below(max_lat_ + 1);
      arq_.push_back(b);
      last_progress_ = cyc_;
    }
    p_arvalid_ = valid;
    p_arready_ = m.m_axi_arready;
    p_araddr_ = m.m_axi_araddr;
    p_arlen_ = m.m_axi_arlen;
    p_arsize_ = m.m_axi_arsize;
  }

  void check_r() {
    M& m = *m_;
    if (rvalid_ && m.m_axi_rready) {
      Burst& b = arq_.front();
      b.idx++;
      stat_rbeats_++;
      if (b.idx == b.beats) arq_.pop_front();
      rvalid_ = false;
      last_progress_ = cyc_;
    }
  }

  void check_aw() {
    M& m = *m_;
    bool valid = m.m_axi_awvalid;
    if (p_awvalid_ && !p_awready_) {
      if (!valid) fail(cyc_, "AWVALID dropped before AWREADY");
      if (m.m_axi_awaddr != p_awaddr_ || m.m_axi_awlen != p_awlen_)
        fail(cyc_, "AW payload changed while waiting");
    } else if (valid && !p_enable_) {
      fail(cyc_, "new AW while enable_i was low");
    }
    if (valid && m.m_axi_awready) {
      uint64_t addr = m.m_axi_awaddr, len = m.m_axi_awlen;
      check_burst_common("AW ", addr, len, m.m_axi_awsize, m.m_axi_awburst);
      uint64_t hi = addr + (len + 1) * B;
      Cmd* c = find_cmd(addr, hi, true);
      if (!c) fail(cyc_, "AW " + hex(addr) + " outside every accepted write command");
      uint64_t alo = c->addr & ~(uint64_t)(B - 1);
      uint64_t ahi = (c->addr + c->len + B - 1) & ~(uint64_t)(B - 1);
      if (addr < alo || hi > ahi)
        fail(cyc_, "AW " + hex(addr) + " len " + std::to_string(len) + " beyond " + describe(c));
      // Write commands of any clients overlap (a command's B responses are awaited while the
      // next one is sent) and the DMA relies on B coming back in command order: every burst
      // still owed a B response must carry one AWID (an AXI slave may reorder IDs).
      const Burst* owed = !awq_.empty() ? &awq_.back() : !bq_.empty() ? &bq_.back() : nullptr;
      if (owed && m.m_axi_awid != owed->id)
        fail(cyc_, "AWID differs from the ID of the bursts still owed a B response");
      Burst b;
      b.id = (uint32_t)m.m_axi_awid;
      b.addr = addr;
      b.beats = (uint32_t)len + 1;
      b.cmd = c;
      b.err = c->inject && c->err_byte >= addr && c->err_byte < hi;
      awq_.push_back(b);
      c->open_bursts++;
      last_progress_ = cyc_;
    }
    p_awvalid_ = valid;
    p_awready_ = m.m_axi_awready;
    p_awaddr_ = m.m_axi_awaddr;
    p_awlen_ = m.m_axi_awlen;
  }

  void check_w() {
    M& m = *m_;
    bool valid = m.m_axi_wvalid;
    uint64_t strb = get(m.m_axi_wstrb, 0, B);
    if (p_wvalid_ && !p_wready_) {
      if (!valid) fail(cyc_, "WVALID dropped before WREADY");
      bool same = strb == p_wstrb_ && (bool)m.m_axi_wlast == p_wlast_;
      for (int l = 0; l < B && same; l++)
        same = get(m.m_axi_wdata, 8 * l, 8) == p_wdata_[l];
      if (!same) fail(cyc_, "W payload changed while waiting");
    }
    if (valid && m.m_axi_wready) {
      if (awq_.empty()) fail(cyc_, "W beat accepted without AW (bench bug)");
      Burst& b = awq_.front();
      Cmd* c = b.cmd;
      bool last = b.idx + 1 == b.beats;
      if ((bool)m.m_axi_wlast != last)
        fail(cyc_, "WLAST wrong at beat " + std::to_string(b.idx) + " of " +
                       std::to_string(b.beats) + " (" + describe(c) + ")");
      uint64_t a = b.addr + (uint64_t)b.idx * B;
      for (int l = 0; l < B; l++) {
        if (!((strb >> l) & 1)) continue;
        uint64_t ba = a + l;
        if (ba < c->addr || ba >= c->addr + c->len)
          fail(cyc_, "strobe on byte " + hex(ba) + " outside " + describe(c));
        uint8_t d = (uint8_t)get(m.m_axi_wdata, 8 * l, 8);
        uint8_t e = c->data[ba - c->addr];
        if (d != e)
          fail(cyc_, "write data byte " + hex(ba) + " = " + hex(d) + ", expected " + hex(e) +
                         " (" + describe(c) + ")");
        if (!b.err) mem_[ba - MEM_BASE] = d;
      }
      stat_wbeats_++;
      b.idx++;
      if (last) {
        b.ready_at = cyc_ + rng_.below(max_lat_ + 1);
        bq_.push_back(b);
        awq_.pop_front();
      }
      last_progress_ = cyc_;
    }
    p_wvalid_ = valid;
    p_wready_ = m.m_axi_wready;
    p_wstrb_ = strb;
    p_wlast_ = m.m_axi_wlast;
    for (int l = 0; l < B; l++) p_wdata_[l] = (uint8_t)get(m.m_axi_wdata, 8 * l, 8);
  }

  void check_b() {
    M& m = *m_;
    if (bvalid_ && m.m_axi_bready) {
      bq_.front().cmd->open_bursts--;
      bq_.pop_front();
      bvalid_ = false;
      last_progress_ = cyc_;
    }
  }

  void check_err_rule(Cmd* c, bool err) {
    if (err) stat_err_cmds_++;
    if (c->en_low == 0 && !c->inject && err) fail(cyc_, "unexpected err on " + describe(c));
    if (c->en_low == 0 && c->inject && !err) fail(cyc_, "missing err on " + describe(c));
    if (c->en_high == 0 && !err)
      fail(cyc_, "no err although enable_i was low throughout " + describe(c));
  }

  void check_clients() {
    M& m = *m_;
    // command handshakes
    for (int i = 0; i < NUM_RD; i++) {
      bool rdy = (m.rd_cmd_ready_o >> i) & 1;
      if (rcmd_valid_[i] && rdy) {
        Cmd* c = rq_[i].front();
        rq_[i].pop_front();
        c->accepted = true;
        if (trace_) std::printf("%llu accept %s en=%d\n", (unsigned long long)cyc_, describe(c).c_str(), (int)enable_);
        rfly_[i].push_back(c);
        rcmd_valid_[i] = false;
        last_progress_ = cyc_;
      }
    }
    for (int j = 0; j < NUM_WR; j++) {
      bool rdy = (m.wr_cmd_ready_o >> j) & 1;
      if (wcmd_valid_[j] && rdy) {
        Cmd* c = wq_[j].front();
        wq_[j].pop_front();
        c->accepted = true;
        wfly_[j].push_back(c);
        wcmd_valid_[j] = false;
        last_progress_ = cyc_;
      }
    }
    // read data
    uint32_t dv = m.rd_data_valid_o;
    if (dv & (dv - 1)) fail(cyc_, "rd_data_valid_o has several bits set");
    for (int i = 0; i < NUM_RD; i++) {
      if (!((dv >> i) & 1)) continue;
      if (rfly_[i].empty()) fail(cyc_, "read data for client " + std::to_string(i) + " with no command");
      if (!((m.rd_data_ready_i >> i) & 1)) continue;
      Cmd* c = rfly_[i].front();
      uint32_t left = c->len - c->bytes_got;
      uint32_t exp_bytes = left < (uint32_t)B ? left : B;
      bool last = m.rd_data_last_o, err = m.rd_data_err_o;
      if (m.rd_data_bytes_o != exp_bytes)
        fail(cyc_, "rd_data_bytes_o " + std::to_string(m.rd_data_bytes_o) + ", expected " +
                       std::to_string(exp_bytes) + " (" + describe(c) + ")");
      if (last != (left <= (uint32_t)B)) fail(cyc_, "rd_data_last_o wrong on " + describe(c));
      if (c->err_seen && !err) fail(cyc_, "rd_data_err_o not sticky on " + describe(c));
      if (!err) {
        for (uint32_t l = 0; l < exp_bytes; l++) {
          uint8_t d = (uint8_t)get(m.rd_data_o, 8 * l, 8);
          uint8_t e = c->data[c->bytes_got + l];
          if (d != e)
            fail(cyc_, "read byte " + std::to_string(c->bytes_got + l) + " = " + hex(d) +
                           ", expected " + hex(e) + " (" + describe(c) + ")");
        }
      }
      c->err_seen |= err;
      c->bytes_got += exp_bytes;
      last_progress_ = cyc_;
      if (last) {
        check_err_rule(c, err);
        rfly_[i].pop_front();
        retire(c);
      }
    }
    // write data handshakes
    for (int j = 0; j < NUM_WR; j++) {
      if (wdat_valid_[j] && ((m.wr_data_ready_o >> j) & 1)) {
        Cmd* c = wdat_cmd_[j];
        if (!c->accepted) fail(cyc_, "write data taken before its command: " + describe(c));
        c->beats_given++;
        wdat_valid_[j] = false;
        last_progress_ = cyc_;
      }
    }
    // write done
    uint32_t done = m.wr_done_o;
    for (int j = 0; j < NUM_WR; j++) {
      if (!((done >> j) & 1)) continue;
      if (wfly_[j].empty()) fail(cyc_, "wr_done_o for client " + std::to_string(j) + " with no command");
      Cmd* c = wfly_[j].front();
      bool err = m.wr_done_err_o;
      if (c->beats_given * B < c->len) fail(cyc_, "wr_done before all data was given: " + describe(c));
      if (c->open_bursts) fail(cyc_, "wr_done with B responses outstanding: " + describe(c));
      // an AW of this command still waiting (the AW on the bus may belong to the client's next
      // command: the DMA starts it while this one's B responses are still coming)
      if (m.m_axi_awvalid) {
        const uint64_t aw = m.m_axi_awaddr;
        const uint64_t alo = c->addr & ~(uint64_t)(B - 1);
        const uint64_t ahi = (c->addr + c->len + B - 1) & ~(uint64_t)(B - 1);
        if (aw >= alo && aw < ahi) fail(cyc_, "wr_done while an AW of the command waits: " + describe(c));
      }
      check_err_rule(c, err);
      uint64_t off = c->addr - MEM_BASE;
      if (!err) {
        for (uint32_t k = 0; k < c->len; k++)
          if (mem_[off + k] != c->data[k])
            fail(cyc_, "memory byte " + hex(c->addr + k) + " = " + hex(mem_[off + k]) +
                           " after write, expected " + hex(c->data[k]) + " (" + describe(c) + ")");
      }
      if (c->en_high == 0) {
        for (uint32_t k = 0; k < c->len; k++)
          if (mem_[off + k] != (uint8_t)~c->data[k])
            fail(cyc_, "memory written although enable_i was low: " + describe(c));
      }
      wfly_[j].pop_front();
      retire(c);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  uint64_t seed = 1;
  int count = 2000, width = 128;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    auto need = [&](void) -> const char* {
      if (i + 1 >= argc) { std::fprintf(stderr, "missing value for %s\n", a.c_str()); std::exit(2); }
      return argv[++i];
    };
    if (a == "--seed") seed = std::strtoull(need(), nullptr, 0);
    else if (a == "--count") count = std::atoi(need());
    else if (a == "--width") width = std::atoi(need());
    else { std::fprintf(stderr, "usage: unit [--seed N] [--count N] [--width 64|128|256]\n"); return 2; }
  }
  switch (width) {
    case 64: return Bench<Vdma64, 64>(seed, count).run();
    case 128: return Bench<Vdma128, 128>(seed, count).run();
    case 256: return Bench<Vdma256, 256>(seed, count).run();
    default: std::fprintf(stderr, "width must be 64, 128 or 256\n"); return 2;
  }
}
