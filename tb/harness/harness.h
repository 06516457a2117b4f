// harness.h: the simulated PCIe root complex + host memory around vcrypto_top.
// See docs/console.md for the protocol this harness serves.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "Vvcrypto_top.h"

// Build-time parameters (sim/verilator.mk passes the same values to Verilator as -G).
#ifndef VC_DATA_WIDTH
#define VC_DATA_WIDTH 128
#endif
#ifndef VC_NUM_DATAQ
#define VC_NUM_DATAQ 4
#endif
#ifndef VC_QSIZE_MAX
#define VC_QSIZE_MAX 256
#endif

static_assert(VC_DATA_WIDTH == 64 || VC_DATA_WIDTH == 128 || VC_DATA_WIDTH == 256,
              "DATA_WIDTH must be 64, 128 or 256");

constexpr unsigned kBytes = VC_DATA_WIDTH / 8;      // bytes per AXI4 data beat
constexpr uint64_t kMemBase = 0x100000000ull;       // host memory base address
constexpr uint64_t kMsiBase = 0xFEE00000ull;        // MSI window
constexpr uint64_t kMsiSize = 0x100000ull;
constexpr uint64_t kBar0Size = 0x8000ull;           // 32 KiB
constexpr unsigned kMaxOutstanding = 16;            // AR / AW accepted ahead of data
constexpr uint64_t kPortTimeout = 100000;           // cycle limit for cfg / MMIO replies

// AXI responses.
enum : uint8_t { RESP_OKAY = 0, RESP_EXOKAY = 1, RESP_SLVERR = 2, RESP_DECERR = 3 };

// Channels for random stall injection.
enum Chan { CH_AR, CH_R, CH_AW, CH_W, CH_B, CH_MMIO, CH_N };

// Access kinds of grants / error ranges (bit mask).
enum : int { K_R = 1, K_W = 2 };

struct Range {
  uint64_t id;
  int kind;       // K_R / K_W mask
  uint64_t addr;
  uint64_t len;
  uint8_t resp;   // error ranges only
};

struct Violation {
  char kind;  // 'r' / 'w'
  uint64_t addr, len, cycle;
};

struct IrqMsg {
  uint64_t addr;
  uint32_t data;
  uint64_t cycle;
};

// Called on any fatal condition (model $fatal/assertion, harness AXI protocol check):
// prints "FATAL <msg>", lingers for input EOF, exits 2. Defined in console.cpp.
[[noreturn]] void fatal_exit(const std::string& msg);

// Simulation-only probe of the session store (console `sessprobe`, sess_probe.cpp): writes
// the reply line `ok valid=<0|1> gen=<hex8> key=<512 hex digits>\n` for `slot` and returns 0;
// -1 when the model has no session store (fake tops), -2 when slot is out of range.
int sess_probe(Vvcrypto_top* top, uint64_t slot, std::string& reply);

class Sim {
 public:
  Sim(uint8_t* mem, uint64_t memsize, uint64_t seed);
  ~Sim();

  Vvcrypto_top* top;
  uint64_t cycle = 0;

  // ---- host memory
  uint8_t* mem;
  uint64_t memsize;
  bool in_mem(uint64_t a, uint64_t n) const {
    return a >= kMemBase && n <= memsize && a - kMemBase <= memsize - n;
  }

  // ---- knobs
  uint32_t rd_lat = 32, wr_lat = 8;
  uint32_t stall_pm[CH_N] = {};
  bool any_stall = false;
  bool checker_on = true;
  // Random error rate per burst (index 0 = reads, 1 = writes), permille; resp when it hits.
  uint32_t errrate_pm[2] = {};
  uint8_t errrate_resp[2] = {RESP_SLVERR, RESP_SLVERR};
  // Extra random latency per burst: uniform 0..jitter cycles on top of rd_lat / wr_lat.
  uint32_t rd_jitter = 0, wr_jitter = 0;
  // Bursts answered with an injected error (fault err ranges or fault errrate).
  uint64_t rd_err_bursts = 0, wr_err_bursts = 0;
  // The last 16 bursts answered with an injected error (oldest first): kind, start, bytes, cycle.
  std::deque<Violation> err_log;
  void log_err(char kind, uint64_t addr, uint64_t end) {
    if (err_log.size() == 16) err_log.pop_front();
    err_log.push_back({kind, addr, end - addr, cycle});
  }
  void seed(uint64_t s);
  void set_stall(Chan c, uint32_t pm);
  void clear_faults();

