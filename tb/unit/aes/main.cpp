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
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_cipher_engine;
unit::Bench<Top> tb;
using unit::set_wide;

std::string run_case(int mode, int dec, const std::vector<uint8_t>& key,
                     const std::vector<uint8_t>& iv, const std::vector<uint8_t>& data) {
  Top* const top = tb.top;
  const size_t kbytes = mode == 3 ? key.size() / 2 : key.size();
  if (mode == 3 && key.size() % 2) return "ERR key length";
  const int klen = unit::aes_key_len(kbytes);
  if (klen < 0) return "ERR key length";
  if (mode < 0 || mode > 3) return "ERR mode";
  if (iv.size() != 16) return "ERR iv length";
  if (mode < 2 && data.size() % 16) return "ERR data length";
  if (data.empty()) return "- 0";  // no message reaches the engine

  const size_t nblk = (data.size() + 15) / 16;
  const uint64_t limit = tb.cycle + 1000 + 100 * nblk;

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
  uint64_t start = 0;  // the clock of the cfg handshake
  if (const char* err = tb.cfg_handshake(limit, start)) return err;

  unit::Source src{nblk};
  size_t recv = 0;
  std::string out;
  out.reserve(data.size() * 2);
  uint64_t last_cycle = 0;
  while (recv < nblk) {
    if (tb.cycle > limit) return "ERR timeout";
    size_t nb = 0;
    if (tb.offer(src)) {
      nb = data.size() - 16 * src.sent;
      if (nb > 16) nb = 16;
      set_wide(top->s_axis_tdata, &data[16 * src.sent], nb);
      top->s_axis_tbytes = static_cast<uint8_t>(nb);
      top->s_axis_tlast = (src.sent + 1 == nblk);
    }
    top->s_axis_tvalid = src.valid;
    top->m_axis_tready = tb.rnd100() >= tb.bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool m_fire = top->m_axis_tvalid && top->m_axis_tready;
    if (m_fire) {
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      if (top->m_axis_tlast != (recv + 1 == nblk)) return "ERR tlast";
      if (!unit::take_hex(top->m_axis_tdata, 16, want, out)) return "ERR nonzero pad";
      ++recv;
      last_cycle = tb.cycle;
    }
    tb.tick(src, s_fire);
  }
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  // the engine must come back ready for the next message
  for (int i = 0; i < 4 && !top->cfg_ready_o; ++i) tb.tick();
  if (!top->cfg_ready_o) return "ERR not ready after tlast";
  tb.tick();
  if (top->busy_o) return "ERR busy_o high after the message";
  return out + " " + std::to_string(last_cycle - start);
}

}  // namespace

int main(int argc, char** argv) {
  return tb.run(
      argc, argv, [](Top* top) { top->m_axis_tready = 0; },
      [](std::istringstream& ss, std::string& res) {
        int mode = -1, dec = -1;
        std::string khex, ivhex, dhex = "-";
        if (!(ss >> mode >> dec >> khex >> ivhex)) return false;
        ss >> dhex;
        std::vector<uint8_t> key, iv, data;
        if (!unit::parse_hex(khex, key) || !unit::parse_hex(ivhex, iv) ||
            !unit::parse_hex(dhex, data)) {
          res = "ERR hex";
        } else {
          res = run_case(mode, dec, key, iv, data);
        }
        return true;
      });
}
