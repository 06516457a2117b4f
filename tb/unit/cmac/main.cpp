// Unit bench for vcrypto_cmac_engine.
// stdin, one case per line:  <keyhex> <msghex>
//   key 16/24/32 bytes; the message any length ("-" or nothing for the empty message).
// stdout, one line per case: <taghex> <cycles>   (cycles counts clocks from the cfg handshake
//   to the tag handshake), or "ERR <why>".
// Random gaps on s_axis_tvalid and random backpressure on tag_ready_i prove the handshakes;
// deterministic: env UNIT_SEED (default 1), UNIT_BP (% of clocks with tag_ready_i low,
// default 30), UNIT_GAP (% of clocks an idle source keeps tvalid low, default 20).
#include "Vvcrypto_cmac_engine.h"
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_cmac_engine;
unit::Bench<Top> tb;
using unit::set_wide;

std::string run_case(const std::vector<uint8_t>& key, const std::vector<uint8_t>& msg) {
  Top* const top = tb.top;
  const int klen = unit::aes_key_len(key.size());
  if (klen < 0) return "ERR key length";
  const size_t nbeats = (msg.size() + 15) / 16;
  const uint64_t limit = tb.cycle + 1000 + 100 * nbeats;

  top->cfg_valid_i = 1;
  top->cfg_key_len_i = static_cast<uint8_t>(klen);
  top->cfg_msg_len_i = static_cast<uint32_t>(msg.size());
  set_wide(top->cfg_key_i, key.data(), key.size());
  uint64_t start = 0;
  if (const char* err = tb.cfg_handshake(limit, start)) return err;

  unit::Source src{nbeats};
  std::string tag;
  uint64_t tag_cycle = 0;
  while (tag.empty()) {
    if (tb.cycle > limit) return "ERR timeout";
    if (tb.offer(src)) {
      size_t nb = msg.size() - 16 * src.sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &msg[16 * src.sent], nb);
      // garbage past the valid bytes must not matter
      for (size_t i = nb; i < 16; ++i) top->s_axis_tdata[i / 4] |= 0xa5u << (8 * (i % 4));
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tuser = 2;
    }
    top->s_axis_tvalid = src.valid;
    top->tag_ready_i = tb.rnd100() >= tb.bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    if (top->tag_valid_o && top->tag_ready_i) {
      if (src.sent != nbeats) return "ERR tag before the whole message";
      unit::take_hex(top->tag_o, 16, 16, tag);
      tag_cycle = tb.cycle;
    }
    tb.tick(src, s_fire);
  }
  top->s_axis_tvalid = 0;
  top->tag_ready_i = 0;
  if (!top->cfg_ready_o) return "ERR not ready after the tag";
  if (top->busy_o) return "ERR busy_o high after the tag";
  if (top->s_axis_tready) return "ERR tready while idle";
  return tag + " " + std::to_string(tag_cycle - start);
}

}  // namespace

int main(int argc, char** argv) {
  return tb.run(
      argc, argv, [](Top* top) { top->tag_ready_i = 0; },
      [](std::istringstream& ss, std::string& res) {
        std::string khex, mhex = "-";
        if (!(ss >> khex)) return false;
        ss >> mhex;
        std::vector<uint8_t> key, msg;
        if (!unit::parse_hex(khex, key) || !unit::parse_hex(mhex, msg)) {
          res = "ERR hex";
        } else {
          res = run_case(key, msg);
        }
        return true;
      });
}
