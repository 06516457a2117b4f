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
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_hash_engine;
unit::Bench<Top> tb;
using unit::set_wide;

std::string run_case(int algo, int hmac, const std::vector<uint8_t>& key,
                     const std::vector<uint8_t>& msg) {
  Top* const top = tb.top;
  static const size_t dlens[5] = {20, 28, 32, 48, 64};
  if (algo < 0 || algo > 4) return "ERR algo";
  if (key.size() > 128) return "ERR key length";
  const size_t dlen = dlens[algo];
  const size_t nbeat = (msg.size() + 15) / 16;
  const uint64_t limit = tb.cycle + 2000 + 20 * msg.size();

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
  uint64_t start = 0;  // the clock of the cfg handshake
  if (const char* err = tb.cfg_handshake(limit, start)) return err;

  unit::Source src{nbeat};
  std::string out;
  uint64_t done_cycle = 0;
  for (;;) {
    if (tb.cycle > limit) return "ERR timeout";
    if (tb.offer(src)) {
      size_t nb = msg.size() - 16 * src.sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &msg[16 * src.sent], nb);
      // lanes past tbytes carry junk
      for (size_t i = nb; i < 16; ++i) top->s_axis_tdata[i / 4] |= 0xcdu << (8 * (i % 4));
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tuser = 2;
    }
    top->s_axis_tvalid = src.valid;
    top->digest_ready_i = tb.rnd100() >= tb.bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool d_fire = top->digest_valid_o && top->digest_ready_i;
    if (d_fire) {
      if (src.sent != nbeat) return "ERR digest before the whole message";
      if (!unit::take_hex(top->digest_o, 64, dlen, out)) return "ERR nonzero upper digest bytes";
      done_cycle = tb.cycle;
    }
    tb.tick(src, s_fire);
    if (d_fire) break;
  }
  top->s_axis_tvalid = 0;
  top->digest_ready_i = 0;
  if (!top->cfg_ready_o) return "ERR not ready after the digest";
  if (top->busy_o) return "ERR busy_o high after the message";
  if (top->s_axis_tready) return "ERR tready while idle";
  return out + " " + std::to_string(done_cycle - start);
}

}  // namespace

int main(int argc, char** argv) {
  return tb.run(
      argc, argv, [](Top* top) { top->digest_ready_i = 0; },
      [](std::istringstream& ss, std::string& res) {
        int algo = -1, hmac = -1;
        std::string khex = "-", mhex = "-";
        if (!(ss >> algo >> hmac)) return false;
        ss >> khex >> mhex;
        std::vector<uint8_t> key, msg;
        if (!unit::parse_hex(khex, key) || !unit::parse_hex(mhex, msg)) {
          res = "ERR hex";
        } else {
          res = run_case(algo, hmac, key, msg);
        }
        return true;
      });
}
