// Unit bench for vcrypto_gcm_engine (AES-GCM).
// stdin, one case per line:  <decrypt 0|1> <keyhex> <ivhex> <aadhex> <datahex>
//   key length from the hex length (16/24/32 bytes); IV any length >= 1 byte (12 bytes go on
//   cfg_iv_i, any other length is streamed as phase 0); an empty AAD or data field is "-".
// stdout, one line per case: <outhex> <taghex> <cycles>   ("-" stands for empty output;
//   cycles counts clocks from the cfg handshake to the tag handshake), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on m_axis_tready / tag_ready_i prove the
// handshakes; deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with a ready low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_gcm_engine.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

Vvcrypto_gcm_engine* top = nullptr;
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
void set_wide_junk(VlWide<W>& w, const uint8_t* bytes, size_t n) {
  // bytes past n carry junk: the engine must ignore them
  for (size_t i = 0; i < W; ++i) w[i] = static_cast<uint32_t>(rng * 0x9e3779b1u + i);
  for (size_t i = 0; i < n; ++i) {
    w[i / 4] &= ~(0xffu << (8 * (i % 4)));
    w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
  }
}

template <std::size_t W>
uint8_t get_byte(const VlWide<W>& w, size_t i) {
  return static_cast<uint8_t>(w[i / 4] >> (8 * (i % 4)));
}

struct Beat {
  uint8_t user;
  const uint8_t* p;
  size_t n;
};

const char* const hx = "0123456789abcdef";

void put_hex(std::string& s, uint8_t b) {
  s.push_back(hx[b >> 4]);
  s.push_back(hx[b & 15]);
}

std::string run_case(int dec, const std::vector<uint8_t>& key, const std::vector<uint8_t>& iv,
                     const std::vector<uint8_t>& aad, const std::vector<uint8_t>& data,
                     unsigned bp, unsigned gap) {
  int klen;
  switch (key.size()) {
    case 16: klen = 0; break;
    case 24: klen = 1; break;
    case 32: klen = 2; break;
    default: return "ERR key length";
  }
  if (iv.empty()) return "ERR iv length";

  std::vector<Beat> beats;
  auto add_phase = [&](uint8_t user, const std::vector<uint8_t>& v) {
    for (size_t o = 0; o < v.size(); o += 16) {
      beats.push_back({user, &v[o], v.size() - o > 16 ? 16 : v.size() - o});
    }
  };
  if (iv.size() != 12) add_phase(0, iv);
  add_phase(1, aad);
  add_phase(2, data);
  const size_t nblk = (data.size() + 15) / 16;
  const uint64_t limit = cycle + 2000 + 200 * beats.size();

  // cfg handshake
  top->cfg_valid_i = 1;
  top->cfg_decrypt_i = static_cast<uint8_t>(dec);
  top->cfg_key_len_i = static_cast<uint8_t>(klen);
  set_wide(top->cfg_key_i, key.data(), key.size());
  if (iv.size() == 12) {
    set_wide(top->cfg_iv_i, iv.data(), 12);
  } else {
    set_wide_junk(top->cfg_iv_i, iv.data(), 0);
  }
  top->cfg_iv_len_i = static_cast<uint32_t>(iv.size());
  top->cfg_aad_len_i = static_cast<uint32_t>(aad.size());
  top->cfg_data_len_i = static_cast<uint32_t>(data.size());
  for (;;) {
    top->eval();
    bool fire = top->cfg_ready_o;
    tick();
    if (fire) break;
    if (cycle > limit) return "ERR cfg timeout";
  }
  top->cfg_valid_i = 0;
  const uint64_t start = cycle - 1;  // the clock of the cfg handshake
  if (!top->busy_o) return "ERR busy_o low after cfg";

  size_t sent = 0, recv = 0;
  bool svalid = false;
  bool tag_done = false;
  std::string out, tag;
  out.reserve(data.size() * 2);
  uint64_t tag_cycle = 0;
  while (!tag_done) {
    if (cycle > limit) return "ERR timeout";
    if (!svalid && sent < beats.size() && rnd100() >= gap) svalid = true;
    if (svalid) {
      const Beat& b = beats[sent];
      set_wide_junk(top->s_axis_tdata, b.p, b.n);
      top->s_axis_tbytes = static_cast<uint8_t>(b.n);
      top->s_axis_tuser = b.user;
    }
    top->s_axis_tvalid = svalid;
    top->m_axis_tready = rnd100() >= bp;
    top->tag_ready_i = rnd100() >= bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool m_fire = top->m_axis_tvalid && top->m_axis_tready;
    const bool t_fire = top->tag_valid_o && top->tag_ready_i;
    if (m_fire) {
      if (recv >= nblk) return "ERR extra output beat";
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      for (size_t i = 0; i < 16; ++i) {
        const uint8_t b = get_byte(top->m_axis_tdata, i);
        if (i < want) {
          put_hex(out, b);
        } else if (b != 0) {
          return "ERR nonzero pad";
        }
      }
      ++recv;
    }
    if (t_fire) {
      if (recv != nblk) return "ERR tag before the last output beat";
      if (sent != beats.size()) return "ERR tag before the last input beat";
      for (size_t i = 0; i < 16; ++i) put_hex(tag, get_byte(top->tag_o, i));
      tag_done = true;
      tag_cycle = cycle;
    }
    tick();
    if (s_fire) {
      ++sent;
      svalid = false;
    }
  }
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  top->tag_ready_i = 0;
  if (top->tag_valid_o) return "ERR tag_valid_o high after the handshake";
  if (!top->cfg_ready_o) return "ERR not ready after the tag";
  if (top->busy_o) return "ERR busy_o high after the message";
  tick();
  if (top->m_axis_tvalid) return "ERR m_axis_tvalid after the message";
  return (out.empty() ? std::string("-") : out) + " " + tag + " " +
         std::to_string(tag_cycle - start);
}

unsigned env_num(const char* name, unsigned dflt) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 0)) : dflt;
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  top = new Vvcrypto_gcm_engine;
  rng = 0x9e3779b97f4a7c15ULL ^ env_num("UNIT_SEED", 1);
  const unsigned bp = env_num("UNIT_BP", 30);
  const unsigned gap = env_num("UNIT_GAP", 20);

  top->clk_i = 0;
  top->rst_i = 1;
  top->cfg_valid_i = 0;
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  top->tag_ready_i = 0;
  for (int i = 0; i < 4; ++i) tick();
  top->rst_i = 0;
  tick();

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream ss(line);
    int dec = -1;
    std::string khex, ivhex, ahex, dhex;
    if (!(ss >> dec >> khex >> ivhex >> ahex >> dhex)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::printf("ERR parse\n");
      std::fflush(stdout);
      continue;
    }
    std::vector<uint8_t> key, iv, aad, data;
    std::string res;
    if (!parse_hex(khex, key) || !parse_hex(ivhex, iv) || !parse_hex(ahex, aad) ||
        !parse_hex(dhex, data)) {
      res = "ERR hex";
    } else {
      res = run_case(dec, key, iv, aad, data, bp, gap);
    }
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