  // ---- grants / error ranges / logs
  std::vector<Range> grants, errs;
  uint64_t next_grant_id = 1, next_err_id = 1;
  std::vector<Violation> viols;  // first 16
  uint64_t viol_count = 0;
  std::vector<IrqMsg> irqs;
  uint64_t rd_beats = 0, wr_beats = 0;
  bool mem_dirty = false;  // set by every AXI write that stores into host memory

  // ---- tracing
  bool trace_open(const std::string& file, std::string& err);
  void trace_close();

  // ---- clocking
  void tick();              // one clock cycle
  void run(uint64_t n) {
    for (uint64_t i = 0; i < n; ++i) tick();
  }
  void reset(uint64_t n);   // rst_i high for n cycles

  // ---- config port: returns 0 ok, -1 timeout
  int cfg_access(bool write, uint32_t addr, uint32_t wdata, uint32_t be, uint32_t& rdata);
  // ---- AXI4-Lite access at BAR0 offset (one dword): 0 ok, -1 timeout, else resp code
  int axil_access(bool write, uint32_t off, uint32_t wdata, uint32_t wstrb, uint32_t& rdata);

 private:
  struct RdBurst {
    uint32_t id;
    uint64_t addr;
    uint32_t len;   // beats - 1
    uint32_t size;  // log2 bytes
    uint64_t due;   // first R beat may be presented when cycle >= due
    uint32_t beat;  // next beat index
    uint8_t forced; // errrate hit: every beat answers this response (0: none)
    bool erred;     // some beat answered an injected error
  };
  struct WrBurst {
    uint32_t id;
    uint64_t addr;
    uint32_t len;
    uint32_t size;
    uint32_t beat;
    uint8_t resp;
    uint8_t forced; // errrate hit: no beat is stored, B answers this response (0: none)
    bool erred;     // some beat hit an injected error
  };
  struct BResp {
    uint32_t id;
    uint8_t resp;
    uint64_t due;
  };
  std::deque<RdBurst> rq_;
  std::deque<WrBurst> awq_;
  std::deque<BResp> bq_;
  // The R beat being presented (for accounting at the handshake).
  uint64_t r_addr_ = 0, r_len_ = 0;
  bool r_unmapped_ = false;
  bool in_reset_ = false;

  // AXI4-Lite master state (one access at a time).
  struct Axil {
    bool active = false, write = false;
    bool aw_done = false, w_done = false, ar_done = false, done = false;
    uint32_t off = 0, wdata = 0, wstrb = 0, rdata = 0;
    uint8_t resp = 0;
  } ax_;
  // Config port state.
  struct Cfg {
    bool active = false, done = false;
    uint32_t rdata = 0;
  } cfg_;

  uint64_t rng_;
  VerilatedContext* ctx_ = nullptr;
  class VerilatedFstC* tfp_ = nullptr;
  bool trace_registered_ = false;

  bool stall(Chan c) {
    if (!stall_pm[c]) return false;
    return (next_rand() % 1000) < stall_pm[c];
  }
  // Random extra latency 0..j (no random draw when j is 0).
  uint64_t jitter(uint32_t j) { return j ? next_rand() % ((uint64_t)j + 1) : 0; }
  // Does a burst of [a, a+n) draw an errrate hit? (host memory only; no draw when the rate is 0)
  uint8_t rate_err(int idx, uint64_t a, uint64_t n) {
    if (!errrate_pm[idx] || !in_mem(a, n)) return 0;
    return (next_rand() % 1000) < errrate_pm[idx] ? errrate_resp[idx] : 0;
  }
  uint64_t next_rand() {
    // xorshift64*
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 0x2545F4914F6CDD1Dull;
  }
  void dump(uint64_t t);
  void clear_bus_state();
  void present_r();
  void on_ar(uint32_t id, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst);
  void on_aw(uint32_t id, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst);
  void on_w(const uint8_t* data, uint64_t strb, bool last);
  void drive_axi();
  void drive_axil();
  uint8_t err_resp(int kind, uint64_t a, uint64_t n) const;
  bool covered(int kind, uint64_t a, uint64_t n) const;
  void violation(char kind, uint64_t a, uint64_t n);
  void check_burst(const char* ch, uint64_t addr, uint32_t len, uint32_t size, uint32_t burst);
};
