// Self-checking unit bench of vcrypto_pci_frontend. Two builds (tb/unit/pci/Makefile):
//   unit      default parameters: DATA_WIDTH 128, NUM_DATAQ 4, QSIZE_MAX 256, MSIX_VECTORS 8
//   unit-q16  -DTB_Q16: NUM_DATAQ 16, MSIX_VECTORS 18 (one vector per queue + config)
// Prints "PASS <n> checks" and exits 0, or the first failure and exits 1.
#include "Vvcrypto_pci_frontend.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <vector>

#ifdef TB_Q16
static const unsigned NUM_DATAQ = 16;
static const unsigned NVEC = 18;
#else
static const unsigned NUM_DATAQ = 4;
static const unsigned NVEC = 8;
#endif
static const unsigned NQ = NUM_DATAQ + 1;
static const unsigned QSIZE_MAX = 256;
// REVISION_1 | 4 x STATELESS | INDIRECT_DESC | EVENT_IDX | VERSION_1 | ACCESS_PLATFORM |
// RING_PACKED | IN_ORDER | ORDER_PLATFORM | NOTIFICATION_DATA | RING_RESET
static const uint64_t DEV_FEATURES = 0x0000015F3000001FULL;
static const uint32_t F_HI_VERSION_1 = 1u << 0, F_HI_ACCESS_PLATFORM = 1u << 1,
                      F_HI_RING_PACKED = 1u << 2, F_HI_IN_ORDER = 1u << 3,
                      F_HI_ORDER_PLATFORM = 1u << 4, F_HI_NOTIFICATION_DATA = 1u << 6,
                      F_HI_RING_RESET = 1u << 8;

static VerilatedContext* ctx;
static Vvcrypto_pci_frontend* top;
static unsigned checks = 0;
static uint64_t cycle = 0;

#define CHECK(cond, ...)                                                        \
  do {                                                                          \
    ++checks;                                                                   \
    if (!(cond)) {                                                              \
      std::printf("FAIL line %d (cycle %llu): ", __LINE__, (unsigned long long)cycle); \
      std::printf(__VA_ARGS__);                                                 \
      std::printf("\n");                                                        \
      std::exit(1);                                                             \
    }                                                                           \
  } while (0)
#define CHECK_EQ(got, exp, what)                                                \
  CHECK((uint64_t)(got) == (uint64_t)(exp), "%s: got 0x%llx expected 0x%llx", what, \
        (unsigned long long)(got), (unsigned long long)(exp))

// ------------------------------------------------------------------ bench state
struct Msg { uint64_t addr; uint32_t len; uint32_t data; bool upper_zero; };
static std::deque<Msg> msgs;          // completed MSI-X writes seen on the DMA port
static uint64_t cur_addr = 0;
static uint32_t cur_len = 0;
static bool have_cmd = false;
static int done_delay = -1;
static unsigned dev_reset_pulses = 0;
static unsigned notify_count = 0;
static unsigned last_notify_qid = 0;
static unsigned last_notify_data = 0;
static bool cmd_ready_toggle = false;
// queue reset handshake: the bench acks a raised q_reset_req_o bit after ack_delay cycles
// (never while ack_hold is set); every ack pulse is counted
static bool ack_hold = false;
static unsigned ack_delay = 4;
static unsigned ack_wait[32];
static unsigned ack_pulses = 0;
static uint32_t forced_ack = 0;  // one-cycle ack bits the test injects (spurious acks)

static uint64_t wide_get(const uint32_t* w, unsigned lsb, unsigned width) {
  uint64_t v = 0;
  for (unsigned i = 0; i < width; i++) {
    unsigned b = lsb + i;
    if ((w[b / 32] >> (b % 32)) & 1u) v |= (1ULL << i);
  }
  return v;
}

static void tick() {
  top->clk_i = 0;
  top->eval();
  // sample handshakes before the rising edge (all outputs are registered)
  if (top->wr_cmd_valid_o && top->wr_cmd_ready_i) {
    CHECK(!have_cmd, "second MSI command before the first finished");
    have_cmd = true;
    cur_addr = top->wr_cmd_addr_o;
    cur_len = top->wr_cmd_len_o;
  }
  if (top->wr_data_valid_o && top->wr_data_ready_i) {
    CHECK(have_cmd, "MSI data beat without command");
    const uint32_t* w = top->wr_data_o.data();
    Msg m{cur_addr, cur_len, w[0], w[1] == 0 && w[2] == 0 && w[3] == 0};
    msgs.push_back(m);
    done_delay = 3;
  }
  if (top->dev_reset_o) dev_reset_pulses++;
  if (top->notify_valid_o) {
    notify_count++;
    last_notify_qid = top->notify_qid_o;
    last_notify_data = top->notify_data_o;
  }
  top->clk_i = 1;
  top->eval();
  cycle++;
  // queue reset acks for the next cycle (a one-cycle pulse per request)
  {
    uint32_t req = (uint32_t)top->q_reset_req_o;
    uint32_t ack = forced_ack;
    forced_ack = 0;
    for (unsigned q = 0; q < NQ; q++) {
      if (!((req >> q) & 1) || ((uint32_t)top->q_reset_ack_i >> q) & 1) { ack_wait[q] = 0; continue; }
      if (ack_hold) continue;
      if (++ack_wait[q] >= ack_delay) { ack |= 1u << q; ack_wait[q] = 0; ack_pulses++; }
    }
    top->q_reset_ack_i = ack;
  }
  // bench-driven DMA inputs for the next cycle
  top->wr_done_i = 0;
  if (done_delay > 0) {
    if (--done_delay == 0) { top->wr_done_i = 1; have_cmd = false; done_delay = -1; }
  }
  if (cmd_ready_toggle) top->wr_cmd_ready_i = !top->wr_cmd_ready_i;
}

static void ticks(unsigned n) { for (unsigned i = 0; i < n; i++) tick(); }

// ------------------------------------------------------------------ config port
static uint32_t cfg_access(bool wr, unsigned addr, uint32_t data, unsigned be) {
  top->cfg_valid_i = 1;
  top->cfg_write_i = wr;
  top->cfg_addr_i = addr;
  top->cfg_wdata_i = data;
  top->cfg_be_i = be;
  tick();
  top->cfg_valid_i = 0;
  for (int i = 0; i < 100; i++) {
    if (top->cfg_rvalid_o) { uint32_t r = top->cfg_rdata_o; tick(); return r; }
    tick();
  }
  CHECK(false, "config access 0x%x timed out", addr);
  return 0;
}
static uint32_t cfg_rd(unsigned addr) { return cfg_access(false, addr & ~3u, 0, 0); }
static void cfg_wr(unsigned addr, uint32_t data, unsigned be = 0xF) { cfg_access(true, addr & ~3u, data, be); }
static uint32_t cfg_rd8(unsigned addr) { return (cfg_rd(addr) >> (8 * (addr & 3))) & 0xFF; }
static uint32_t cfg_rd16(unsigned addr) { return (cfg_rd(addr) >> (8 * (addr & 3))) & 0xFFFF; }

