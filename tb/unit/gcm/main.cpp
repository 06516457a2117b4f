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
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_gcm_engine;
unit::Bench<Top> tb;
using unit::set_wide;

template <std::size_t W>
void set_wide_junk(VlWide<W>& w, const uint8_t* bytes, size_t n) {
  // bytes past n carry junk: the engine must ignore them
  for (size_t i = 0; i < W; ++i) w[i] = static_cast<uint32_t>(tb.rng * 0x9e3779b1u + i);
  for (size_t i = 0; i < n; ++i) {
    w[i / 4] &= ~(0xffu << (8 * (i % 4)));
    w[i / 4] |= static_cast<uint32_t>(bytes[i]) << (8 * (i % 4));
  }
}

struct Beat {
  uint8_t user;
  const uint8_t* p;
  size_t n;
};

std::string run_case(int dec, const std::vector<uint8_t>& key, const std::vector<uint8_t>& iv,
                     const std::vector<uint8_t>& aad, const std::vector<uint8_t>& data) {
  Top* const top = tb.top;
  const int klen = unit::aes_key_len(key.size());
  if (klen < 0) return "ERR key length";
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
  const uint64_t limit = tb.cycle + 2000 + 200 * beats.size();

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
  uint64_t start = 0;  // the clock of the cfg handshake
  if (const char* err = tb.cfg_handshake(limit, start)) return err;

  unit::Source src{beats.size()};
  size_t recv = 0;
  bool tag_done = false;
  std::string out, tag;
  out.reserve(data.size() * 2);
  uint64_t tag_cycle = 0;
  while (!tag_done) {
    if (tb.cycle > limit) return "ERR timeout";
    if (tb.offer(src)) {
      const Beat& b = beats[src.sent];
      set_wide_junk(top->s_axis_tdata, b.p, b.n);
      top->s_axis_tbytes = static_cast<uint8_t>(b.n);
      top->s_axis_tuser = b.user;
    }
    top->s_axis_tvalid = src.valid;
    top->m_axis_tready = tb.rnd100() >= tb.bp;
    top->tag_ready_i = tb.rnd100() >= tb.bp;
    top->eval();
    const bool s_fire = top->s_axis_tvalid && top->s_axis_tready;
    const bool m_fire = top->m_axis_tvalid && top->m_axis_tready;
    const bool t_fire = top->tag_valid_o && top->tag_ready_i;
    if (m_fire) {
      if (recv >= nblk) return "ERR extra output beat";
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      if (!unit::take_hex(top->m_axis_tdata, 16, want, out)) return "ERR nonzero pad";
      ++recv;
    }
    if (t_fire) {
      if (recv != nblk) return "ERR tag before the last output beat";
      if (src.sent != beats.size()) return "ERR tag before the last input beat";
      unit::take_hex(top->tag_o, 16, 16, tag);
      tag_done = true;
      tag_cycle = tb.cycle;
    }
    tb.tick(src, s_fire);
  }
  top->s_axis_tvalid = 0;
  top->m_axis_tready = 0;
  top->tag_ready_i = 0;
  if (top->tag_valid_o) return "ERR tag_valid_o high after the handshake";
  if (!top->cfg_ready_o) return "ERR not ready after the tag";
  if (top->busy_o) return "ERR busy_o high after the message";
  tb.tick();
  if (top->m_axis_tvalid) return "ERR m_axis_tvalid after the message";
  return (out.empty() ? std::string("-") : out) + " " + tag + " " +
         std::to_string(tag_cycle - start);
}

}  // namespace

int main(int argc, char** argv) {
  return tb.run(
      argc, argv,
      [](Top* top) {
        top->m_axis_tready = 0;
        top->tag_ready_i = 0;
      },
      [](std::istringstream& ss, std::string& res) {
        int dec = -1;
        std::string khex, ivhex, ahex, dhex;
        if (!(ss >> dec >> khex >> ivhex >> ahex >> dhex)) return false;
        std::vector<uint8_t> key, iv, aad, data;
        if (!unit::parse_hex(khex, key) || !unit::parse_hex(ivhex, iv) ||
            !unit::parse_hex(ahex, aad) || !unit::parse_hex(dhex, data)) {
          res = "ERR hex";
        } else {
          res = run_case(dec, key, iv, aad, data);
        }
        return true;
      });
}
