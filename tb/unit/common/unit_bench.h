// Shared helpers of the RTL unit benches in tb/unit/<block>/main.cpp (header only).
//
// Every crypto-engine bench drives one Verilated model with clk_i / rst_i, a cfg_valid_i /
// cfg_ready_o handshake and AXI-stream style beats, reads one case per stdin line and prints
// one result line per case. This header holds what they have in common:
//   - hex parsing / printing and VlWide byte access (little-endian byte lanes),
//   - the seeded xorshift random source behind the tvalid gaps and the ready backpressure,
//   - unit::Bench<Model>: clock tick, cycle counter, cfg handshake, reset and the stdin loop.
// Environment (read by Bench::run): UNIT_SEED (default 1), UNIT_BP (% of clocks with a ready
// low, default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#pragma once

#include "verilated.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace unit {

// ---- hex ------------------------------------------------------------------------------------

// Parses an even-length hex string ("-" is the empty string) with strtol per byte pair, so a
// pair such as "+f" is accepted as strtol accepts it.
inline bool parse_hex(const std::string& s, std::vector<uint8_t>& out) {
  out.clear();
  if (s == "-") return true;
  if (s.size() % 2) return false;
  for (size_t i = 0; i < s.size(); i += 2) {
    char* end = nullptr;
    std::string b = s.substr(i, 2);
    long v = std::strtol(b.c_str(), &end, 16);
    if (*end) return false;
    out.push_back(static_cast<uint8_t>(v));
  }
  return true;
}

// Like parse_hex but accepts hex digits only.
inline bool parse_hex_strict(const std::string& s, std::vector<uint8_t>& out) {
  out.clear();
  if (s == "-") return true;
  if (s.size() % 2) return false;
  out.reserve(s.size() / 2);
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); i += 2) {
    const int h = nib(s[i]), l = nib(s[i + 1]);
    if (h < 0 || l < 0) return false;
    out.push_back(static_cast<uint8_t>(h * 16 + l));
  }
  return true;
}

inline void put_hex(std::string& s, uint8_t b) {
  static const char* const hx = "0123456789abcdef";
  s.push_back(hx[b >> 4]);
  s.push_back(hx[b & 15]);
}

// ---- VlWide byte lanes ------------------------------------------------------------------------

template <std::size_t W>
void set_wide(VlWide<W>& w, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < W; ++i) w[i] = 0;
  for (size_t i = 0; i < n; ++i) w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
}

template <std::size_t W>
uint8_t get_byte(const VlWide<W>& w, size_t i) {
  return static_cast<uint8_t>(w[i / 4] >> (8 * (i % 4)));
}

// Appends the hex of bytes [0, want) of w to out; false when any of bytes [want, total) is not
// zero (the caller reports its own error).
template <std::size_t W>
bool take_hex(const VlWide<W>& w, size_t total, size_t want, std::string& out) {
  for (size_t i = 0; i < total; ++i) {
    const uint8_t b = get_byte(w, i);
    if (i < want) {
      put_hex(out, b);
    } else if (b != 0) {
      return false;
    }
  }
  return true;
}

// ---- misc -------------------------------------------------------------------------------------

// cfg_key_len_i of the AES engines: 16/24/32 key bytes -> 0/1/2, anything else -> -1.
inline int aes_key_len(size_t bytes) {
  switch (bytes) {
    case 16: return 0;
    case 24: return 1;
    case 32: return 2;
    default: return -1;
  }
}

inline unsigned env_num(const char* name, unsigned dflt) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 0)) : dflt;
}

// ---- the bench --------------------------------------------------------------------------------

// An AXI-stream source of n beats with random idle gaps (see Bench::offer / Bench::tick).
struct Source {
  size_t n = 0;      // beats to send
  size_t sent = 0;   // beats handed over so far
  bool valid = false;
};

template <class Model>
struct Bench {
  Model* top = nullptr;
  uint64_t cycle = 0;
  uint64_t rng = 1;
  unsigned bp = 30;   // % of clocks a sink keeps its ready low
  unsigned gap = 20;  // % of clocks an idle source keeps tvalid low

  uint32_t rnd100() {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return static_cast<uint32_t>(rng % 100);
  }

  void tick() {
    top->clk_i = 1;
    top->eval();
    top->clk_i = 0;
    top->eval();
    ++cycle;
  }

  // Whether src offers its next beat this clock: once idle, a source with beats left turns
  // valid with probability (100 - gap)% per clock and stays valid until the handshake.
  bool offer(Source& src) {
    if (!src.valid && src.sent < src.n && rnd100() >= gap) src.valid = true;
    return src.valid;
  }

  // One clock; a beat of src whose handshake (fired) happened on it is done.
  void tick(Source& src, bool fired) {
    tick();
    if (fired) {
      ++src.sent;
      src.valid = false;
    }
  }

  // Holds cfg_valid_i (already driven high with the cfg fields) until the handshake, then drops
  // it. start becomes the clock of the handshake. Returns nullptr or the "ERR ..." text.
  const char* cfg_handshake(uint64_t limit, uint64_t& start) {
    for (;;) {
      top->eval();
      bool fire = top->cfg_ready_o;
      tick();
      if (fire) break;
      if (cycle > limit) return "ERR cfg timeout";
    }
    top->cfg_valid_i = 0;
    start = cycle - 1;
    if (!top->busy_o) return "ERR busy_o low after cfg";
    return nullptr;
  }

  // Verilator arguments, the model, UNIT_SEED / UNIT_BP / UNIT_GAP, and the reset: idle(top)
  // drives the bench's inputs to their idle values before the reset clocks.
  template <class Idle>
  void open(int argc, char** argv, Idle idle) {
    Verilated::commandArgs(argc, argv);
    top = new Model;
    rng = 0x9e3779b97f4a7c15ULL ^ env_num("UNIT_SEED", 1);
    bp = env_num("UNIT_BP", 30);
    gap = env_num("UNIT_GAP", 20);
    top->clk_i = 0;
    top->rst_i = 1;
    idle(top);
    for (int i = 0; i < 4; ++i) tick();
    top->rst_i = 0;
    tick();
  }

  // The whole program: builds the model, seeds the random source from UNIT_SEED, reads UNIT_BP
  // and UNIT_GAP, resets (idle(top) drives the bench's own ready inputs low), then for each
  // stdin line calls on_line(ss, res): false when the line's required fields do not parse
  // (a blank line is skipped, anything else prints "ERR parse"), else res is printed.
  template <class Idle, class OnLine>
  int run(int argc, char** argv, Idle idle, OnLine on_line) {
    open(argc, argv, [&idle](Model* t) {
      t->cfg_valid_i = 0;
      t->s_axis_tvalid = 0;
      idle(t);
    });

    std::string line;
    while (std::getline(std::cin, line)) {
      std::istringstream ss(line);
      std::string res;
      if (!on_line(ss, res)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::printf("ERR parse\n");
        std::fflush(stdout);
        continue;
      }
      std::printf("%s\n", res.c_str());
      std::fflush(stdout);
    }
    top->final();
    delete top;
    return 0;
  }
};

}  // namespace unit