// ------------------------------------------------------------------ AXI4-Lite master
static uint32_t bar_rd32(unsigned off) {
  top->s_axil_araddr = off;
  top->s_axil_arvalid = 1;
  top->s_axil_rready = 1;
  for (int i = 0; i < 100; i++) {
    top->clk_i = 0; top->eval();
    bool fire = top->s_axil_arready;
    tick();
    if (fire) break;
    CHECK(i < 99, "AR timeout");
  }
  top->s_axil_arvalid = 0;
  for (int i = 0; i < 100; i++) {
    top->clk_i = 0; top->eval();
    if (top->s_axil_rvalid) {
      uint32_t r = top->s_axil_rdata;
      CHECK_EQ(top->s_axil_rresp, 0, "rresp");
      tick();
      return r;
    }
    tick();
  }
  CHECK(false, "R timeout");
  return 0;
}
static void bar_wr(unsigned off, uint32_t data, unsigned strb) {
  top->s_axil_awaddr = off;
  top->s_axil_awvalid = 1;
  top->s_axil_wdata = data;
  top->s_axil_wstrb = strb;
  top->s_axil_wvalid = 1;
  top->s_axil_bready = 1;
  for (int i = 0; i < 100; i++) {
    top->clk_i = 0; top->eval();
    bool fire = top->s_axil_awready && top->s_axil_wready;
    tick();
    if (fire) break;
    CHECK(i < 99, "AW timeout");
  }
  top->s_axil_awvalid = 0;
  top->s_axil_wvalid = 0;
  for (int i = 0; i < 100; i++) {
    top->clk_i = 0; top->eval();
    if (top->s_axil_bvalid) { CHECK_EQ(top->s_axil_bresp, 0, "bresp"); tick(); return; }
    tick();
  }
  CHECK(false, "B timeout");
}
static void bar_wr32(unsigned off, uint32_t v) { bar_wr(off, v, 0xF); }
static void bar_wr16(unsigned off, uint32_t v) { bar_wr(off & ~3u, (v & 0xFFFF) << (8 * (off & 3)), 0x3u << (off & 3)); }
static void bar_wr8(unsigned off, uint32_t v) { bar_wr(off & ~3u, (v & 0xFF) << (8 * (off & 3)), 0x1u << (off & 3)); }
static uint32_t bar_rd16(unsigned off) { return (bar_rd32(off & ~3u) >> (8 * (off & 3))) & 0xFFFF; }
static uint32_t bar_rd8(unsigned off) { return (bar_rd32(off & ~3u) >> (8 * (off & 3))) & 0xFF; }

// common cfg offsets
enum {
  DFSEL = 0x00, DF = 0x04, GFSEL = 0x08, GF = 0x0C, MSIXCFG = 0x10, NUMQ = 0x12, STATUS = 0x14,
  CFGGEN = 0x15, QSEL = 0x16, QSIZE = 0x18, QMSIX = 0x1A, QEN = 0x1C, QNOFF = 0x1E,
  QDESC = 0x20, QDRV = 0x28, QDEV = 0x30, QNCD = 0x38, QRESET = 0x3A
};

// ------------------------------------------------------------------ core-side interrupt request
static void core_irq(bool config, unsigned qid) {
  top->irq_valid_i = 1;
  top->irq_config_i = config;
  top->irq_qid_i = qid;
  for (int i = 0; i < 200; i++) {
    top->clk_i = 0; top->eval();
    bool fire = top->irq_ready_o;
    tick();
    if (fire) { top->irq_valid_i = 0; return; }
  }
  CHECK(false, "irq handshake timeout");
}

static void set_features(uint32_t lo, uint32_t hi) {
  bar_wr32(GFSEL, 0); bar_wr32(GF, lo);
  bar_wr32(GFSEL, 1); bar_wr32(GF, hi);
}

static void device_reset_and_check() {
  unsigned before = dev_reset_pulses;
  bar_wr8(STATUS, 0);
  ticks(2);
  CHECK_EQ(dev_reset_pulses - before, 1, "dev_reset_o pulses once on status := 0");
  CHECK_EQ(bar_rd8(STATUS), 0, "status after reset");
}

// MSI-X message of table entry v as programmed by program_table(): address
// {v, 0xFEE00000 + 0x10*v}, data 0x4000 + v.
static void expect_msg(unsigned v, const char* what) {
  for (int i = 0; i < 50 && msgs.empty(); i++) tick();
  CHECK(!msgs.empty(), "%s: no MSI-X message", what);
  Msg m = msgs.front(); msgs.pop_front();
  CHECK_EQ(m.addr, ((uint64_t)v << 32) | (0xFEE00000u + 0x10 * v), what);
  CHECK_EQ(m.len, 4, "MSI-X write length");
  CHECK_EQ(m.data, 0x4000 + v, what);
  CHECK(m.upper_zero, "MSI-X data beat packed from lane 0, rest zero");
}
static void expect_none(const char* what) {
  ticks(30);
  CHECK(msgs.empty(), "%s: unexpected MSI-X message", what);
}

// reset, ACKNOWLEDGE|DRIVER, driver features, FEATURES_OK (expected accepted or refused)
static void negotiate(uint32_t lo, uint32_t hi, bool accept, const char* what) {
  device_reset_and_check();
  bar_wr8(STATUS, 3);
  set_features(lo, hi);
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), accept ? 0x0B : 0x03, what);
  CHECK_EQ(top->features_o, accept ? (((uint64_t)hi << 32) | lo) : 0, what);
}

static void set_queue(unsigned q, unsigned size, unsigned vec, uint64_t base) {
  bar_wr16(QSEL, q);
  bar_wr16(QSIZE, size);
  bar_wr16(QMSIX, vec);
  bar_wr32(QDESC, (uint32_t)base);          bar_wr32(QDESC + 4, (uint32_t)(base >> 32));
  bar_wr32(QDRV, (uint32_t)base + 0x1000);  bar_wr32(QDRV + 4, (uint32_t)(base >> 32));
  bar_wr32(QDEV, (uint32_t)base + 0x2000);  bar_wr32(QDEV + 4, (uint32_t)(base >> 32));
}

static void check_queue(unsigned q, unsigned size, unsigned vec, uint64_t base, unsigned en,
                        const char* what) {
  bar_wr16(QSEL, q);
  CHECK(bar_rd16(QSIZE) == size, "%s: queue %u size 0x%x", what, q, bar_rd16(QSIZE));
  CHECK(bar_rd16(QMSIX) == vec, "%s: queue %u vector 0x%x", what, q, bar_rd16(QMSIX));
  CHECK(bar_rd16(QEN) == en, "%s: queue %u enable", what, q);
  uint64_t d = base, r = base ? base + 0x1000 : 0, u = base ? base + 0x2000 : 0;
  CHECK(bar_rd32(QDESC) == (uint32_t)d && bar_rd32(QDESC + 4) == (uint32_t)(d >> 32), "%s: queue %u desc", what, q);
  CHECK(bar_rd32(QDRV) == (uint32_t)r && bar_rd32(QDRV + 4) == (uint32_t)(r >> 32), "%s: queue %u driver", what, q);
  CHECK(bar_rd32(QDEV) == (uint32_t)u && bar_rd32(QDEV + 4) == (uint32_t)(u >> 32), "%s: queue %u device", what, q);
  CHECK(((top->q_enable_o >> q) & 1) == en, "%s: q_enable_o[%u]", what, q);
  CHECK_EQ(wide_get(top->q_size_o.data(), 16 * q, 16), size, "q_size_o");
  CHECK_EQ(wide_get(top->q_desc_o.data(), 64 * q, 64), d, "q_desc_o");
}

