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
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_ccm_engine;
unit::Bench<Top> tb;
using unit::set_wide;

struct Beat {
  const uint8_t* p;
  size_t n;
  uint8_t user;
};

std::string run_case(int dec, const std::vector<uint8_t>& key, const std::vector<uint8_t>& nonce,
                     int tlen, const std::vector<uint8_t>& aad, const std::vector<uint8_t>& data) {
  Top* const top = tb.top;
  const int klen = unit::aes_key_len(key.size());
  if (klen < 0) return "ERR key length";
  if (nonce.size() < 7 || nonce.size() > 13) return "ERR nonce length";
  if (tlen < 4 || tlen > 16 || (tlen & 1)) return "ERR tag length";

  std::vector<Beat> beats;
  for (size_t o = 0; o < aad.size(); o += 16)
    beats.push_back({&aad[o], aad.size() - o > 16 ? 16 : aad.size() - o, 1});
  for (size_t o = 0; o < data.size(); o += 16)
    beats.push_back({&data[o], data.size() - o > 16 ? 16 : data.size() - o, 2});
  const size_t nout = (data.size() + 15) / 16;
  const uint64_t limit = tb.cycle + 2000 + 100 * beats.size();

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
  uint64_t start = 0;  // the clock of the cfg handshake
  if (const char* err = tb.cfg_handshake(limit, start)) return err;

  unit::Source src{beats.size()};
  size_t recv = 0;
  bool got_tag = false;
  std::string out, tag;
  out.reserve(data.size() * 2);
  uint64_t tag_cycle = 0;
  while (!got_tag) {
    if (tb.cycle > limit) return "ERR timeout";
    if (tb.offer(src)) {
      const Beat& b = beats[src.sent];
      set_wide(top->s_axis_tdata, b.p, b.n);
      // lanes past tbytes carry junk: the engine must ignore them
      for (size_t i = b.n; i < 16; ++i)
        top->s_axis_tdata[i / 4] |= static_cast<uint32_t>(0x5A ^ i) << (8 * (i % 4));
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
      if (recv >= nout) return "ERR extra m_axis beat";
      size_t want = data.size() - 16 * recv;
      if (want > 16) want = 16;
      if (top->m_axis_tbytes != want) return "ERR tbytes";
      if (!unit::take_hex(top->m_axis_tdata, 16, want, out)) return "ERR nonzero pad";
      ++recv;
    }
    if (top->tag_valid_o && (recv < nout || m_fire)) return "ERR tag before the last m_axis beat";
    if (top->tag_valid_o && src.sent < beats.size()) return "ERR tag before all input";
    if (t_fire) {
      if (!unit::take_hex(top->tag_o, 16, static_cast<size_t>(tlen), tag))
        return "ERR nonzero tag pad";
      got_tag = true;
      tag_cycle = tb.cycle;
    }
    tb.tick(src, s_fire);
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

}  // namespace

int main(int argc, char** argv) {
  return tb.run(
      argc, argv,
      [](Top* top) {
        top->m_axis_tready = 0;
        top->tag_ready_i = 0;
      },
      [](std::istringstream& ss, std::string& res) {
        int dec = -1, tlen = -1;
        std::string khex, nhex, ahex, dhex;
        if (!(ss >> dec >> khex >> nhex >> tlen >> ahex >> dhex)) return false;
        std::vector<uint8_t> key, nonce, aad, data;
        // this bench accepts hex digits only
        if (!unit::parse_hex_strict(khex, key) || !unit::parse_hex_strict(nhex, nonce) ||
            !unit::parse_hex_strict(ahex, aad) || !unit::parse_hex_strict(dhex, data)) {
          res = "ERR hex";
        } else {
          res = run_case(dec, key, nonce, tlen, aad, data);
        }
        return true;
      });
}
