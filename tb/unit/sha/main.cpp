// Unit bench for vcrypto_hash_engine.
// stdin, one case per line:  <algo 0..4> <hmac 0|1|2> <keyhex> <msghex>
//   algo 0 SHA-1, 1 SHA-224, 2 SHA-256, 3 SHA-384, 4 SHA-512; key 0..128 bytes (ignored when
//   hmac is 0); an empty key or message is written as "-". hmac 2: HMAC through the precomputed
//   states: first a cfg_hprep_i message computes the key's inner and outer states (two results),
//   then the message runs with cfg_hstate_i and cfg_key_i = {outer, inner}.
// stdout, one line per case: <digesthex> <cycles>   (digest of the algorithm's length; cycles
//   counts clocks from the cfg handshake to the digest handshake), hmac 2 followed by
//   <innerhex> <outerhex> (the two 64-byte states as returned), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on digest_ready_i prove the handshakes;
// deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with digest_ready_i low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_hash_engine.h"
#include "../common/unit_bench.h"

#include <algorithm>
#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_hash_engine;
unit::Bench<Top> tb;
using unit::set_wide;

// cfg_hprep_i: the key's inner and outer HMAC states (64 bytes each) into states[0..127].
const char* prep_states(int algo, const std::vector<uint8_t>& key, uint8_t* states) {
  Top* const top = tb.top;
  const uint64_t limit = tb.cycle + 2000;
  top->cfg_valid_i = 1;
  top->cfg_algo_i = static_cast<uint8_t>(algo);
  top->cfg_hmac_i = 1;
  top->cfg_hprep_i = 1;
  top->cfg_hstate_i = 0;
  top->cfg_key_len_i = static_cast<uint8_t>(key.size());
  std::vector<uint8_t> kbuf(128);
  for (size_t i = 0; i < 128; ++i) kbuf[i] = i < key.size() ? key[i] : static_cast<uint8_t>(0x5a ^ i);
  set_wide(top->cfg_key_i, kbuf.data(), 128);
  top->cfg_msg_len_i = 77;  // ignored
  uint64_t start = 0;
  if (const char* err = tb.cfg_handshake(limit, start)) return err;
  top->cfg_hprep_i = 0;
  for (int n = 0; n < 2;) {
    if (tb.cycle > limit) return "ERR prep timeout";
    top->digest_ready_i = tb.rnd100() >= tb.bp;
    top->eval();
    if (top->s_axis_tready) return "ERR tready while computing states";
    if (top->digest_valid_o && top->digest_ready_i) {
      for (size_t i = 0; i < 64; ++i) states[64 * n + i] = unit::get_byte(top->digest_o, i);
      ++n;
    }
    tb.tick();
  }
  top->digest_ready_i = 0;
  if (!top->cfg_ready_o) return "ERR not ready after the states";
  return nullptr;
}

std::string run_case(int algo, int hmac, const std::vector<uint8_t>& key,
                     const std::vector<uint8_t>& msg) {
  Top* const top = tb.top;
  static const size_t dlens[5] = {20, 28, 32, 48, 64};
  if (algo < 0 || algo > 4) return "ERR algo";
  if (key.size() > 128) return "ERR key length";
  uint8_t states[128] = {};
  std::string tail;
  if (hmac == 2) {
    if (const char* err = prep_states(algo, key, states)) return err;
    tail = " ";
    for (size_t i = 0; i < 64; ++i) unit::put_hex(tail, states[i]);
    tail += " ";
    for (size_t i = 64; i < 128; ++i) unit::put_hex(tail, states[i]);
  }
  const size_t dlen = dlens[algo];
  const size_t nbeat = (msg.size() + 15) / 16;
  const uint64_t limit = tb.cycle + 2000 + 20 * msg.size();

  // cfg handshake
  top->cfg_valid_i = 1;
  top->cfg_algo_i = static_cast<uint8_t>(algo);
  top->cfg_hmac_i = hmac != 0;
  top->cfg_hprep_i = 0;
  top->cfg_hstate_i = hmac == 2;
  // bytes past the key length carry junk: the engine must ignore them (hmac 2: the key length
  // is junk too, cfg_key_i holds the states)
  top->cfg_key_len_i = static_cast<uint8_t>(hmac == 2 ? 0xff : key.size());
  std::vector<uint8_t> kbuf(128);
  for (size_t i = 0; i < 128; ++i) kbuf[i] = i < key.size() ? key[i] : static_cast<uint8_t>(0xa5 ^ i);
  if (hmac == 2) std::copy(states, states + 128, kbuf.begin());
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
  top->cfg_hstate_i = 0;
  return out + " " + std::to_string(done_cycle - start) + tail;
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
