// sess_probe.cpp: the console's `sessprobe <slot>` (docs/console.md), a simulation-only look
// into the session store (rtl/sess/vcrypto_sess_store.sv, instance u_sess of vcrypto_top):
// a slot's valid bit, generation and its 32 key RAM words (keys and the precomputed HMAC
// states). The signals are made readable by sim/verilator.vlt (public_flat_rd), without anything
// in rtl/; they are members of the model's root struct under their flat names. Builds around
// another top (tb/harness/probe, stub) have no such members: the command then answers
// `err unsupported` (detected at compile time).
#include <cstdint>
#include <cstdio>
#include <string>
#include <type_traits>

#include "Vvcrypto_top___024root.h"
#include "harness.h"

namespace {

template <class R, class = void>
struct HasSessStore : std::false_type {};
template <class R>
struct HasSessStore<R, std::void_t<decltype(&R::vcrypto_top__DOT__u_sess__DOT__key_ram),
                                   decltype(&R::vcrypto_top__DOT__u_sess__DOT__valid_q),
                                   decltype(&R::vcrypto_top__DOT__u_sess__DOT__gen_q)>>
    : std::true_type {};

constexpr unsigned kKeyWordsPerSlot = 32;  // 128-bit key RAM words per slot

// One bit of a packed vector held as a C integer (<= 64 bits) or a VlWide (wider).
template <class V>
bool bit_of(const V& v, uint64_t i) {
  if constexpr (std::is_integral_v<V>) return (v >> i) & 1u;
  else return (v.at(i / 32) >> (i % 32)) & 1u;
}

// Byte b of a 128-bit word (bits [8b+7:8b]).
template <class W>
uint8_t byte_of(const W& w, unsigned b) {
  return (uint8_t)(w.at(b / 4) >> (8 * (b % 4)));
}

template <class R>
int probe(const R& r, uint64_t slot, std::string& out) {
  if constexpr (!HasSessStore<R>::value) {
    (void)r, (void)slot, (void)out;
    return -1;
  } else {
    const auto& ram = r.vcrypto_top__DOT__u_sess__DOT__key_ram;
    const auto& gen = r.vcrypto_top__DOT__u_sess__DOT__gen_q;
    constexpr uint64_t slots = sizeof(ram) / sizeof(ram[0]) / kKeyWordsPerSlot;
    static_assert(sizeof(gen) / sizeof(gen[0]) == slots, "gen_q / key_ram size mismatch");
    static_assert(sizeof(ram[0]) == 16, "key RAM words are 128 bits");
    if (slot >= slots) return -2;
    static const char hx[] = "0123456789abcdef";
    char head[64];
    snprintf(head, sizeof head, "ok valid=%d gen=%08x key=",
             bit_of(r.vcrypto_top__DOT__u_sess__DOT__valid_q, slot) ? 1 : 0, (unsigned)gen[slot]);
    out = head;
    for (unsigned w = 0; w < kKeyWordsPerSlot; ++w) {
      const auto& word = ram[slot * kKeyWordsPerSlot + w];
      for (unsigned b = 0; b < 16; ++b) {
        const uint8_t v = byte_of(word, b);
        out += hx[v >> 4];
        out += hx[v & 15];
      }
    }
    out += '\n';
    return 0;
  }
}

}  // namespace

int sess_probe(Vvcrypto_top* top, uint64_t slot, std::string& reply) {
  return probe(*top->rootp, slot, reply);
}
