// Unit bench for vcrypto_aes_stream with NUM_PORTS = 3 (tb/unit/aespool): three clients share
// the pipelined datapath, each with its own keys, blocks, gaps and backpressure.
// stdin, one case per line: the three ports' work separated by '|'; each port's work is zero or
// more segments  <keyhex> <dirs> <blockshex>  as in tb/unit/aespipe (a segment loads its key,
// offered right after the port's previous block was accepted, then streams its blocks). Block k
// of a port carries user = k. A segment whose key is written "!<keyhex>" is aborted: a few
// clocks (random, 0..23) after its last block was accepted the bench pulses flush_i of the port;
// its results are not recorded, and none of its blocks may come back after the flush.
// stdout, one line per case: <out0> <out1> <out2> <cycles> ('-' for a port without output;
// cycles from the first block handshake of any port to the last output handshake), or
// "ERR <why>" (a port's user out of order, timeout).
// UNIT_SEED, UNIT_BP, UNIT_GAP as in the other benches (common/unit_bench.h), drawn per port.
// UNIT_SERIAL=1: a port offers a block only once every earlier block of it has come back (the
// way CBC encryption and CMAC use the datapath), so the cycle count shows the interleaving.
#include "Vvcrypto_aes_stream.h"
#include "../common/unit_bench.h"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using Top = Vvcrypto_aes_stream;
unit::Bench<Top> tb;
bool serial = false;

constexpr int kPorts = 3;

struct Seg {
  bool abort = false;
  std::vector<uint8_t> key;
  std::string dirs;
  std::vector<uint8_t> data;
};

// byte i of a wide port signal at byte offset off (little-endian byte lanes)
template <std::size_t W>
void put_bytes(VlWide<W>& w, size_t off, const uint8_t* bytes, size_t n, size_t field) {
  for (size_t i = 0; i < field; ++i) {
    const size_t b = off + i;
    const uint32_t v = i < n ? bytes[i] : 0;
    w[b / 4] = (w[b / 4] & ~(0xffu << (8 * (b % 4)))) | (v << (8 * (b % 4)));
  }
}

template <std::size_t W>
void take_bytes(const VlWide<W>& w, size_t off, size_t n, std::string& out) {
  for (size_t i = 0; i < n; ++i) {
    const size_t b = off + i;
    unit::put_hex(out, static_cast<uint8_t>(w[b / 4] >> (8 * (b % 4))));
  }
}

void set_bit(uint32_t& v, int p, bool on) { v = on ? (v | (1u << p)) : (v & ~(1u << p)); }

struct Port {
  std::vector<Seg> segs;
  size_t total = 0;
  size_t seg = 0, in_seg = 0, sent = 0, recv = 0;
  size_t abort_from = 0;    // results of blocks in [abort_from, drop_below) are not recorded
  size_t drop_below = 0;
  int flush_in = -1;        // clocks until the flush of an aborted segment (-1: none due)
  bool flushed = false;     // the current (aborted) segment's flush is done
  bool key_done = false, valid = false;
  std::string out;
  bool done() const { return seg == segs.size() && recv == sent && flush_in < 0; }
  // the current segment begins: an aborted one drops its results from its first block on
  void begin() {
    flushed = false;
    if (seg < segs.size() && segs[seg].abort) {
      abort_from = sent;
      drop_below = SIZE_MAX;
    }
  }
  // next segment once this one's blocks are all in (or it has none); an aborted segment waits
  // for its flush first
  void advance(uint32_t rnd) {
    while (seg < segs.size() && key_done && in_seg == segs[seg].dirs.size() && flush_in < 0) {
      if (segs[seg].abort && !segs[seg].dirs.empty() && !flushed) {
        drop_below = sent;
        flush_in = static_cast<int>(rnd % 24);
        flushed = true;
        return;
      }
      ++seg;
      key_done = false;
      in_seg = 0;
      begin();
    }
  }
};

