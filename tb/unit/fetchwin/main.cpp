// Unit bench for rtl/virtq/vcrypto_fetch_window (see Makefile for the shapes built).
// A software model of the window runs beside the RTL: random fills (base position, 1..N
// entries) whose beats arrive packed from lane 0 with random gaps, commits that come with the
// last beat, later or never, random clears, and a lookup at a random position on every clock.
// Checked every clock: hit_o / entry_o against the model, last_beat_o exactly on a fill's last
// beat, first_o = the fill's first entry on that beat, fill_n_o = the entries asked.
// Prints "PASS <fills> fills <lookups> hits" and exits 0, or "FAIL cycle <n>: <what>" and 1.
#include "verilated.h"
#include "Vfw_d64.h"
#include "Vfw_d128.h"
#include "Vfw_d256.h"
#include "Vfw_d1.h"
#include "Vfw_h64.h"
#include "Vfw_h128.h"
#include "Vfw_h256.h"
#include "Vfw_h2.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  uint64_t next() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  bool chance(uint32_t pct) { return below(100) < pct; }
};

[[noreturn]] void fail(uint64_t cyc, const std::string& what) {
  std::printf("FAIL cycle %llu: %s\n", static_cast<unsigned long long>(cyc), what.c_str());
  std::exit(1);
}

// Port access by bytes (little-endian lanes) for scalar and wide Verilator ports.
template <typename T>
void put(T& port, const Bytes& b) {
  if constexpr (std::is_integral_v<T>) {
    T v = 0;
    for (size_t i = 0; i < sizeof(T) && i < b.size(); i++) v |= static_cast<T>(b[i]) << (8 * i);
    port = v;
  } else {
    for (size_t w = 0; w < std::size(port.m_storage); w++) {
      uint32_t v = 0;
      for (size_t k = 0; k < 4; k++) {
        const size_t i = 4 * w + k;
        if (i < b.size()) v |= static_cast<uint32_t>(b[i]) << (8 * k);
      }
      port.m_storage[w] = v;
    }
  }
}
template <typename T>
Bytes get(const T& port, size_t n) {
  Bytes b(n);
  if constexpr (std::is_integral_v<T>) {
    for (size_t i = 0; i < n; i++) b[i] = static_cast<uint8_t>(static_cast<uint64_t>(port) >> (8 * i));
  } else {
    for (size_t i = 0; i < n; i++) b[i] = static_cast<uint8_t>(port.m_storage[i / 4] >> (8 * (i % 4)));
  }
  return b;
}

std::string hex(const Bytes& b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (uint8_t x : b) { s += d[x >> 4]; s += d[x & 15]; }
  return s;
}

