// Unit bench for vcrypto_ccm_engine.
// stdin, one case per line:
//   <decrypt 0|1> <keyhex> <noncehex> <taglen> <aadhex> <datahex>
//   key length from the hex length (16/24/32 bytes), nonce 7..13 bytes, taglen 4..16 even;
//   an empty AAD or data field is written as "-".
// stdout, one line per case: <outhex> <taghex> <cycles>   ("-" for empty output; taghex is the
//   first taglen bytes of tag_o, the rest must be zero; cycles counts clocks from the cfg
//   handshake to the tag handshake), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on m_axis_tready / tag_ready_i prove the
// handshakes; deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with a ready low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_ccm_engine.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

Vvcrypto_ccm_engine* top = nullptr;
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

template <std::size_t W>
void set_wide(VlWide<W>& w, const uint8_t* bytes, size_t n) {
  for (size_t i = 0; i < W; ++i) w[i] = 0;
  for (size_t i = 0; i < n; ++i) w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
}

template <std::size_t W>
uint8_t get_byte(const VlWide<W>& w, size_t i) {
  return static_cast<uint8_t>(w[i / 4] >> (8 * (i % 4)));
}

struct Beat {
  const uint8_t* p;
  size_t n;
  uint8_t user;
};

std::string run_case(int dec, const std::vector<uint8_t>& key, const std::vector<uint8_t>& nonce,
                     int tlen, const std::vector<uint8_t>& aad, const std::vector<uint8_t>& data,
                     unsigned bp, unsigned gap) {
  int klen;
  switch (key.size()) {
    case 16: klen = 0; break;
    case 24: klen = 1; break;
    case 32: klen = 2; break;
    default: return "ERR key length";
  }
  if (nonce.size() < 7 || nonce.size() > 13) return "ERR nonce length";
  if (tlen < 4 || tlen > 16 || (tlen & 1)) return "ERR tag length";

  std::vector<Beat> beats;
  for (size_t o = 0; o < aad.size(); o += 16)
    beats.push_back({&aad[o], aad.size() - o > 16 ? 16 : aad.size() - o, 1});
  for (size_t o = 0; o < data.size(); o += 16)
    beats.push_back({&data[o], data.size() - o > 16 ? 16 : data.size() - o, 2});
  const size_t nout = (data.size() + 15) / 16;
  const uint64_t limit = cycle + 2000 + 100 * beats.size();

  // cfg handshake
  top->cfg_valid_i = 1;
  top->cfg_decrypt_i = static_cast<uint8_t>(dec);
  top->cfg_key_len_i = static_cast<uint8_t>(klen);
  set_wide(top->cfg_key_i, key.data(), key.size());
  set_wide(top->cfg_nonce_i, nonce.data(), nonce.size());
  // bytes of cfg_nonce_i past the nonce carry junk: the engine must ignore them
  for (size_t i = nonce.size(); i < 13; ++i)
    top->cfg_nonce_i[i / 4] |= static_cast<uint32_t>(0xA5) << (8 * (i % 4));
  top->cfg_nonce_len_i = static_cast<uint8_t>(nonce.size());
  top->cfg_tag_len_i = static_cast<uint8_t>(tlen);
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
  bool got_tag = false;
  std::string out, tag;
  out.reserve(data.size() * 2);
  uint64_t tag_cycle = 0;
  static const char* hx = "0123456789abcdef";
  while (!got_tag) {
    if (cycle > limit) return "ERR timeout";
    if (!svalid && sent < beats.size() && rnd100() >= gap) svalid = true;
    if (svalid) {
      const Beat& b = beats[sent];
      set_wide(top->s_axis_tdata, b.p, b.n);
      // lanes past tbytes carry junk: the engine must ignore them
      for (size_t i = b.n; i < 16; ++i)
        top->s_axis_tdata[i / 4] |= static_cast<uint32_t>(0x5A ^ i) << (8 * (i % 4));
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
      if (recv >= nout) return "ERR extra m_axis beat";
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      for (size_t i = 0; i < 16; ++i) {
        const uint8_t b = get_byte(top->m_axis_tdata, i);
        if (i < want) {
          out.push_back(hx[b >> 4]);
          out.push_back(hx[b & 15]);
        } else if (b != 0) {
          return "ERR nonzero pad";
        }
      }
      ++recv;
    }
    if (top->tag_valid_o && (recv < nout || m_fire)) return "ERR tag before the last m_axis beat";
    if (top->tag_valid_o && sent < beats.size()) return "ERR tag before all input";
    if (t_fire) {
      for (size_t i = 0; i < 16; ++i) {
        const uint8_t b = get_byte(top->tag_o, i);
        if (i < static_cast<size_t>(tlen)) {
          tag.push_back(hx[b >> 4]);
          tag.push_back(hx[b & 15]);
        } else if (b != 0) {
          return "ERR nonzero tag pad";
        }
      }
      got_tag = true;
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
  top->eval();
  if (!top->cfg_ready_o) return "ERR not ready after the tag";
  if (top->busy_o) return "ERR busy_o high after the message";
  if (top->m_axis_tvalid || top->tag_valid_o) return "ERR output valid after the message";
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
  top = new Vvcrypto_ccm_engine;
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
    int dec = -1, tlen = -1;
    std::string khex, nhex, ahex, dhex;
    if (!(ss >> dec >> khex >> nhex >> tlen >> ahex >> dhex)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::printf("ERR parse\n");
      std::fflush(stdout);
      continue;
    }
    std::vector<uint8_t> key, nonce, aad, data;
    std::string res;
    if (!parse_hex(khex, key) || !parse_hex(nhex, nonce) || !parse_hex(ahex, aad) ||
        !parse_hex(dhex, data)) {
      res = "ERR hex";
    } else {
      res = run_case(dec, key, nonce, tlen, aad, data, bp, gap);
    }
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
