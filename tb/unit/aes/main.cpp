// Unit bench for vcrypto_cipher_engine.
// stdin, one case per line:  <mode 0|1|2|3> <decrypt 0|1> <keyhex> <ivhex> <datahex>
//   key length from the hex length (16/24/32 bytes); data any length for CTR, a multiple of 16
//   for ECB/CBC; an empty data field may be written as "-" or left out.
//   Mode 3 (XTS): the key is key1 || key2 (32/48/64 bytes: AES-128/192/256), the IV is the
//   tweak, data any length >= 1 (ciphertext stealing when it is not a multiple of 16).
// stdout, one line per case: <outhex> <cycles>   ("-" stands for empty output; cycles counts
//   clocks from the cfg handshake to the handshake of the last output block), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on m_axis_tready prove the handshakes;
// deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with tready low, default 30),
// UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_cipher_engine.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

Vvcrypto_cipher_engine* top = nullptr;
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

std::string run_case(int mode, int dec, const std::vector<uint8_t>& key,
                     const std::vector<uint8_t>& iv, const std::vector<uint8_t>& data,
                     unsigned bp, unsigned gap) {
  int klen;
  const size_t kbytes = mode == 3 ? key.size() / 2 : key.size();
  if (mode == 3 && key.size() % 2) return "ERR key length";
  switch (kbytes) {
    case 16: klen = 0; break;
    case 24: klen = 1; break;
    case 32: klen = 2; break;
    default: return "ERR key length";
  }
  if (mode < 0 || mode > 3) return "ERR mode";
  if (iv.size() != 16) return "ERR iv length";
  if (mode < 2 && data.size() % 16) return "ERR data length";
  if (data.empty()) return "- 0";  // no message reaches the engine

  const size_t nblk = (data.size() + 15) / 16;
  const uint64_t limit = cycle + 1000 + 100 * nblk;

  // cfg handshake
  top->cfg_valid_i = 1;
  top->cfg_mode_i = static_cast<uint8_t>(mode);
  top->cfg_decrypt_i = static_cast<uint8_t>(dec);
  top->cfg_key_len_i = static_cast<uint8_t>(klen);
  set_wide(top->cfg_key_i, key.data(), kbytes);
  if (mode == 3) {
    set_wide(top->cfg_key2_i, key.data() + kbytes, kbytes);
  } else {
    set_wide(top->cfg_key2_i, key.data(), 0);
  }
  set_wide(top->cfg_iv_i, iv.data(), 16);
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
  std::string out;
  out.reserve(data.size() * 2);
  uint64_t last_cycle = 0;
  static const char* hx = "0123456789abcdef";
  while (recv < nblk) {
    if (cycle > limit) return "ERR timeout";
    if (!svalid && sent < nblk && rnd100() >= gap) svalid = true;
    size_t nb = 0;
    if (svalid) {
      nb = data.size() - 16 * sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &data[16 * sent], nb);
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tlast = (sent + 1 == nblk);
    }
    top->s_axis_tvalid = svalid;
    top->m_axis_tready = rnd100() >= bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool m_fire = top->m_axis_tvalid && top->m_axis_tready;
    if (m_fire) {
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      if (top->m_axis_tlast != (recv + 1 == nblk)) return "ERR tlast";
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
      last_cycle = cycle;
    }
    tick();
    if (s_fire) {
      ++sent;
      svalid = false;
    }
  }
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  // the engine must come back ready for the next message
  for (int i = 0; i < 4 && !top->cfg_ready_o; ++i) tick();
  if (!top->cfg_ready_o) return "ERR not ready after tlast";
  tick();
  if (top->busy_o) return "ERR busy_o high after the message";
  return out + " " + std::to_string(last_cycle - start);
}

unsigned env_num(const char* name, unsigned dflt) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 0)) : dflt;
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  top = new Vvcrypto_cipher_engine;
  rng = 0x9e3779b97f4a7c15ULL ^ env_num("UNIT_SEED", 1);
  const unsigned bp = env_num("UNIT_BP", 30);
  const unsigned gap = env_num("UNIT_GAP", 20);

  top->clk_i = 0;
  top->rst_i = 1;
  top->cfg_valid_i = 0;
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  for (int i = 0; i < 4; ++i) tick();
  top->rst_i = 0;
  tick();

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream ss(line);
    int mode = -1, dec = -1;
    std::string khex, ivhex, dhex = "-";
    if (!(ss >> mode >> dec >> khex >> ivhex)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::printf("ERR parse\n");
      std::fflush(stdout);
      continue;
    }
    ss >> dhex;
    std::vector<uint8_t> key, iv, data;
    std::string res;
    if (!parse_hex(khex, key) || !parse_hex(ivhex, iv) || !parse_hex(dhex, data)) {
      res = "ERR hex";
    } else {
      res = run_case(mode, dec, key, iv, data, bp, gap);
    }
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
