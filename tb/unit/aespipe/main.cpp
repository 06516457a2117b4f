// Unit bench for vcrypto_aes_stream (built as tb/unit/aespipe with PIPELINED = 1 and as
// tb/unit/aesiter with PIPELINED = 0; USER_W = 16 in both).
// stdin, one case per line: one or more segments  <keyhex> <dirs> <blockshex>
//   keyhex: 16/24/32 bytes; dirs: one character per block, '0' encrypt, '1' decrypt;
//   blockshex: the blocks (16 bytes each). Each segment loads its key (the key handshake is
//   offered right after the previous segment's last block was accepted, while blocks are still
//   in flight), then streams its blocks. Block k of the line carries user = k.
// stdout, one line per case: <outhex> <cycles> (all outputs in order; cycles from the first
//   block handshake to the last output handshake), or "ERR <why>" (user out of order, timeout).
// Random gaps on in_valid_i and random backpressure on out_ready_i: UNIT_SEED, UNIT_BP,
// UNIT_GAP as in the other benches (common/unit_bench.h).
#include "Vvcrypto_aes_stream.h"
#include "../common/unit_bench.h"

#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_aes_stream;
unit::Bench<Top> tb;
using unit::set_wide;

struct Seg {
  std::vector<uint8_t> key;
  std::string dirs;
  std::vector<uint8_t> data;
};

std::string run_case(const std::vector<Seg>& segs) {
  Top* const top = tb.top;
  size_t total = 0;
  for (const Seg& s : segs) {
    const int klen = unit::aes_key_len(s.key.size());
    if (klen < 0) return "ERR key length";
    if (s.data.size() % 16) return "ERR data length";
    if (s.dirs.size() != s.data.size() / 16) return "ERR dirs length";
    total += s.dirs.size();
  }
  const uint64_t limit = tb.cycle + 200 * segs.size() + 40 * total + 1000;

  size_t seg = 0;        // segment being fed
  bool key_done = false; // its key was accepted
  size_t in_seg = 0;     // blocks of the segment accepted
  size_t sent = 0;       // blocks accepted in all
  size_t recv = 0;
  bool valid = false;    // in_valid_i held until the handshake
  uint64_t first = 0, last = 0;
  std::string out;
  while (recv < total) {
    if (tb.cycle > limit) return "ERR timeout";
    top->key_valid_i = 0;
    top->in_valid_i = 0;
    if (seg < segs.size()) {
      const Seg& s = segs[seg];
      if (!key_done) {
        top->key_valid_i = 1;
        set_wide(top->key_i, s.key.data(), s.key.size());
        top->key_len_i = static_cast<uint8_t>(unit::aes_key_len(s.key.size()));
      } else {
        if (!valid && tb.rnd100() >= tb.gap) valid = true;
        if (valid) {
          top->in_valid_i = 1;
          set_wide(top->in_data_i, &s.data[16 * in_seg], 16);
          top->in_decrypt_i = s.dirs[in_seg] == '1';
          top->in_user_i = static_cast<uint16_t>(sent);
        }
      }
    }
    top->out_ready_i = tb.rnd100() >= tb.bp;
    top->eval();
    const bool k_fire = top->key_valid_i && top->key_ready_o;
    const bool i_fire = top->in_valid_i && top->in_ready_o;
    const bool o_fire = top->out_valid_o && top->out_ready_i;
    if (o_fire) {
      if (top->out_user_o != static_cast<uint16_t>(recv)) return "ERR user order";
      unit::take_hex(top->out_data_o, 16, 16, out);
      ++recv;
      last = tb.cycle;
    }
    tb.tick();
    if (k_fire) key_done = true;
    if (i_fire) {
      if (sent == 0) first = tb.cycle - 1;
      valid = false;
      ++sent;
      ++in_seg;
    }
    // next segment once this one's blocks are all in (or it has none)
    while (seg < segs.size() && key_done && in_seg == segs[seg].dirs.size()) {
      ++seg;
      key_done = false;
      in_seg = 0;
    }
  }
  top->in_valid_i = 0;
  top->out_ready_i = 0;
  return (out.empty() ? std::string("-") : out) + " " + std::to_string(total ? last - first : 0);
}

}  // namespace

int main(int argc, char** argv) {
  tb.open(argc, argv, [](Top* t) {
    t->key_valid_i = 0;
    t->in_valid_i = 0;
    t->out_ready_i = 0;
  });
  Top* const top = tb.top;

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream ss(line);
    std::vector<Seg> segs;
    std::string khex, dirs, dhex;
    bool bad = false;
    while (ss >> khex) {
      Seg s;
      if (!(ss >> dirs >> dhex)) { bad = true; break; }
      if (!unit::parse_hex(khex, s.key) || !unit::parse_hex(dhex, s.data)) { bad = true; break; }
      s.dirs = dirs == "-" ? "" : dirs;
      segs.push_back(s);
    }
    if (segs.empty() && !bad) continue;
    const std::string res = bad ? "ERR parse" : run_case(segs);
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