std::string run_case(std::vector<Port>& ports) {
  Top* const top = tb.top;
  size_t total = 0, segs = 0;
  for (Port& p : ports) {
    for (const Seg& s : p.segs) {
      const int klen = unit::aes_key_len(s.key.size());
      if (klen < 0) return "ERR key length";
      if (s.data.size() % 16) return "ERR data length";
      if (s.dirs.size() != s.data.size() / 16) return "ERR dirs length";
      p.total += s.dirs.size();
      ++segs;
    }
    total += p.total;
  }
  auto all_done = [&ports]() {
    for (const Port& p : ports) if (!p.done()) return false;
    return true;
  };
  const uint64_t limit = tb.cycle + 250 * segs + 60 * total + 1000;
  uint64_t first = 0, last = 0;
  bool started = false;
  while (!all_done()) {
    if (tb.cycle > limit) return "ERR timeout";
    uint32_t kv = 0, iv = 0, idec = 0, ordy = 0, klen = 0, flush = 0;
    uint64_t user = 0;
    for (int i = 0; i < kPorts; ++i) {
      Port& p = ports[i];
      if (p.seg < p.segs.size()) {
        const Seg& s = p.segs[p.seg];
        if (!p.key_done) {
          set_bit(kv, i, true);
          put_bytes(top->key_i, 32 * i, s.key.data(), s.key.size(), 32);
          klen |= static_cast<uint32_t>(unit::aes_key_len(s.key.size())) << (2 * i);
        } else if (p.in_seg < s.dirs.size()) {  // (an aborted segment waits for its flush)
          const bool may = !serial || p.recv == p.sent;
          if (!p.valid && may && tb.rnd100() >= tb.gap) p.valid = true;
          if (p.valid) {
            set_bit(iv, i, true);
            put_bytes(top->in_data_i, 16 * i, &s.data[16 * p.in_seg], 16, 16);
            set_bit(idec, i, s.dirs[p.in_seg] == '1');
            user |= static_cast<uint64_t>(p.sent & 0xffff) << (16 * i);
          }
        }
      }
      set_bit(ordy, i, tb.rnd100() >= tb.bp);
      // earlier segments' results come back before the flush (it drops all the port's blocks)
      set_bit(flush, i, p.flush_in == 0 && p.recv >= p.abort_from);
    }
    top->flush_i = flush;
    top->key_valid_i = kv;
    top->key_len_i = klen;
    top->in_valid_i = iv;
    top->in_decrypt_i = idec;
    top->in_user_i = user;
    top->out_ready_i = ordy;
    top->eval();
    const uint32_t k_fire = kv & top->key_ready_o;
    const uint32_t i_fire = iv & top->in_ready_o;
    const uint32_t o_fire = top->out_valid_o & ordy;
    for (int i = 0; i < kPorts; ++i) {
      Port& p = ports[i];
      if (o_fire & (1u << i)) {
        if (((top->out_user_o >> (16 * i)) & 0xffff) != (p.recv & 0xffff)) return "ERR user order";
        if (p.recv < p.abort_from || p.recv >= p.drop_below) take_bytes(top->out_data_o, 16 * i, 16, p.out);
        ++p.recv;
        last = tb.cycle;
      }
    }
    tb.tick();
    for (int i = 0; i < kPorts; ++i) {
      Port& p = ports[i];
      if (k_fire & (1u << i)) p.key_done = true;
      if (i_fire & (1u << i)) {
        if (!started) { first = tb.cycle - 1; started = true; }
        p.valid = false;
        ++p.sent;
        ++p.in_seg;
      }
      if (flush & (1u << i)) {
        // the flushed blocks never come back
        if (p.recv > p.sent) return "ERR more results than blocks";
        p.recv = p.sent;
        p.flush_in = -1;
      } else if (p.flush_in > 0 && p.recv >= p.abort_from) {
        --p.flush_in;
      }
      p.advance(tb.rnd100());
    }
  }
  top->in_valid_i = 0;
  top->key_valid_i = 0;
  top->out_ready_i = 0;
  std::string res;
  for (const Port& p : ports) res += (p.out.empty() ? std::string("-") : p.out) + " ";
  return res + std::to_string(last > first ? last - first : 0);
}

bool parse_port(const std::string& text, Port& port) {
  std::istringstream ss(text);
  std::string khex, dirs, dhex;
  while (ss >> khex) {
    Seg s;
    if (!(ss >> dirs >> dhex)) return false;
    if (!khex.empty() && khex[0] == '!') {
      s.abort = true;
      khex.erase(0, 1);
    }
    if (!unit::parse_hex(khex, s.key) || !unit::parse_hex(dhex, s.data)) return false;
    s.dirs = dirs == "-" ? "" : dirs;
    port.segs.push_back(s);
  }
  port.begin();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  tb.open(argc, argv, [](Top* t) {
    t->key_valid_i = 0;
    t->in_valid_i = 0;
    t->out_ready_i = 0;
  });
  serial = unit::env_num("UNIT_SERIAL", 0) != 0;
  Top* const top = tb.top;

  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::vector<Port> ports(kPorts);
    bool bad = false;
    size_t from = 0;
    for (int i = 0; i < kPorts; ++i) {
      const size_t bar = line.find('|', from);
      if ((i < kPorts - 1) == (bar == std::string::npos)) { bad = true; break; }
      const std::string part = line.substr(from, bar == std::string::npos ? std::string::npos : bar - from);
      if (!parse_port(part, ports[i])) { bad = true; break; }
      from = bar + 1;
    }
    const std::string res = bad ? "ERR parse" : run_case(ports);
    std::printf("%s\n", res.c_str());
    std::fflush(stdout);
  }
  top->final();
  delete top;
  return 0;
}