// ================================================================ transport features of issue 6
// ACCESS_PLATFORM, RING_PACKED, IN_ORDER, ORDER_PLATFORM, NOTIFICATION_DATA, RING_RESET:
// negotiation, queue_size rule of the packed ring, queue_reset, 32-bit notifications.
static void ring_features_section() {
  const uint32_t lo = (uint32_t)DEV_FEATURES, hi = (uint32_t)(DEV_FEATURES >> 32);
  // ---- negotiation
  CHECK_EQ(hi, F_HI_VERSION_1 | F_HI_ACCESS_PLATFORM | F_HI_RING_PACKED | F_HI_IN_ORDER |
               F_HI_ORDER_PLATFORM | F_HI_NOTIFICATION_DATA | F_HI_RING_RESET, "offered bits 32..63");
  bar_wr32(DFSEL, 1);
  CHECK_EQ(bar_rd32(DF), hi, "device_feature[63:32] offers 33..36, 38, 40");
  negotiate(0, F_HI_RING_PACKED, false, "RING_PACKED without VERSION_1 refused");
  negotiate(0, F_HI_RING_RESET | F_HI_NOTIFICATION_DATA, false, "RING_RESET|NOTIFICATION_DATA without VERSION_1 refused");
  negotiate(0, F_HI_VERSION_1 | (1u << 5), false, "SR_IOV (37) refused: not offered");
  negotiate(0, F_HI_VERSION_1 | (1u << 7), false, "NOTIF_CONFIG_DATA (39) refused: not offered");
  negotiate(0, F_HI_VERSION_1 | (1u << 9), false, "ADMIN_VQ (41) refused: not offered");
  const uint32_t singles[6] = {F_HI_ACCESS_PLATFORM, F_HI_RING_PACKED, F_HI_IN_ORDER,
                               F_HI_ORDER_PLATFORM, F_HI_NOTIFICATION_DATA, F_HI_RING_RESET};
  for (uint32_t b : singles) negotiate(0, F_HI_VERSION_1 | b, true, "VERSION_1 + one new transport bit accepted");
  negotiate(0, F_HI_VERSION_1 | F_HI_RING_PACKED | F_HI_IN_ORDER | F_HI_NOTIFICATION_DATA, true,
            "packed + in-order + notification data accepted");
  CHECK(((top->features_o >> 34) & 1) && ((top->features_o >> 35) & 1) && ((top->features_o >> 38) & 1),
        "features_o bits 34/35/38");
  negotiate(lo, hi, true, "every offered bit accepted");

  // ---- queue_size with RING_PACKED: any 1..QSIZE_MAX
  for (unsigned q = 0; q < NQ; q++) {
    bar_wr16(QSEL, q);
    const unsigned ok[4] = {100, 3, 1, QSIZE_MAX - 1};
    for (unsigned v : ok) {
      bar_wr16(QSIZE, v);
      CHECK(bar_rd16(QSIZE) == v, "packed: queue %u size %u accepted", q, v);
      CHECK_EQ(wide_get(top->q_size_o.data(), 16 * q, 16), v, "q_size_o (packed)");
    }
    bar_wr16(QSIZE, 0);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX - 1, "packed: queue_size 0 ignored");
    bar_wr16(QSIZE, QSIZE_MAX + 1);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX - 1, "packed: queue_size > QSIZE_MAX ignored");
    bar_wr16(QSIZE, QSIZE_MAX);
  }
  // ---- queue_notif_config_data (0x38) is read-only 0
  bar_wr16(QSEL, 0);
  bar_wr16(QNCD, 0x1234);
  CHECK_EQ(bar_rd16(QNCD), 0, "queue_notif_config_data reads 0 after a write");
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset untouched by a write to 0x38");
  bar_wr(QNCD, 0x00000001u, 0x3);  // 16-bit write of 1 to 0x38 only
  CHECK_EQ(top->q_reset_req_o, 0, "a write of 1 to 0x38 does not reset the queue");

  // ---- queue_reset
  const unsigned QA = 1, QB = NQ - 1;  // QA is reset; QB (control queue) and 0 must not move
  set_queue(0, 64, 1, 0x100000000ULL);
  set_queue(QA, 100, 2, 0x200000000ULL);
  set_queue(QB, 128, 3, 0x300000000ULL);
  for (unsigned q : {0u, QA, QB}) { bar_wr16(QSEL, q); bar_wr16(QEN, 1); }
  bar_wr8(STATUS, 0x0F);
  CHECK(top->driver_ok_o, "DRIVER_OK");
  check_queue(QA, 100, 2, 0x200000000ULL, 1, "before queue reset");
  ack_hold = true;
  unsigned a0 = ack_pulses;
  bar_wr16(QSEL, QA);
  bar_wr16(QRESET, 1);
  for (int i = 0; i < 5; i++) {
    CHECK_EQ(bar_rd16(QRESET), 1, "queue_reset reads 1 while in progress");
    CHECK_EQ(top->q_reset_req_o, 1u << QA, "q_reset_req_o level for the selected queue only");
  }
  CHECK_EQ(bar_rd16(QEN), 1, "queue_enable still 1 while the reset is in progress");
  bar_wr16(QRESET, 0);
  CHECK_EQ(bar_rd16(QRESET), 1, "writing 0 does not cancel a queue reset");
  bar_wr16(QSEL, 0);
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset of another queue reads 0");
  // a spurious ack of a queue without a request changes nothing
  forced_ack = 1u << 0;
  ticks(3);
  check_queue(0, 64, 1, 0x100000000ULL, 1, "spurious ack ignored");
  // the core acks: the queue is back at its reset values
  ack_hold = false;
  ticks(ack_delay + 3);
  CHECK_EQ(ack_pulses - a0, 1, "one ack pulse");
  CHECK_EQ(top->q_reset_req_o, 0, "q_reset_req_o drops after the ack");
  bar_wr16(QSEL, QA);
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset reads 0 when done");
  check_queue(QA, QSIZE_MAX, 0xFFFF, 0, 0, "after queue reset");
  check_queue(0, 64, 1, 0x100000000ULL, 1, "queue 0 untouched by the reset of another queue");
  check_queue(QB, 128, 3, 0x300000000ULL, 1, "control queue untouched by the reset of another queue");
  CHECK(top->driver_ok_o, "DRIVER_OK kept across a queue reset");
  // the driver reprograms and re-enables the queue
  set_queue(QA, 37, 4, 0x400000000ULL);
  bar_wr16(QEN, 1);
  check_queue(QA, 37, 4, 0x400000000ULL, 1, "re-enabled after queue reset");
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset reads 0 after re-enable");
  // a 32-bit write to the dword at 0x38 resets too (queue_reset is its upper half)
  ack_hold = true;
  bar_wr32(QNCD, 0x00010000u);
  CHECK_EQ(bar_rd32(QNCD), 0x00010000u, "dword 0x38: notif_config_data 0, queue_reset 1");
  ack_hold = false;
  ticks(ack_delay + 3);
  check_queue(QA, QSIZE_MAX, 0xFFFF, 0, 0, "after 32-bit queue reset");
  // a reset of a queue that was never enabled completes as well; queue_enable := 1 while
  // the reset is in progress is ignored
  ack_hold = true;
  bar_wr16(QSEL, 2);
  bar_wr16(QRESET, 1);
  bar_wr16(QEN, 1);
  CHECK_EQ(bar_rd16(QEN), 0, "queue_enable := 1 ignored while the queue reset is in progress");
  CHECK_EQ(bar_rd16(QRESET), 1, "reset of a disabled queue in progress");
  ack_hold = false;
  ticks(ack_delay + 3);
  CHECK_EQ(bar_rd16(QRESET), 0, "reset of a disabled queue completes");
  CHECK_EQ(bar_rd16(QEN), 0, "disabled queue stays disabled");
  bar_wr16(QEN, 1);
  CHECK_EQ(bar_rd16(QEN), 1, "queue_enable accepted once the reset is done");
  // device reset while a queue reset is in progress clears it
  ack_hold = true;
  bar_wr16(QSEL, QB);
  bar_wr16(QRESET, 1);
  CHECK_EQ(top->q_reset_req_o, 1u << QB, "control queue reset requested");
  device_reset_and_check();
  CHECK_EQ(top->q_reset_req_o, 0, "device reset drops the queue reset request");
  bar_wr16(QSEL, QB);
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset 0 after device reset");
  ack_hold = false;
  // without RING_RESET negotiated a write of 1 is ignored
  negotiate(0, F_HI_VERSION_1, true, "VERSION_1 only");
  set_queue(QA, 64, 1, 0x500000000ULL);
  bar_wr16(QEN, 1);
  unsigned a1 = ack_pulses;
  bar_wr16(QRESET, 1);
  CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset ignored without RING_RESET");
  CHECK_EQ(top->q_reset_req_o, 0, "no request without RING_RESET");
  ticks(ack_delay + 3);
  CHECK_EQ(ack_pulses, a1, "no ack without RING_RESET");
  check_queue(QA, 64, 1, 0x500000000ULL, 1, "queue kept without RING_RESET");
  // ... and queue_size keeps the power-of-two rule without RING_PACKED
  bar_wr16(QSIZE, 100);
  CHECK_EQ(bar_rd16(QSIZE), 64, "split: non-power-of-two queue_size ignored");
  bar_wr16(QSIZE, 32);
  CHECK_EQ(bar_rd16(QSIZE), 32, "split: power-of-two queue_size accepted");

  // ---- notifications: 32-bit NOTIFICATION_DATA value
  bar_wr8(STATUS, 0x0F);
  for (unsigned q = 0; q < NQ; q++) {
    unsigned n0 = notify_count;
    bar_wr32(0x3000 + 4 * q, 0xABCD0000u | q);
    CHECK_EQ(notify_count - n0, 1, "32-bit notify without NOTIFICATION_DATA");
    CHECK_EQ(last_notify_qid, q, "notify_qid_o (32-bit write)");
    CHECK_EQ(last_notify_data, 0, "notify_data_o 0 without NOTIFICATION_DATA");
  }
  negotiate(0, F_HI_VERSION_1 | F_HI_NOTIFICATION_DATA, true, "NOTIFICATION_DATA");
  bar_wr8(STATUS, 0x0F);
  for (unsigned q = 0; q < NQ; q++) {
    unsigned n0 = notify_count;
    const uint32_t nd = 0x8000u | (0x1111u * (q % 8)) >> 1;  // next_wrap 1, next_off varies
    bar_wr32(0x3000 + 4 * q, (nd << 16) | q);
    CHECK_EQ(notify_count - n0, 1, "one notify pulse per 32-bit write");
    CHECK_EQ(last_notify_qid, q, "notify_qid_o = data[15:0]");
    CHECK_EQ(last_notify_data, nd, "notify_data_o = data[31:16]");
    bar_wr16(0x3000 + 4 * q, q);
    CHECK_EQ(notify_count - n0, 2, "16-bit notify still accepted");
    CHECK_EQ(last_notify_qid, q, "notify_qid_o (16-bit)");
    CHECK_EQ(last_notify_data, 0, "notify_data_o 0 for a 16-bit write");
  }
  { unsigned n0 = notify_count; bar_wr32(0x3000 + 4 * NQ, 0x12340000u); CHECK_EQ(notify_count, n0, "32-bit write past the notify region ignored"); }
  device_reset_and_check();
  CHECK_EQ(top->features_o, 0, "features cleared");
}

