// Unit bench for vcrypto_hash_engine.
// stdin, one case per line:  <algo 0..4> <hmac 0|1> <keyhex> <msghex>
//   algo 0 SHA-1, 1 SHA-224, 2 SHA-256, 3 SHA-384, 4 SHA-512; key 0..128 bytes (ignored when
//   hmac is 0); an empty key or message is written as "-".
// stdout, one line per case: <digesthex> <cycles>   (digest of the algorithm's length; cycles
//   counts clocks from the cfg handshake to the digest handshake), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on digest_ready_i prove the handshakes;
// deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with digest_ready_i low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_hash_engine.h"
#include "verilated.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

Vvcrypto_hash_engine* top = nullptr;
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

std::string run_case(int algo, int hmac, const std::vector<uint8_t>& key,
                     const std::vector<uint8_t>& msg, unsigned bp, unsigned gap) {
  static const size_t dlens[5] = {20, 28, 32, 48, 64};
  if (algo < 0 || algo > 4) return "ERR algo";
  if (key.size() > 128) return "ERR key length";
  const size_t dlen = dlens[algo];
  const size_t nbeat = (msg.size() + 15) / 16;
  const uint64_t limit = cycle + 2000 + 20 * msg.size();

  // cfg handshake
  top->cfg_valid_i = 1;
  top->cfg_algo_i = static_cast<uint8_t>(algo);
  top->cfg_hmac_i = static_cast<uint8_t>(hmac);
  top->cfg_key_len_i = static_cast<uint8_t>(key.size());
  // bytes past the key length carry junk: the engine must ignore them
  std::vector<uint8_t> kbuf(128);
  for (size_t i = 0; i < 128; ++i) kbuf[i] = i < key.size() ? key[i] : static_cast<uint8_t>(0xa5 ^ i);
  set_wide(top->cfg_key_i, kbuf.data(), 128);
  top->cfg_msg_len_i = static_cast<uint32_t>(msg.size());
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

  size_t sent = 0;
  bool svalid = false;
  std::string out;
  static const char* hx = "0123456789abcdef";
  uint64_t done_cycle = 0;
  for (;;) {
    if (cycle > limit) return "ERR timeout";
    if (!svalid && sent < nbeat && rnd100() >= gap) svalid = true;
    if (svalid) {
      size_t nb = msg.size() - 16 * sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &msg[16 * sent], nb);
      // lanes past tbytes carry junk
      for (size_t i = nb; i < 16; ++i) top->s_axis_tdata[i / 4] |= 0xcdu << (8 * (i % 4));
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tuser = 2;
    }
    top->s_axis_tvalid = svalid;
    top->digest_ready_i = rnd100() >= bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool d_fire = top->digest_valid_o && top->digest_ready_i;
    if (d_fire) {
      if (sent != nbeat) return "ERR digest before the whole message";
      for (size_t i = 0; i < 64; ++i) {
        const uint8_t b = get_byte(top->digest_o, i);
        if (i < dlen) {
          out.push_back(hx[b >> 4]);
          out.push_back(hx[b & 15]);
        } else if (b != 0) {
          return "ERR nonzero upper digest bytes";
        }
      }
      done_cycle = cycle;
    }
    tick();
    if (s_fire) {
      ++sent;
      svalid = false;
    }
    if (d_fire) break;
  }
  top->s_axis_tvalid = 0;
  top->digest_ready_i = 0;
  if (!top->cfg_ready_o) return "ERR not ready after the digest";
  if (top->busy_o) return "ERR busy_o high after the message";
  if (top->s_axis_tready) return "ERR tready while idle";
  return out + " " + std::to_string(done_cycle - start);
}

unsigned env_num(const char* name, unsigned dflt) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 0)) : dflt;
}

}  // namespace

int main(int argc, char** argv) {
  Verilated::commandArgs(argc, argv);
  top = new Vvcrypto_hash_engine;
  rng = 0x9e3779b97f4a7c15ULL ^ env_num("UNIT_SEED", 1);
  const unsigned bp = env_num("UNIT_BP", 30);
  const unsigned gap = env_num("UNIT_GAP", 20);

  top->clk_i = 0;
  top->rst_i = 1;
  top->cfg_valid_i = 0;
  top->s_axis_tvalid = 0;
  top->digest_ready_i = 0;
  for (int i = 0; i < 4; ++i) tick();
  top->rst_i = 0;
  tick();

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream ss(line);
    int algo = -1, hmac = -1;
    std::string khex = "-", mhex = "-";
    if (!(ss >> algo >> hmac)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::printf("ERR parse\n");
      std::fflush(stdout);
      continue;
    }
    ss >> khex >> mhex;
    std::vector<uint8_t> key, msg;
    std::string res;
    if (!parse_hex(khex, key) || !parse_hex(mhex, msg)) {
      res = "ERR hex";
    } else {
      res = run_case(algo, hmac, key, msg, bp, gap);
    }
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
