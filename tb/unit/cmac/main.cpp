// Unit bench for vcrypto_cmac_engine.
// stdin, one case per line:  <keyhex> <msghex>
//   key 16/24/32 bytes; the message any length ("-" or nothing for the empty message).
// stdout, one line per case: <taghex> <cycles>   (cycles counts clocks from the cfg handshake
//   to the tag handshake), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on tag_ready_i prove the handshakes;
// deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with tag_ready_i low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_cmac_engine.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

Vvcrypto_cmac_engine* top = nullptr;
uint64_t cycle = 0;
uint64_t rng = 1;

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

bool parse_hex(const std::string& s, std::vector<uint8_t>& out) {
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

template <std::size_t W>
void set_wide(VlWide<W>& w, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < W; ++i) w[i] = 0;
  for (size_t i = 0; i < n; ++i) w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
}

template <std::size_t W>
uint8_t get_byte(const VlWide<W>& w, size_t i) {
  return static_cast<uint8_t>(w[i / 4] >> (8 * (i % 4)));
}

std::string run_case(const std::vector<uint8_t>& key, const std::vector<uint8_t>& msg,
                     unsigned bp, unsigned gap) {
  int klen;
  switch (key.size()) {
    case 16: klen = 0; break;
    case 24: klen = 1; break;
    case 32: klen = 2; break;
    default: return "ERR key length";
  }
  const size_t nbeats = (msg.size() + 15) / 16;
  const uint64_t limit = cycle + 1000 + 100 * nbeats;

  top->cfg_valid_i = 1;
  top->cfg_key_len_i = static_cast<uint8_t>(klen);
  top->cfg_msg_len_i = static_cast<uint32_t>(msg.size());
  set_wide(top->cfg_key_i, key.data(), key.size());
  for (;;) {
    top->eval();
    bool fire = top->cfg_ready_o;
    tick();
    if (fire) break;
    if (cycle > limit) return "ERR cfg timeout";
  }
  top->cfg_valid_i = 0;
  const uint64_t start = cycle - 1;
  if (!top->busy_o) return "ERR busy_o low after cfg";

  size_t sent = 0;
  bool svalid = false;
  std::string tag;
  uint64_t tag_cycle = 0;
  static const char* hx = "0123456789abcdef";
  while (tag.empty()) {
    if (cycle > limit) return "ERR timeout";
    if (!svalid && sent < nbeats && rnd100() >= gap) svalid = true;
    if (svalid) {
      size_t nb = msg.size() - 16 * sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &msg[16 * sent], nb);
      // garbage past the valid bytes must not matter
      for (size_t i = nb; i < 16; ++i) top->s_axis_tdata[i / 4] |= 0xa5u << (8 * (i % 4));
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tuser = 2;
    }
    top->s_axis_tvalid = svalid;
    top->tag_ready_i = rnd100() >= bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    if (top->tag_valid_o && top->tag_ready_i) {
      if (sent != nbeats) return "ERR tag before the whole message";
      for (size_t i = 0; i < 16; ++i) {
        const uint8_t b = get_byte(top->tag_o, i);
        tag.push_back(hx[b >> 4]);
        tag.push_back(hx[b & 15]);
      }
      tag_cycle = cycle;
    }
    tick();
    if (s_fire) {
      ++sent;
      svalid = false;
    }
  }
  top->s_axis_tvalid = 0;
  top->tag_ready_i = 0;
  if (!top->cfg_ready_o) return "ERR not ready after the tag";
  if (top->busy_o) return "ERR busy_o high after the tag";
  if (top->s_axis_tready) return "ERR tready while idle";
  return tag + " " + std::to_string(tag_cycle - start);
}

unsigned env_num(const char* name, unsigned dflt) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 0)) : dflt;
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  top = new Vvcrypto_cmac_engine;
  rng = 0x9e3779b97f4a7c15ULL ^ env_num("UNIT_SEED", 1);
  const unsigned bp = env_num("UNIT_BP", 30);
  const unsigned gap = env_num("UNIT_GAP", 20);

  top->clk_i = 0;
  top->rst_i = 1;
  top->cfg_valid_i = 0;
  top->s_axis_tvalid = 0;
  top->tag_ready_i = 0;
  for (int i = 0; i < 4; ++i) tick();
  top->rst_i = 0;
  tick();

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream ss(line);
    std::string khex, mhex = "-";
    if (!(ss >> khex)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::printf("ERR parse\n");
      std::fflush(stdout);
      continue;
    }
    ss >> mhex;
    std::vector<uint8_t> key, msg;
    std::string res;
    if (!parse_hex(khex, key) || !parse_hex(mhex, msg)) {
      res = "ERR hex";
    } else {
      res = run_case(key, msg, bp, gap);
    }
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