static int run_default();
static int run_q16();

int main(int argc, char** argv) {
  ctx = new VerilatedContext;
  ctx->commandArgs(argc, argv);
  top = new Vvcrypto_pci_frontend{ctx};

  top->wr_cmd_ready_i = 1;
  top->wr_data_ready_i = 1;
  top->rst_i = 1;
  ticks(4);
  top->rst_i = 0;
  tick();
  CHECK(dev_reset_pulses >= 1, "dev_reset_o high on rst_i");
  unsigned p0 = dev_reset_pulses;
  ticks(3);
  CHECK_EQ(dev_reset_pulses, p0, "dev_reset_o is a pulse after rst_i");
#ifdef TB_Q16
  return run_q16();
#else
  return run_default();
#endif
}

#ifndef TB_Q16
static int run_default() {

  // ================================================================ config header
  CHECK_EQ(cfg_rd(0x00), 0x10541AF4u, "vendor/device id");
  CHECK_EQ(cfg_rd(0x04), 0x00100000u, "status (caps list) / command");
  CHECK_EQ(cfg_rd(0x08), 0x10800001u, "class code / revision");
  CHECK_EQ(cfg_rd(0x0C), 0x00000000u, "header type 0");
  CHECK_EQ(cfg_rd(0x10), 0x00000004u, "BAR0 lo: 64-bit memory, non-prefetchable");
  CHECK_EQ(cfg_rd(0x14), 0x00000000u, "BAR0 hi");
  for (unsigned a = 0x18; a <= 0x24; a += 4) CHECK_EQ(cfg_rd(a), 0, "BAR2..5 read 0");
  CHECK_EQ(cfg_rd(0x2C), 0x00401AF4u, "subsystem ids");
  CHECK_EQ(cfg_rd(0x30), 0, "expansion ROM");
  CHECK_EQ(cfg_rd8(0x34), 0x40, "capabilities pointer");
  CHECK_EQ(cfg_rd(0x3C), 0x00000100u, "interrupt pin INTA");
  cfg_wr(0x3C, 0x0000FF0Bu);
  CHECK_EQ(cfg_rd(0x3C), 0x0000010Bu, "interrupt line writable, pin read-only");
  cfg_wr(0x00, 0xFFFFFFFFu);
  CHECK_EQ(cfg_rd(0x00), 0x10541AF4u, "ids read-only");

  // ================================================================ BAR sizing
  for (unsigned a = 0x18; a <= 0x24; a += 4) {
    cfg_wr(a, 0xFFFFFFFFu);
    CHECK_EQ(cfg_rd(a), 0, "BAR2..5 size 0 (unimplemented)");
  }
  cfg_wr(0x10, 0xFFFFFFFFu);
  cfg_wr(0x14, 0xFFFFFFFFu);
  CHECK_EQ(cfg_rd(0x10), 0xFFFF8004u, "BAR0 lo size mask (32 KiB)");
  CHECK_EQ(cfg_rd(0x14), 0xFFFFFFFFu, "BAR0 hi size mask");
  cfg_wr(0x10, 0xFEDC9FFFu);
  cfg_wr(0x14, 0x00000012u);
  CHECK_EQ(cfg_rd(0x10), 0xFEDC8004u, "BAR0 lo programmed");
  CHECK_EQ(top->bar0_base_o, 0x00000012FEDC8000ULL, "bar0_base_o");
  cfg_wr(0x10, 0x00000000u, 0x1);  // byte write to the RO low byte
  CHECK_EQ(cfg_rd(0x10), 0xFEDC8004u, "BAR0 low byte read-only");

  // ================================================================ command register
  CHECK(!top->mem_enable_o && !top->bus_master_enable_o, "command bits reset 0");
  cfg_wr(0x04, 0xFFFF0406u);
  CHECK_EQ(cfg_rd(0x04), 0x00100406u, "command mem|bme|intx-disable, status RO");
  CHECK(top->mem_enable_o && top->bus_master_enable_o, "mem_enable_o / bus_master_enable_o");
  cfg_wr(0x04, 0x00000006u);
  CHECK_EQ(cfg_rd(0x04), 0x00100006u, "intx disable cleared");

  // ================================================================ capability list walk
  struct Cap { unsigned off, vndr, len, type, bofs, blen; };
  const Cap exp[5] = {
    {0x40, 9, 16, 1, 0x0000, 0x40},
    {0x50, 9, 20, 2, 0x3000, 4 * NQ},
    {0x64, 9, 16, 3, 0x1000, 4},
    {0x74, 9, 16, 4, 0x2000, 0x38},
    {0x84, 9, 20, 5, 0, 0},
  };
  unsigned ptr = cfg_rd8(0x34);
  for (unsigned i = 0; i < 5; i++) {
    CHECK_EQ(ptr, exp[i].off, "capability offset");
    CHECK_EQ(cfg_rd8(ptr + 0), exp[i].vndr, "cap_vndr");
    CHECK_EQ(cfg_rd8(ptr + 2), exp[i].len, "cap_len");
    CHECK_EQ(cfg_rd8(ptr + 3), exp[i].type, "cfg_type");
    CHECK_EQ(cfg_rd8(ptr + 4), 0, "cap.bar = 0");
    CHECK_EQ(cfg_rd8(ptr + 5), 0, "cap.id = 0");
    CHECK_EQ(cfg_rd16(ptr + 6), 0, "cap padding");
    CHECK_EQ(cfg_rd(ptr + 8), exp[i].bofs, "cap.offset");
    CHECK_EQ(cfg_rd(ptr + 12), exp[i].blen, "cap.length");
    if (exp[i].type == 2) CHECK_EQ(cfg_rd(ptr + 16), 4, "notify_off_multiplier");
    if (exp[i].type == 5) CHECK_EQ(cfg_rd(ptr + 16), 0, "pci_cfg_data");
    ptr = cfg_rd8(ptr + 1);
  }
  CHECK_EQ(ptr, 0x98, "MSI-X capability offset");
  CHECK_EQ(cfg_rd8(ptr), 0x11, "MSI-X cap id");
  CHECK_EQ(cfg_rd8(ptr + 1), 0x00, "MSI-X is the last capability");
  CHECK_EQ(cfg_rd16(ptr + 2), NVEC - 1, "MSI-X message control: table size, disabled");
  CHECK_EQ(cfg_rd(ptr + 4), 0x4000, "MSI-X table BIR 0 offset 0x4000");
  CHECK_EQ(cfg_rd(ptr + 8), 0x6000, "MSI-X PBA BIR 0 offset 0x6000");
  cfg_wr(0x98, 0xFFFFFFFFu);
  CHECK_EQ(cfg_rd(0x98), 0xC0000011u | ((NVEC - 1) << 16), "MSI-X enable + function mask writable");
  cfg_wr(0x98, 0x00000000u);
  CHECK_EQ(cfg_rd(0x98), 0x00000011u | ((NVEC - 1) << 16), "MSI-X enable cleared");
  cfg_wr(0x40, 0xFFFFFFFFu); cfg_wr(0x48, 0xFFFFFFFFu);
  CHECK_EQ(cfg_rd(0x40), 0x01105009u, "COMMON cap read-only");
  CHECK_EQ(cfg_rd(0x48), 0, "COMMON offset read-only");
  CHECK_EQ(cfg_rd(0xA4), 0, "past the list reads 0");

  // ================================================================ common cfg after reset
  CHECK_EQ(bar_rd32(DFSEL), 0, "device_feature_select");
  CHECK_EQ(bar_rd32(DF), DEV_FEATURES & 0xFFFFFFFFu, "device_feature[31:0]");
  bar_wr32(DFSEL, 1);
  CHECK_EQ(bar_rd32(DF), DEV_FEATURES >> 32, "device_feature[63:32]");
  bar_wr32(DFSEL, 2);
  CHECK_EQ(bar_rd32(DF), 0, "device_feature select 2 reads 0");
  bar_wr32(DFSEL, 0x12345);
  CHECK_EQ(bar_rd32(DFSEL), 0x12345, "device_feature_select read-back");
  CHECK_EQ(bar_rd32(DF), 0, "device_feature large select reads 0");
  CHECK_EQ(bar_rd16(MSIXCFG), 0xFFFF, "config_msix_vector unmapped");
  CHECK_EQ(bar_rd16(NUMQ), NQ, "num_queues");
  CHECK_EQ(bar_rd8(STATUS), 0, "device_status 0");
  CHECK_EQ(bar_rd8(CFGGEN), 0, "config_generation");
  CHECK_EQ(bar_rd16(QSEL), 0, "queue_select 0");
  CHECK_EQ(bar_rd32(0x3C), 0, "admin queue fields");
  bar_wr16(NUMQ, 0x99);
  CHECK_EQ(bar_rd16(NUMQ), NQ, "num_queues read-only");

  // device config
  // services CIPHER|HASH|MAC|AEAD; ECB|CBC|CTR|XTS; SHA1..SHA512; HMAC-SHA1..512|CMAC; GCM|CCM
  const uint32_t devcfg[14] = {1, NUM_DATAQ, 0xF, 0x201C, 0, 0x7C, 0x0400007C, 0, 0x6, 64, 128, 0, 0x10400, 0};
  for (unsigned i = 0; i < 14; i++) CHECK_EQ(bar_rd32(0x2000 + 4 * i), devcfg[i], "virtio_crypto_config field");
  CHECK_EQ(bar_rd8(0x2004), NUM_DATAQ, "max_dataqueues byte read");
  bar_wr32(0x2000, 0);
  CHECK_EQ(bar_rd32(0x2000), 1, "device cfg read-only");
  CHECK_EQ(bar_rd32(0x2038), 0, "past device cfg reads 0");

  // ================================================================ init sequence
  device_reset_and_check();
  bar_wr8(STATUS, 1);
  CHECK_EQ(bar_rd8(STATUS), 1, "ACKNOWLEDGE");
  bar_wr8(STATUS, 3);
  CHECK_EQ(bar_rd8(STATUS), 3, "ACKNOWLEDGE|DRIVER");
  // refused: VERSION_1 missing
  set_features(0x30000000u, 0);
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), 0x03, "FEATURES_OK refused without VERSION_1");
  CHECK_EQ(top->features_o, 0, "features_o after refusal");
  // refused: not a subset (bit 30)
  set_features(0x40000000u, 1);
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), 0x03, "FEATURES_OK refused for an unoffered bit");
  // refused: not a subset (bit 37, SR_IOV)
  set_features(0, 0x21);
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), 0x03, "FEATURES_OK refused for bit 37");
  // refused: stateless bit without REVISION_1
  set_features(0x00000002u, 1);
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), 0x03, "FEATURES_OK refused: CIPHER_STATELESS without REVISION_1");
  // select >= 2 writes ignored, read 0
  bar_wr32(GFSEL, 2); bar_wr32(GF, 0xFFFFFFFFu);
  CHECK_EQ(bar_rd32(GF), 0, "driver_feature select 2 reads 0");
  // accepted
  set_features(0x30000003u, 1);
  bar_wr32(GFSEL, 0);
  CHECK_EQ(bar_rd32(GF), 0x30000003u, "driver_feature[31:0] read-back");
  bar_wr32(GFSEL, 1);
  CHECK_EQ(bar_rd32(GF), 1, "driver_feature[63:32] read-back");
  bar_wr8(STATUS, 0x0B);
  CHECK_EQ(bar_rd8(STATUS), 0x0B, "FEATURES_OK accepted");
  CHECK_EQ(top->features_o, 0x0000000130000003ULL, "features_o");
  bar_wr32(GFSEL, 0); bar_wr32(GF, 0x1F);
  CHECK_EQ(bar_rd32(GF), 0x30000003u, "driver_feature frozen after FEATURES_OK");
  CHECK_EQ(top->features_o, 0x0000000130000003ULL, "features_o stable");
  CHECK(!top->driver_ok_o, "driver_ok_o low before DRIVER_OK");

  // ================================================================ queue registers
  for (unsigned q = 0; q < NQ; q++) {
    bar_wr16(QSEL, q);
    CHECK_EQ(bar_rd16(QSEL), q, "queue_select");
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "queue_size reset = QSIZE_MAX");
    CHECK_EQ(bar_rd16(QMSIX), 0xFFFF, "queue_msix_vector unmapped");
    CHECK_EQ(bar_rd16(QEN), 0, "queue_enable 0");
    CHECK_EQ(bar_rd16(QNOFF), q, "queue_notify_off = q");
    CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset reads 0");
    CHECK_EQ(bar_rd16(QNCD), 0, "queue_notif_config_data");
    bar_wr16(QRESET, 1);
    CHECK_EQ(bar_rd16(QRESET), 0, "queue_reset write ignored without RING_RESET");
    CHECK_EQ(top->q_reset_req_o, 0, "no q_reset_req_o without RING_RESET");
    bar_wr16(QSIZE, 100);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "non-power-of-2 queue_size ignored");
    bar_wr16(QSIZE, 2 * QSIZE_MAX);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "queue_size > QSIZE_MAX ignored");
    bar_wr16(QSIZE, 0);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "queue_size 0 ignored");
    bar_wr16(QSIZE, 16u << q);
    CHECK_EQ(bar_rd16(QSIZE), 16u << q, "queue_size shrink");
    bar_wr16(QMSIX, q + 1);
    CHECK_EQ(bar_rd16(QMSIX), q + 1, "queue_msix_vector mapped");
    bar_wr16(QMSIX, NVEC);
    CHECK_EQ(bar_rd16(QMSIX), 0xFFFF, "queue_msix_vector >= MSIX_VECTORS reads NO_VECTOR");
    bar_wr16(QMSIX, q + 1);
    bar_wr32(QDESC, 0x10000000u + 0x100 * q); bar_wr32(QDESC + 4, 0xA0 + q);
    bar_wr32(QDRV, 0x20000000u + 0x100 * q);  bar_wr32(QDRV + 4, 0xB0 + q);
    bar_wr32(QDEV, 0x30000000u + 0x100 * q);  bar_wr32(QDEV + 4, 0xC0 + q);
    CHECK_EQ(bar_rd32(QDESC), 0x10000000u + 0x100 * q, "queue_desc lo");
    CHECK_EQ(bar_rd32(QDESC + 4), 0xA0 + q, "queue_desc hi");
    CHECK_EQ(bar_rd32(QDRV), 0x20000000u + 0x100 * q, "queue_driver lo");
    CHECK_EQ(bar_rd32(QDRV + 4), 0xB0 + q, "queue_driver hi");
    CHECK_EQ(bar_rd32(QDEV), 0x30000000u + 0x100 * q, "queue_device lo");
    CHECK_EQ(bar_rd32(QDEV + 4), 0xC0 + q, "queue_device hi");
    if (q != 2) {  // queue 2 stays disabled
      bar_wr16(QEN, 1);
      CHECK_EQ(bar_rd16(QEN), 1, "queue_enable");
    }
  }
  // half-written 64-bit field: lo and hi accepted independently
  bar_wr16(QSEL, 0);
  bar_wr32(QDESC + 4, 0xDEAD);
  CHECK_EQ(bar_rd32(QDESC), 0x10000000u, "desc lo kept when hi written");
  bar_wr32(QDESC + 4, 0xA0);
  bar_wr16(QEN, 0);
  CHECK_EQ(bar_rd16(QEN), 1, "queue_enable write 0 ignored");
  for (unsigned q = 0; q < NQ; q++) {
    CHECK_EQ((top->q_enable_o >> q) & 1, q != 2, "q_enable_o");
    CHECK_EQ(wide_get(top->q_size_o.data(), 16 * q, 16), 16u << q, "q_size_o");
    CHECK_EQ(wide_get(top->q_desc_o.data(), 64 * q, 64), ((uint64_t)(0xA0 + q) << 32) | (0x10000000u + 0x100 * q), "q_desc_o");
    CHECK_EQ(wide_get(top->q_driver_o.data(), 64 * q, 64), ((uint64_t)(0xB0 + q) << 32) | (0x20000000u + 0x100 * q), "q_driver_o");
    CHECK_EQ(wide_get(top->q_device_o.data(), 64 * q, 64), ((uint64_t)(0xC0 + q) << 32) | (0x30000000u + 0x100 * q), "q_device_o");
  }
  // non-existent queue
  bar_wr16(QSEL, NQ);
  CHECK_EQ(bar_rd16(QSIZE), 0, "queue_size of a non-existent queue");
  bar_wr16(QSIZE, 16);
  CHECK_EQ(bar_rd16(QSIZE), 0, "non-existent queue stays absent");
  CHECK_EQ(bar_rd32(QDESC), 0, "non-existent queue desc");
  // config vector
  bar_wr16(MSIXCFG, 0);
  CHECK_EQ(bar_rd16(MSIXCFG), 0, "config_msix_vector mapped");
  bar_wr16(MSIXCFG, 0x800);
  CHECK_EQ(bar_rd16(MSIXCFG), 0xFFFF, "config_msix_vector invalid -> NO_VECTOR");
  bar_wr16(MSIXCFG, 0);
  // DRIVER_OK
  uint8_t gen0 = bar_rd8(CFGGEN);
  bar_wr8(STATUS, 0x0F);
  CHECK_EQ(bar_rd8(STATUS), 0x0F, "DRIVER_OK");
  CHECK(top->driver_ok_o, "driver_ok_o");
  CHECK_EQ(bar_rd8(CFGGEN), gen0, "config_generation stable");
  // notifications
  for (unsigned q = 0; q < NQ; q++) {
    unsigned n0 = notify_count;
    bar_wr16(0x3000 + 4 * q, q);
    CHECK_EQ(notify_count - n0, 1, "one notify pulse per write");
    CHECK_EQ(last_notify_qid, q, "notify_qid_o");
  }
  CHECK_EQ(bar_rd32(0x3000), 0, "notify region reads 0");
  { unsigned n0 = notify_count; bar_wr16(0x3000 + 4 * NQ, 1); CHECK_EQ(notify_count, n0, "write past the notify region ignored"); }

  // ================================================================ ISR + INTx (MSI-X disabled)
  CHECK_EQ(bar_rd8(0x1000), 0, "ISR 0");
  CHECK(!top->intx_o, "intx_o low");
  core_irq(false, 1);
  ticks(3);
  CHECK(top->intx_o, "intx_o after a queue interrupt");
  CHECK_EQ(cfg_rd(0x04) >> 16, 0x0018, "PCI status interrupt bit");
  CHECK_EQ(bar_rd8(0x1000), 1, "ISR queue bit");
  CHECK_EQ(bar_rd8(0x1000), 0, "ISR read clears");
  ticks(1);
  CHECK(!top->intx_o, "intx_o drops after ISR read");
  core_irq(true, 0);
  ticks(3);
  CHECK(top->intx_o, "intx_o after a config interrupt");
  CHECK_EQ(bar_rd32(0x1000), 2, "ISR config bit");
  core_irq(false, 0); core_irq(true, 0);
  ticks(3);
  cfg_wr(0x04, 0x00000406u);  // Interrupt Disable
  ticks(2);
  CHECK(!top->intx_o, "Interrupt Disable masks intx_o");
  cfg_wr(0x04, 0x00000006u);
  ticks(2);
  CHECK(top->intx_o, "intx_o back when Interrupt Disable cleared");
  CHECK_EQ(bar_rd8(0x1000), 3, "ISR both bits");
  CHECK_EQ(bar_rd8(0x1000), 0, "ISR cleared");
  CHECK(msgs.empty(), "no MSI-X messages in INTx mode");

  // ================================================================ MSI-X table and PBA
  for (unsigned v = 0; v < NVEC; v++) {
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 12), 1, "vector control masked after reset");
    bar_wr32(0x4000 + 16 * v + 0, 0xFEE00000u + 0x10 * v + 3);  // low bits reserved
    bar_wr32(0x4000 + 16 * v + 4, v);
    bar_wr32(0x4000 + 16 * v + 8, 0x4000 + v);
    bar_wr32(0x4000 + 16 * v + 12, 0);
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 0), 0xFEE00000u + 0x10 * v, "msg addr lo (dword aligned)");
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 4), v, "msg addr hi");
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 8), 0x4000 + v, "msg data");
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 12), 0, "vector control");
  }
  CHECK_EQ(bar_rd32(0x4000 + 16 * NVEC), 0, "past the table reads 0");
  CHECK_EQ(bar_rd32(0x6000), 0, "PBA 0");
  cfg_wr(0x98, 0x80000000u);  // MSI-X enable
  ticks(2);


  core_irq(false, 1);  // queue 1 -> vector 2
  expect_msg(2, "queue 1 vector 2");
  CHECK_EQ(bar_rd8(0x1000), 0, "ISR unused for queue interrupts with MSI-X");
  CHECK(!top->intx_o, "no INTx with MSI-X");
  core_irq(false, 4);  // control queue -> vector 5
  expect_msg(5, "control queue vector 5");
  core_irq(true, 0);   // config -> vector 0
  expect_msg(0, "config vector 0");
  CHECK(!top->intx_o, "no INTx for config with MSI-X");
  bar_rd8(0x1000);
  // DMA command back-pressure
  cmd_ready_toggle = true;
  top->wr_cmd_ready_i = 0;
  core_irq(false, 0);
  expect_msg(1, "queue 0 vector 1 with back-pressure");
  cmd_ready_toggle = false;
  top->wr_cmd_ready_i = 1;
  // back-to-back requests
  core_irq(false, 0); core_irq(false, 3);
  expect_msg(1, "back-to-back first");
  expect_msg(4, "back-to-back second");

  // entry mask -> PBA -> delivery on unmask
  bar_wr32(0x4000 + 16 * 2 + 12, 1);
  core_irq(false, 1);
  expect_none("masked vector 2");
  CHECK_EQ(bar_rd32(0x6000), 1u << 2, "PBA bit 2 pending");
  bar_wr32(0x4000 + 16 * 2 + 12, 0);
  expect_msg(2, "pending vector 2 delivered on unmask");
  ticks(2);
  CHECK_EQ(bar_rd32(0x6000), 0, "PBA cleared after delivery");

  // function mask
  cfg_wr(0x98, 0xC0000000u);
  core_irq(false, 0);
  core_irq(false, 3);
  expect_none("function mask");
  CHECK_EQ(bar_rd32(0x6000), (1u << 1) | (1u << 4), "PBA bits 1 and 4");
  cfg_wr(0x98, 0x80000000u);
  expect_msg(1, "function unmask vector 1");
  expect_msg(4, "function unmask vector 4");
  ticks(2);
  CHECK_EQ(bar_rd32(0x6000), 0, "PBA cleared");

  // NO_VECTOR -> nothing
  bar_wr16(QSEL, 3);
  bar_wr16(QMSIX, 0xFFFF);
  CHECK_EQ(bar_rd16(QMSIX), 0xFFFF, "queue 3 unmapped");
  core_irq(false, 3);
  expect_none("NO_VECTOR");
  CHECK_EQ(bar_rd32(0x6000), 0, "no PBA for NO_VECTOR");
  CHECK_EQ(bar_rd8(0x1000), 0, "no ISR for NO_VECTOR queue interrupt");

  // needs_reset_i with DRIVER_OK -> status bit 64 + config interrupt
  top->needs_reset_i = 1; tick(); top->needs_reset_i = 0;
  expect_msg(0, "needs_reset config interrupt");
  CHECK_EQ(bar_rd8(STATUS), 0x4F, "DEVICE_NEEDS_RESET set");
  CHECK(!top->driver_ok_o, "driver_ok_o drops with NEEDS_RESET");
  bar_wr8(STATUS, 0x0F);
  CHECK_EQ(bar_rd8(STATUS), 0x4F, "driver cannot clear NEEDS_RESET");

  // ================================================================ device reset
  // leave one vector pending to see the PBA cleared by the reset
  bar_wr32(0x4000 + 16 * 1 + 12, 1);
  core_irq(false, 0);
  ticks(3);
  CHECK_EQ(bar_rd32(0x6000), 1u << 1, "PBA bit 1 before reset");
  device_reset_and_check();
  CHECK_EQ(bar_rd32(0x6000), 0, "PBA cleared by device reset");
  CHECK_EQ(top->features_o, 0, "features_o cleared");
  CHECK_EQ(top->q_enable_o, 0, "q_enable_o cleared");
  CHECK(!top->driver_ok_o, "driver_ok_o cleared");
  CHECK_EQ(bar_rd32(DFSEL), 0, "device_feature_select reset");
  CHECK_EQ(bar_rd32(GFSEL), 0, "driver_feature_select reset");
  CHECK_EQ(bar_rd32(GF), 0, "driver_feature reset");
  CHECK_EQ(bar_rd16(MSIXCFG), 0xFFFF, "config_msix_vector reset");
  CHECK_EQ(bar_rd16(QSEL), 0, "queue_select reset");
  CHECK_EQ(bar_rd8(0x1000), 0, "ISR reset");
  for (unsigned q = 0; q < NQ; q++) {
    bar_wr16(QSEL, q);
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "queue_size reset");
    CHECK_EQ(bar_rd16(QMSIX), 0xFFFF, "queue_msix_vector reset");
    CHECK_EQ(bar_rd16(QEN), 0, "queue_enable reset");
    CHECK_EQ(bar_rd32(QDESC) | bar_rd32(QDESC + 4), 0, "queue_desc reset");
    CHECK_EQ(bar_rd32(QDRV) | bar_rd32(QDRV + 4), 0, "queue_driver reset");
    CHECK_EQ(bar_rd32(QDEV) | bar_rd32(QDEV + 4), 0, "queue_device reset");
    CHECK_EQ(wide_get(top->q_size_o.data(), 16 * q, 16), QSIZE_MAX, "q_size_o reset");
    CHECK_EQ(wide_get(top->q_desc_o.data(), 64 * q, 64), 0, "q_desc_o reset");
  }
  // the PCI-level MSI-X table survives the virtio reset
  CHECK_EQ(bar_rd32(0x4000 + 8), 0x4000, "MSI-X table kept across device reset");
  // after reset: queue interrupt with config unmapped vector -> nothing
  core_irq(true, 0);
  expect_none("config NO_VECTOR after reset");
  bar_rd8(0x1000);
  // needs_reset without DRIVER_OK -> status bit only
  top->needs_reset_i = 1; tick(); top->needs_reset_i = 0;
  bar_wr16(MSIXCFG, 0);
  expect_none("needs_reset without DRIVER_OK");
  CHECK_EQ(bar_rd8(STATUS), 0x40, "NEEDS_RESET without DRIVER_OK");
  device_reset_and_check();

  // ================================================================ PCI_CFG window
  const unsigned PC = 0x84;
  auto win_setup = [&](unsigned bar, uint32_t off, uint32_t len) {
    cfg_wr(PC + 4, bar, 0x1);
    cfg_wr(PC + 8, off);
    cfg_wr(PC + 12, len);
  };
  win_setup(0, 0x00, 4);
  CHECK_EQ(cfg_rd8(PC + 4), 0, "pci_cfg cap.bar");
  CHECK_EQ(cfg_rd(PC + 8), 0, "pci_cfg cap.offset");
  CHECK_EQ(cfg_rd(PC + 12), 4, "pci_cfg cap.length");
  cfg_wr(PC + 16, 1);  // device_feature_select := 1
  CHECK_EQ(bar_rd32(DFSEL), 1, "window 4-byte write");
  win_setup(0, 0x04, 4);
  CHECK_EQ(cfg_rd(PC + 16), DEV_FEATURES >> 32, "window 4-byte read of device_feature");
  win_setup(0, 0x12, 2);
  CHECK_EQ(cfg_rd(PC + 16), NQ, "window 2-byte read of num_queues");
  win_setup(0, 0x16, 2);
  cfg_wr(PC + 16, 3);  // queue_select := 3
  CHECK_EQ(bar_rd16(QSEL), 3, "window 2-byte write of queue_select");
  CHECK_EQ(bar_rd8(STATUS), 0, "neighbour byte untouched");
  win_setup(0, 0x18, 2);
  cfg_wr(PC + 16, 32);
  CHECK_EQ(bar_rd16(QSIZE), 32, "window write queue_size of queue 3");
  cfg_wr(PC + 16, 0);
  CHECK_EQ(cfg_rd(PC + 16) & 0xFFFF, 32, "window read queue_size");
  win_setup(0, 0x14, 1);
  cfg_wr(PC + 16, 0xAAAA0001u);  // device_status := ACKNOWLEDGE
  CHECK_EQ(bar_rd32(STATUS & ~3u), 0x00030001u, "window 1-byte write of device_status only");
  cfg_wr(PC + 16, 0x00000000u);
  win_setup(0, 0x15, 1);
  CHECK_EQ(cfg_rd(PC + 16) & 0xFF, 0, "window 1-byte read of config_generation");
  win_setup(0, 0x2004, 4);
  CHECK_EQ(cfg_rd(PC + 16), NUM_DATAQ, "window read of device cfg");
  // window into the MSI-X table
  win_setup(0, 0x4000 + 16 * 3 + 8, 4);
  cfg_wr(PC + 16, 0xABCD1234u);
  CHECK_EQ(bar_rd32(0x4000 + 16 * 3 + 8), 0xABCD1234u, "window write of an MSI-X entry");
  bar_wr32(0x4000 + 16 * 3 + 8, 0x4003);
  // invalid windows do nothing
  bar_wr32(DFSEL, 0);
  win_setup(1, 0x00, 4);
  cfg_wr(PC + 16, 7);
  CHECK_EQ(bar_rd32(DFSEL), 0, "window with bar 1 ignored");
  win_setup(0, 0x02, 4);
  cfg_wr(PC + 16, 7);
  CHECK_EQ(bar_rd32(DFSEL), 0, "misaligned window ignored");
  win_setup(0, 0x00, 3);
  cfg_wr(PC + 16, 7);
  CHECK_EQ(bar_rd32(DFSEL), 0, "window length 3 ignored");
  win_setup(0, 0x8000, 4);
  cfg_wr(PC + 16, 7);
  CHECK_EQ(bar_rd32(DFSEL), 0, "window offset outside BAR0 ignored");
  // window ISR read clears it
  bar_wr8(STATUS, 0);
  cfg_wr(0x98, 0x00000000u);  // MSI-X off
  core_irq(false, 0);
  ticks(3);
  win_setup(0, 0x1000, 1);
  CHECK_EQ(cfg_rd(PC + 16) & 0xFF, 1, "window read of ISR");
  CHECK_EQ(bar_rd8(0x1000), 0, "window ISR read cleared it");
  // window and AXI traffic interleaved
  win_setup(0, 0x00, 4);
  for (unsigned i = 0; i < 8; i++) {
    cfg_wr(PC + 16, i);
    CHECK_EQ(bar_rd32(DFSEL), i, "interleaved window/AXI");
  }

  ring_features_section();

  ticks(10);
  CHECK(msgs.empty(), "no stray MSI-X messages");
  std::printf("PASS %u checks\n", checks);
  top->final();
  delete top;
  delete ctx;
  return 0;
}
#else
static int run_default() { return 1; }
#endif