template <typename M>
int run(unsigned ew, unsigned n_max, unsigned dw, uint64_t seed, unsigned count) {
  M m;
  Rng rng(seed);
  const unsigned eb = ew / 8, bb = dw / 8;
  uint64_t cyc = 0;
  auto tick = [&]() { m.clk_i = 0; m.eval(); m.clk_i = 1; m.eval(); cyc++; };

  m.rst_i = 1; m.pos_i = 0; m.clear_i = 0; m.start_i = 0; m.base_i = 0; m.n_i = 0;
  m.beat_valid_i = 0; m.commit_i = 0;
  tick(); tick();
  m.rst_i = 0;

  // model
  uint16_t win_base = 0;
  std::vector<Bytes> win;          // visible entries
  bool filling = false, filled = false;
  uint16_t f_base = 0;
  unsigned f_n = 0, f_beats = 0, f_sent = 0;
  Bytes f_data;                    // the fill's bytes as delivered (whole beats)
  unsigned fills = 0, hits = 0;
  uint16_t around = static_cast<uint16_t>(rng.next());

  while (fills < count) {
    // inputs for this clock
    m.start_i = 0; m.clear_i = 0; m.commit_i = 0; m.beat_valid_i = 0;
    bool start = false, beat = false, commit = false, clear = false;
    if (!filling && rng.chance(30)) {
      start = true;
      f_base = static_cast<uint16_t>(around + rng.below(2 * n_max + 4) - n_max - 2);
      if (rng.chance(10)) f_base = static_cast<uint16_t>(rng.next());
      f_n = 1 + rng.below(n_max);
      f_beats = (f_n * eb + bb - 1) / bb;
      f_sent = 0;
      f_data.resize(static_cast<size_t>(f_beats) * bb);
      for (auto& x : f_data) x = static_cast<uint8_t>(rng.next());
      m.start_i = 1; m.base_i = f_base; m.n_i = f_n;
    } else if (filling && f_sent < f_beats && rng.chance(70)) {
      beat = true;
      m.beat_valid_i = 1;
      put(m.beat_i, Bytes(f_data.begin() + static_cast<long>(f_sent) * bb,
                          f_data.begin() + static_cast<long>(f_sent + 1) * bb));
    }
    const bool last = beat && f_sent + 1 == f_beats;
    if ((last && rng.chance(60)) || (!start && !beat && filled && rng.chance(25))) {
      commit = true;
      m.commit_i = 1;
    }
    if (rng.chance(4)) { clear = true; m.clear_i = 1; }
    uint16_t pos = static_cast<uint16_t>(win_base + rng.below(n_max + 4) - 2);
    if (rng.chance(10)) pos = static_cast<uint16_t>(rng.next());
    m.pos_i = pos;
    m.clk_i = 0;
    m.eval();

    // outputs before the edge
    const uint16_t off = static_cast<uint16_t>(pos - win_base);
    const bool exp_hit = !win.empty() && off < win.size();
    if (static_cast<bool>(m.hit_o) != exp_hit)
      fail(cyc, "hit_o " + std::to_string(m.hit_o) + " at position " + std::to_string(pos) +
                " (window base " + std::to_string(win_base) + ", " + std::to_string(win.size()) + " entries)");
    if (exp_hit) {
      hits++;
      const Bytes got = get(m.entry_o, eb);
      if (got != win[off]) fail(cyc, "entry_o " + hex(got) + ", expected " + hex(win[off]));
    }
    if (static_cast<bool>(m.last_beat_o) != last) fail(cyc, "last_beat_o " + std::to_string(m.last_beat_o));
    if (last) {
      const Bytes first = get(m.first_o, eb);
      const Bytes exp(f_data.begin(), f_data.begin() + eb);
      if (first != exp) fail(cyc, "first_o " + hex(first) + ", expected " + hex(exp));
    }
    if (filling && static_cast<unsigned>(m.fill_n_o) != f_n)
      fail(cyc, "fill_n_o " + std::to_string(m.fill_n_o) + ", expected " + std::to_string(f_n));

    // model update (the RTL's priority: commit, then start, then clear)
    if (beat) {
      f_sent++;
      if (f_sent == f_beats) { filling = false; filled = true; }
    }
    if (commit) {
      win_base = f_base;
      win.clear();
      for (unsigned k = 0; k < f_n; k++) win.emplace_back(f_data.begin() + k * eb, f_data.begin() + (k + 1) * eb);
      filled = false;
      around = f_base;
    }
    if (start) {
      filling = true; filled = false; win.clear(); fills++;
    }
    if (clear) win.clear();
    m.clk_i = 1;
    m.eval();
    cyc++;
  }
  std::printf("PASS %u fills %u hits\n", fills, hits);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  std::string cfg = "d128";
  uint64_t seed = 1;
  unsigned count = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--cfg") cfg = argv[i + 1];
    else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--count") count = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
  }
  if (cfg == "d64") return run<Vfw_d64>(128, 8, 64, seed, count);
  if (cfg == "d128") return run<Vfw_d128>(128, 8, 128, seed, count);
  if (cfg == "d256") return run<Vfw_d256>(128, 8, 256, seed, count);
  if (cfg == "d1") return run<Vfw_d1>(128, 1, 256, seed, count);
  if (cfg == "h64") return run<Vfw_h64>(16, 8, 64, seed, count);
  if (cfg == "h128") return run<Vfw_h128>(16, 8, 128, seed, count);
  if (cfg == "h256") return run<Vfw_h256>(16, 16, 256, seed, count);
  if (cfg == "h2") return run<Vfw_h2>(16, 2, 128, seed, count);
  std::printf("usage: unit --cfg d64|d128|d256|d1|h64|h128|h256|h2 [--seed N] [--count N]\n");
  return 2;
}