#ifdef TB_Q16
// ================================================================ 16 data queues, 18 vectors
// Queue-count dependent layout (num_queues, notify cap length, max_dataqueues), the MSI-X table
// and PBA past 16 entries, any queue mapped to any vector, then the transport-feature section.
static int run_q16() {
  cfg_wr(0x10, 0xFEDC8000u);
  cfg_wr(0x14, 0x12u);
  cfg_wr(0x04, 0x00000006u);
  CHECK_EQ(cfg_rd16(0x98 + 2), NVEC - 1, "MSI-X table size 18");
  CHECK_EQ(cfg_rd(0x50 + 12), 4 * NQ, "notify cap.length = 4*17");
  CHECK_EQ(cfg_rd(0x50 + 16), 4, "notify_off_multiplier 4");
  CHECK_EQ(cfg_rd(0x50 + 8) & 3, 0, "notify cap.offset 4-aligned");
  CHECK(cfg_rd(0x50 + 12) >= (NQ - 1) * 4 + 4, "notify cap.length covers a 32-bit write to the last queue");
  CHECK_EQ(bar_rd16(NUMQ), NQ, "num_queues 17");
  CHECK_EQ(bar_rd32(0x2004), NUM_DATAQ, "max_dataqueues 16");
  negotiate(0x30000000u, F_HI_VERSION_1, true, "features");
  for (unsigned q = 0; q < NQ; q++) {
    bar_wr16(QSEL, q);
    CHECK_EQ(bar_rd16(QNOFF), q, "queue_notify_off");
    CHECK_EQ(bar_rd16(QSIZE), QSIZE_MAX, "queue_size");
    set_queue(q, 64, q + 1, 0x1000000000ULL * (q + 1));
    bar_wr16(QEN, 1);
  }
  for (unsigned q = 0; q < NQ; q++) check_queue(q, 64, q + 1, 0x1000000000ULL * (q + 1), 1, "17 queues");
  bar_wr16(QSEL, NQ);
  CHECK_EQ(bar_rd16(QSIZE), 0, "queue 17 does not exist");
  bar_wr16(QSEL, 0);
  bar_wr16(QMSIX, NVEC - 1);
  CHECK_EQ(bar_rd16(QMSIX), NVEC - 1, "vector 17 mapped");
  bar_wr16(QMSIX, NVEC);
  CHECK_EQ(bar_rd16(QMSIX), 0xFFFF, "vector 18 does not exist");
  bar_wr16(QMSIX, 1);
  bar_wr16(MSIXCFG, 0);
  bar_wr8(STATUS, 0x0F);
  for (unsigned q = 0; q < NQ; q++) {
    unsigned n0 = notify_count;
    bar_wr16(0x3000 + 4 * q, q);
    CHECK_EQ(notify_count - n0, 1, "notify pulse");
    CHECK_EQ(last_notify_qid, q, "notify_qid_o");
  }
  { unsigned n0 = notify_count; bar_wr16(0x3000 + 4 * NQ, 1); CHECK_EQ(notify_count, n0, "write past the notify region ignored"); }

  // MSI-X table of 18 entries
  for (unsigned v = 0; v < NVEC; v++) {
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 12), 1, "vector control masked after reset");
    bar_wr32(0x4000 + 16 * v + 0, 0xFEE00000u + 0x10 * v);
    bar_wr32(0x4000 + 16 * v + 4, v);
    bar_wr32(0x4000 + 16 * v + 8, 0x4000 + v);
    bar_wr32(0x4000 + 16 * v + 12, 0);
  }
  for (unsigned v = 0; v < NVEC; v++) {
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 8), 0x4000 + v, "msg data");
    CHECK_EQ(bar_rd32(0x4000 + 16 * v + 0), 0xFEE00000u + 0x10 * v, "msg addr");
  }
  CHECK_EQ(bar_rd32(0x4000 + 16 * NVEC + 8), 0, "past the table reads 0");
  cfg_wr(0x98, 0x80000000u);
  ticks(2);
  // one vector per queue (queue q -> q + 1), config -> 0
  for (unsigned q = 0; q < NQ; q++) {
    core_irq(false, q);
    expect_msg(q + 1, "queue q -> vector q+1");
  }
  core_irq(true, 0);
  expect_msg(0, "config -> vector 0");
  // any queue to any vector: reversed mapping, then all queues on the last vector
  for (unsigned q = 0; q < NQ; q++) { bar_wr16(QSEL, q); bar_wr16(QMSIX, NVEC - 1 - q); }
  for (unsigned q = 0; q < NQ; q++) {
    core_irq(false, q);
    expect_msg(NVEC - 1 - q, "reversed mapping");
  }
  for (unsigned q = 0; q < NQ; q++) { bar_wr16(QSEL, q); bar_wr16(QMSIX, NVEC - 1); }
  for (unsigned q = 0; q < NQ; q++) {
    core_irq(false, q);
    expect_msg(NVEC - 1, "every queue on vector 17");
  }
  bar_wr16(MSIXCFG, NVEC - 1);
  core_irq(true, 0);
  expect_msg(NVEC - 1, "config on vector 17");
  // PBA bits past 16
  bar_wr16(QSEL, NQ - 1); bar_wr16(QMSIX, 16);
  bar_wr16(QSEL, NQ - 2); bar_wr16(QMSIX, 17);
  bar_wr32(0x4000 + 16 * 16 + 12, 1);
  bar_wr32(0x4000 + 16 * 17 + 12, 1);
  core_irq(false, NQ - 1);
  core_irq(false, NQ - 2);
  expect_none("masked vectors 16/17");
  CHECK_EQ(bar_rd32(0x6000), (1u << 16) | (1u << 17), "PBA bits 16 and 17");
  CHECK_EQ(bar_rd32(0x6004), 0, "PBA dword 1");
  bar_wr32(0x4000 + 16 * 17 + 12, 0);
  expect_msg(17, "pending vector 17 delivered on unmask");
  ticks(2);
  CHECK_EQ(bar_rd32(0x6000), 1u << 16, "PBA bit 16 still pending");
  bar_wr32(0x4000 + 16 * 16 + 12, 0);
  expect_msg(16, "pending vector 16 delivered on unmask");
  ticks(2);
  CHECK_EQ(bar_rd32(0x6000), 0, "PBA cleared");
  cfg_wr(0x98, 0x00000000u);

  ring_features_section();

  ticks(10);
  CHECK(msgs.empty(), "no stray MSI-X messages");
  std::printf("PASS %u checks\n", checks);
  top->final();
  delete top;
  delete ctx;
  return 0;
}
#else
static int run_q16() { return 1; }
#endif
