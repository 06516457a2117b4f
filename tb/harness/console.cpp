// console.cpp: vcrypto-sim entry point and the line protocol of docs/console.md.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "verilated.h"
#if defined(VM_COVERAGE) && VM_COVERAGE
#include "verilated_cov.h"
#endif

// ------------------------------------------------------------------ process state

static Sim* g_sim = nullptr;
static char g_mem_path[4096];
static bool g_mem_created = false;
static bool g_tty_raw = false;
static struct termios g_tty_saved;
static std::string g_out;          // replies not yet written to stdout
static std::string g_model_text;   // recent model printf output (for FATAL messages)

static uint64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

// Coverage builds only (make coverage, sim/coverage.mk: verilator --coverage-*): write the
// model's coverage counters at exit to $VCRYPTO_COV_DIR/vcrypto-<pid>.dat (default directory
// sim/build/coverage/dat, relative to the working directory). The normal build has no such code.
static void write_coverage() {
#if defined(VM_COVERAGE) && VM_COVERAGE
  static bool written = false;
  if (written || !g_sim) return;
  written = true;
  const char* env = getenv("VCRYPTO_COV_DIR");
  std::string dir = env && *env ? env : "sim/build/coverage/dat";
  for (size_t i = 1; i <= dir.size(); ++i)  // mkdir -p
    if (i == dir.size() || dir[i] == '/') mkdir(dir.substr(0, i).c_str(), 0777);
  const std::string file = dir + "/vcrypto-" + std::to_string(getpid()) + ".dat";
  Verilated::threadContextp()->coveragep()->write(file.c_str());
#endif
}

static void cleanup() {
  if (g_mem_created) {
    unlink(g_mem_path);
    g_mem_created = false;
  }
  if (g_tty_raw) {
    tcsetattr(0, TCSANOW, &g_tty_saved);
    g_tty_raw = false;
  }
}

static void on_signal(int sig) {
  // Coverage builds only: a pty host ends the simulator with SIGHUP (after `quit`, the
  // simulator then waits in linger_for_eof). Not async-signal-safe; acceptable there.
  write_coverage();
  // async-signal-safe: unlink, tcsetattr, signal, raise.
  if (g_mem_created) unlink(g_mem_path);
  if (g_tty_raw) tcsetattr(0, TCSANOW, &g_tty_saved);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void flush_out() {
  size_t off = 0;
  while (off < g_out.size()) {
    const ssize_t n = write(1, g_out.data() + off, g_out.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      // The host is gone: nothing more can be said.
      write_coverage();
      cleanup();
      _exit(0);
    }
    off += (size_t)n;
  }
  g_out.clear();
}

// Wait until stdin reaches EOF (or errors, e.g. EIO when a pty master closes) or 5 s pass,
// discarding whatever arrives.
static void linger_for_eof() {
  const uint64_t deadline = now_ns() + 5000000000ull;
  char scratch[4096];
  for (;;) {
    const uint64_t t = now_ns();
    if (t >= deadline) return;
    struct pollfd p = {0, POLLIN, 0};
    const int r = poll(&p, 1, (int)((deadline - t) / 1000000ull) + 1);
    if (r < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (r == 0) continue;
    const ssize_t n = read(0, scratch, sizeof scratch);
    if (n == 0) return;
    if (n < 0 && errno != EINTR && errno != EAGAIN) return;
  }
}

[[noreturn]] static void finish(int status) {
  if (g_sim) g_sim->trace_close();
  write_coverage();
  cleanup();
  _exit(status);
}

[[noreturn]] void fatal_exit(const std::string& msg) {
  static bool in_fatal = false;
  if (in_fatal) _exit(2);
  in_fatal = true;
  std::string m = msg;
  for (char& c : m)
    if (c == '\n' || c == '\r') c = ' ';
  while (!m.empty() && m.back() == ' ') m.pop_back();
  fprintf(stderr, "vcrypto-sim: FATAL %s\n", m.c_str());
  g_out += "FATAL " + m + "\n";
  flush_out();
  if (g_sim) g_sim->trace_close();
  linger_for_eof();
  finish(2);
}

// ------------------------------------------------------------------ Verilator hooks

int vcsim_vprintf(const char* fmt, va_list ap) {
  char buf[2048];
  va_list ap2;
  va_copy(ap2, ap);
  const int n = vsnprintf(buf, sizeof buf, fmt, ap2);
  va_end(ap2);
  fputs(buf, stderr);
  g_model_text += buf;
  if (g_model_text.size() > 8192) g_model_text.erase(0, g_model_text.size() - 4096);
  return n;
}

int vcsim_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = vcsim_vprintf(fmt, ap);
  va_end(ap);
  return n;
}

[[noreturn]] static void model_fatal(const char* filename, int linenum, const char* what) {
  // Prefer the model's own message (the assertion's $display text) if it printed one.
  std::string last;
  size_t end = g_model_text.size();
  while (end > 0) {
    const size_t nl = g_model_text.rfind('\n', end - 1);
    const size_t start = nl == std::string::npos ? 0 : nl + 1;
    std::string line = g_model_text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\n' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) {
      last = line;
      break;
    }
    if (nl == std::string::npos) break;
    end = nl;
  }
  char loc[1024];
  if (filename && filename[0])
    snprintf(loc, sizeof loc, "%s:%d: %s", filename, linenum, what);
  else
    snprintf(loc, sizeof loc, "%s", what);
  fatal_exit(last.empty() ? std::string(loc) : last + " (" + loc + ")");
}

void vl_stop(const char* filename, int linenum, const char*) {
  model_fatal(filename, linenum, "Verilog $stop");
}
void vl_fatal(const char* filename, int linenum, const char*, const char* msg) {
  model_fatal(filename, linenum, msg);
}
void vl_finish(const char* filename, int linenum, const char*) {
  model_fatal(filename, linenum, "Verilog $finish");
}

// ------------------------------------------------------------------ parsing helpers

static bool parse_hex(const char* s, uint64_t& v) {
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
  if (!*s) return false;
  uint64_t r = 0;
  int n = 0;
  for (; *s; ++s, ++n) {
    const char c = *s;
    unsigned d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    if (n >= 16) return false;
    r = r << 4 | d;
  }
  v = r;
  return true;
}

static bool parse_dec(const char* s, uint64_t& v) {
  if (!*s) return false;
  uint64_t r = 0;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9') return false;
    const uint64_t d = (uint64_t)(*s - '0');
    if (r > (UINT64_MAX - d) / 10) return false;
    r = r * 10 + d;
  }
  v = r;
  return true;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void out_f(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_f(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  const int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  g_out.append(buf, n < (int)sizeof buf ? (size_t)n : sizeof buf - 1);
}

// ------------------------------------------------------------------ commands

static uint64_t g_busy_ns = 0, g_wait_ns = 0, g_busy_start = 0;

static bool mmio_decode(uint64_t addr, unsigned size, uint32_t& off) {
  Vvcrypto_top* t = g_sim->top;
  const uint64_t base = t->bar0_base_o;
  if (!t->mem_enable_o) return false;
  if (addr < base || addr - base >= kBar0Size || addr - base + size > kBar0Size) return false;
  off = (uint32_t)(addr - base);
  return true;
}

static bool port_err(int r) {
  if (r == 0 || r == RESP_EXOKAY) return false;
  if (r < 0) g_out += "err timeout\n";
  else if (r == RESP_SLVERR) g_out += "err slverr\n";
  else g_out += "err decerr\n";
  return true;
}

static void cmd_mmio(char** w, int n, bool write) {
  uint64_t addr, size, data = 0;
  if (n != (write ? 4 : 3) || !parse_hex(w[1], addr) || !parse_dec(w[2], size) ||
      (write && !parse_hex(w[3], data))) {
    g_out += "err usage\n";
    return;
  }
  if (size != 1 && size != 2 && size != 4 && size != 8) {
    g_out += "err bad size\n";
    return;
  }
  if (addr % size) {
    g_out += "err unaligned\n";
    return;
  }
  if (size < 8 && (data >> (8 * size))) {
    g_out += "err data too wide\n";
    return;
  }
  uint32_t off;
  if (!mmio_decode(addr, (unsigned)size, off)) {
    out_f("err unmapped %llx\n", (unsigned long long)addr);
    return;
  }
  uint32_t rd;
  if (size == 8) {
    uint32_t lo = 0, hi = 0;
    if (write) {
      if (port_err(g_sim->axil_access(true, off, (uint32_t)data, 0xf, rd))) return;
      if (port_err(g_sim->axil_access(true, off + 4, (uint32_t)(data >> 32), 0xf, rd))) return;
      g_out += "ok\n";
    } else {
      if (port_err(g_sim->axil_access(false, off, 0, 0, lo))) return;
      if (port_err(g_sim->axil_access(false, off + 4, 0, 0, hi))) return;
      out_f("ok %016llx\n", (unsigned long long)((uint64_t)hi << 32 | lo));
    }
    return;
  }
  const unsigned sh = (off & 3) * 8;
  if (write) {
    const uint32_t strb = ((1u << size) - 1) << (off & 3);
    if (port_err(g_sim->axil_access(true, off, (uint32_t)(data << sh), strb, rd))) return;
    g_out += "ok\n";
  } else {
    if (port_err(g_sim->axil_access(false, off, 0, 0, rd))) return;
    const uint64_t mask = (1ull << (8 * size)) - 1;
    out_f("ok %0*llx\n", (int)(2 * size), (unsigned long long)((rd >> sh) & mask));
  }
}

static void cmd_wait(char** w, int n) {
  Sim& s = *g_sim;
  bool want_irq = false, want_mem = false;
  uint64_t addr = 0, value = 0, limit = 0;
  bool ok = false;
  if (n == 3 && !strcmp(w[1], "irq")) {
    want_irq = true;
    ok = parse_dec(w[2], limit);
  } else if (n == 5 && (!strcmp(w[1], "mem16") || !strcmp(w[1], "any"))) {
    want_mem = true;
    want_irq = w[1][0] == 'a';
    ok = parse_hex(w[2], addr) && parse_hex(w[3], value) && parse_dec(w[4], limit);
  }
  if (!ok) {
    g_out += "err usage\n";
    return;
  }
  if (want_mem && !s.in_mem(addr, 2)) {
    g_out += "err range\n";
    return;
  }
  const uint8_t* p = want_mem ? s.mem + (addr - kMemBase) : nullptr;
  const uint16_t v16 = (uint16_t)value;
  auto irq_hit = [&] { return !s.irqs.empty() || s.top->intx_o; };
  auto mem_hit = [&] { return (uint16_t)(p[0] | p[1] << 8) != v16; };
  const char* hit = nullptr;
  if (want_irq && irq_hit()) hit = "irq";
  else if (want_mem && mem_hit()) hit = "mem";
  for (uint64_t i = 0; !hit && i < limit; ++i) {
    s.mem_dirty = false;
    s.tick();
    if (want_irq && irq_hit()) hit = "irq";
    else if (want_mem && s.mem_dirty && mem_hit()) hit = "mem";
  }
  out_f("ok %s %llu\n", hit ? hit : "timeout", (unsigned long long)s.cycle);
}

static void cmd_irqs() {
  Sim& s = *g_sim;
  out_f("ok %zu", s.irqs.size());
  for (const IrqMsg& m : s.irqs)
    out_f(" %llx:%08x:%llu", (unsigned long long)m.addr, m.data, (unsigned long long)m.cycle);
  out_f(" intx=%d\n", s.top->intx_o ? 1 : 0);
  s.irqs.clear();
}

static void cmd_memrd(char** w, int n) {
  uint64_t addr, len;
  if (n != 3 || !parse_hex(w[1], addr) || !parse_dec(w[2], len)) {
    g_out += "err usage\n";
    return;
  }
  if (len < 1 || len > 4096) {
    g_out += "err bad length\n";
    return;
  }
  if (!g_sim->in_mem(addr, len)) {
    g_out += "err range\n";
    return;
  }
  static const char hx[] = "0123456789abcdef";
  const uint8_t* p = g_sim->mem + (addr - kMemBase);
  const size_t o = g_out.size();
  g_out.resize(o + 3 + 2 * len + 1);
  char* q = &g_out[o];
  *q++ = 'o';
  *q++ = 'k';
  *q++ = ' ';
  for (uint64_t i = 0; i < len; ++i) {
    *q++ = hx[p[i] >> 4];
    *q++ = hx[p[i] & 15];
  }
  *q = '\n';
}

static void cmd_memwr(char** w, int n) {
  uint64_t addr;
  if (n != 3 || !parse_hex(w[1], addr)) {
    g_out += "err usage\n";
    return;
  }
  const size_t hl = strlen(w[2]);
  if (hl == 0 || hl % 2) {
    g_out += "err bad hex\n";
    return;
  }
  const uint64_t len = hl / 2;
  if (!g_sim->in_mem(addr, len)) {
    g_out += "err range\n";
    return;
  }
  uint8_t* p = g_sim->mem + (addr - kMemBase);
  // Validate first so a bad string leaves memory untouched.
  for (size_t i = 0; i < hl; ++i)
    if (hexval(w[2][i]) < 0) {
      g_out += "err bad hex\n";
      return;
    }
  for (uint64_t i = 0; i < len; ++i)
    p[i] = (uint8_t)(hexval(w[2][2 * i]) << 4 | hexval(w[2][2 * i + 1]));
  g_out += "ok\n";
}

static int parse_kind(const char* k) {
  if (!strcmp(k, "r")) return K_R;
  if (!strcmp(k, "w")) return K_W;
  if (!strcmp(k, "rw")) return K_R | K_W;
  return 0;
}

static uint8_t parse_resp(const char* r) {
  return !strcmp(r, "slverr") ? RESP_SLVERR : !strcmp(r, "decerr") ? RESP_DECERR : 0;
}

static void cmd_fault(char** w, int n) {
  Sim& s = *g_sim;
  if (n == 2 && !strcmp(w[1], "clear")) {
    s.clear_faults();
    g_out += "ok\n";
    return;
  }
  if (n == 2 && !strcmp(w[1], "stats")) {
    out_f("ok rd_err=%llu wr_err=%llu", (unsigned long long)s.rd_err_bursts,
          (unsigned long long)s.wr_err_bursts);
    for (const Violation& v : s.err_log)
      out_f(" %c:%llx:%llx:%llu", v.kind, (unsigned long long)v.addr, (unsigned long long)v.len,
            (unsigned long long)v.cycle);
    g_out += "\n";
    return;
  }
  if (n == 4 && !strcmp(w[1], "stall")) {
    static const char* names[CH_N] = {"ar", "r", "aw", "w", "b", "mmio"};
    uint64_t pm;
    int ch = -1;
    const bool all = !strcmp(w[2], "all");
    for (int i = 0; i < CH_N; ++i)
      if (!strcmp(w[2], names[i])) ch = i;
    if ((ch < 0 && !all) || !parse_hex(w[3], pm) || pm > 1000) {
      g_out += "err usage\n";
      return;
    }
    if (all) {
      for (int i = 0; i < CH_N; ++i) s.set_stall((Chan)i, (uint32_t)pm);
    } else {
      s.set_stall((Chan)ch, (uint32_t)pm);
    }
    g_out += "ok\n";
    return;
  }
  if (n == 6 && !strcmp(w[1], "err")) {
    uint64_t addr, len;
    const int kind = parse_kind(w[2]);
    const uint8_t resp = parse_resp(w[5]);
    if ((kind != K_R && kind != K_W) || !parse_hex(w[3], addr) || !parse_hex(w[4], len) || !resp) {
      g_out += "err usage\n";
      return;
    }
    const uint64_t id = s.next_err_id++;
    s.errs.push_back({id, kind, addr, len, resp});
    out_f("ok %llu\n", (unsigned long long)id);
    return;
  }
  if (n == 3 && !strcmp(w[1], "del")) {
    uint64_t id;
    if (!parse_dec(w[2], id)) {
      g_out += "err usage\n";
      return;
    }
    for (size_t i = 0; i < s.errs.size(); ++i)
      if (s.errs[i].id == id) {
        s.errs.erase(s.errs.begin() + i);
        g_out += "ok\n";
        return;
      }
    g_out += "err no such fault\n";
    return;
  }
  if (n == 5 && !strcmp(w[1], "errrate")) {
    uint64_t pm;
    const int kind = parse_kind(w[2]);
    const uint8_t resp = parse_resp(w[4]);
    if (!kind || !parse_hex(w[3], pm) || pm > 1000 || !resp) {
      g_out += "err usage\n";
      return;
    }
    for (int i = 0; i < 2; ++i)
      if (kind & (i ? K_W : K_R)) {
        s.errrate_pm[i] = (uint32_t)pm;
        s.errrate_resp[i] = resp;
      }
    g_out += "ok\n";
    return;
  }
  if (n == 4 && !strcmp(w[1], "jitter")) {
    uint64_t rd, wr;
    if (!parse_hex(w[2], rd) || !parse_hex(w[3], wr) || rd > 1000000 || wr > 1000000) {
      g_out += "err usage\n";
      return;
    }
    s.rd_jitter = (uint32_t)rd;
    s.wr_jitter = (uint32_t)wr;
    g_out += "ok\n";
    return;
  }
  g_out += "err usage\n";
}

// Returns false for quit.
static bool handle(char* line) {
  Sim& s = *g_sim;
  char* w[8];
  int n = 0;
  for (char* p = line; *p;) {
    while (*p == ' ' || *p == '\t') *p++ = 0;
    if (!*p) break;
    if (n == 8) {
      g_out += "err too many words\n";
      return true;
    }
    w[n++] = p;
    while (*p && *p != ' ' && *p != '\t') ++p;
  }
  if (n == 0) {
    g_out += "err empty command\n";
    return true;
  }
  g_model_text.clear();
  const char* c = w[0];
  uint64_t a, b, d;

  if (!strcmp(c, "run")) {
    if (n != 2 || !parse_hex(w[1], a)) {
      g_out += "err usage\n";
      return true;
    }
    s.run(a);
    out_f("ok %llu\n", (unsigned long long)s.cycle);
  } else if (!strcmp(c, "mmrd")) {
    cmd_mmio(w, n, false);
  } else if (!strcmp(c, "mmwr")) {
    cmd_mmio(w, n, true);
  } else if (!strcmp(c, "wait")) {
    cmd_wait(w, n);
  } else if (!strcmp(c, "memrd")) {
    cmd_memrd(w, n);
  } else if (!strcmp(c, "memwr")) {
    cmd_memwr(w, n);
  } else if (!strcmp(c, "irqs")) {
    cmd_irqs();
  } else if (!strcmp(c, "cfgrd")) {
    uint32_t rd;
    if (n != 2 || !parse_hex(w[1], a) || a > 0xfff) {
      g_out += "err usage\n";
      return true;
    }
    if (s.cfg_access(false, (uint32_t)a, 0, 0, rd) < 0) g_out += "err timeout\n";
    else out_f("ok %08x\n", rd);
  } else if (!strcmp(c, "cfgwr")) {
    uint32_t rd;
    if (n != 4 || !parse_hex(w[1], a) || a > 0xfff || !parse_hex(w[2], b) || b > 0xffffffffull ||
        !parse_hex(w[3], d) || d > 0xf) {
      g_out += "err usage\n";
      return true;
    }
    if (s.cfg_access(true, (uint32_t)a, (uint32_t)b, (uint32_t)d, rd) < 0) g_out += "err timeout\n";
    else g_out += "ok\n";
  } else if (!strcmp(c, "grant")) {
    const int kind = n == 4 ? parse_kind(w[1]) : 0;
    if (!kind || !parse_hex(w[2], a) || !parse_hex(w[3], b)) {
      g_out += "err usage\n";
      return true;
    }
    const uint64_t id = s.next_grant_id++;
    s.grants.push_back({id, kind, a, b, 0});
    out_f("ok %llu\n", (unsigned long long)id);
  } else if (!strcmp(c, "revoke")) {
    if (n != 2 || !parse_dec(w[1], a)) {
      g_out += "err usage\n";
      return true;
    }
    for (size_t i = 0; i < s.grants.size(); ++i)
      if (s.grants[i].id == a) {
        s.grants.erase(s.grants.begin() + i);
        g_out += "ok\n";
        return true;
      }
    g_out += "err no such grant\n";
  } else if (!strcmp(c, "violations")) {
    out_f("ok %llu", (unsigned long long)s.viol_count);
    for (const Violation& v : s.viols)
      out_f(" %c:%llx:%llx:%llu", v.kind, (unsigned long long)v.addr, (unsigned long long)v.len,
            (unsigned long long)v.cycle);
    g_out += "\n";
  } else if (!strcmp(c, "checker")) {
    if (n == 2 && !strcmp(w[1], "on")) s.checker_on = true;
    else if (n == 2 && !strcmp(w[1], "off")) s.checker_on = false;
    else {
      g_out += "err usage\n";
      return true;
    }
    g_out += "ok\n";
  } else if (!strcmp(c, "stats")) {
    const uint64_t busy = g_busy_ns + (now_ns() - g_busy_start);
    out_f("ok cycles=%llu sim_ns=%llu wait_ns=%llu rd_beats=%llu wr_beats=%llu\n",
          (unsigned long long)s.cycle, (unsigned long long)busy, (unsigned long long)g_wait_ns,
          (unsigned long long)s.rd_beats, (unsigned long long)s.wr_beats);
  } else if (!strcmp(c, "trace")) {
    if (n != 2) {
      g_out += "err usage\n";
      return true;
    }
    if (!strcmp(w[1], "off")) {
      s.trace_close();
      g_out += "ok\n";
    } else {
      std::string err;
      if (s.trace_open(w[1], err)) g_out += "ok\n";
      else g_out += "err " + err + "\n";
    }
  } else if (!strcmp(c, "reset")) {
    if (n != 2 || !parse_hex(w[1], a)) {
      g_out += "err usage\n";
      return true;
    }
    s.reset(a);
    out_f("ok %llu\n", (unsigned long long)s.cycle);
  } else if (!strcmp(c, "lat")) {
    if (n != 3 || !parse_hex(w[1], a) || !parse_hex(w[2], b) || a > 1000000 || b > 1000000) {
      g_out += "err usage\n";
      return true;
    }
    s.rd_lat = a ? (uint32_t)a : 1;
    s.wr_lat = b ? (uint32_t)b : 1;
    g_out += "ok\n";
  } else if (!strcmp(c, "fault")) {
    cmd_fault(w, n);
  } else if (!strcmp(c, "seed")) {
    if (n != 2 || !parse_dec(w[1], a)) {
      g_out += "err usage\n";
      return true;
    }
    s.seed(a);
    g_out += "ok\n";
  } else if (!strcmp(c, "sessprobe")) {
    // Simulation-only look into the session store (docs/console.md); no cycle runs.
    std::string reply;
    if (n != 2 || !parse_dec(w[1], a)) {
      g_out += "err usage\n";
      return true;
    }
    const int r = sess_probe(s.top, a, reply);
    if (r == 0) g_out += reply;
    else g_out += r == -1 ? "err unsupported\n" : "err range\n";
  } else if (!strcmp(c, "echo")) {
    g_out += "ok";
    for (int i = 1; i < n; ++i) {
      g_out += ' ';
      g_out += w[i];
    }
    g_out += '\n';
  } else if (!strcmp(c, "quit")) {
    return false;
  } else {
    out_f("err unknown command %.64s\n", c);
  }
  return true;
}

// ------------------------------------------------------------------ main

static void usage() {
  fprintf(stderr,
          "usage: vcrypto-sim [--mem-mb N] [--mem-file PATH] [--trace FILE] [--rd-latency N] "
          "[--wr-latency N] [--seed N]\n");
  exit(1);
}

int main(int argc, char** argv) {
  uint64_t mem_mb = 64, rd_lat = 32, wr_lat = 8, seed = 1;
  std::string mem_file, trace_file;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], v;
    const size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos) {
      v = a.substr(eq + 1);
      a = a.substr(0, eq);
    } else if (a == "--help" || a == "-h") {
      usage();
    } else {
      if (i + 1 >= argc) usage();
      v = argv[++i];
    }
    uint64_t num = 0;
    if (a == "--mem-file") mem_file = v;
    else if (a == "--trace") trace_file = v;
    else if (!parse_dec(v.c_str(), num)) usage();
    else if (a == "--mem-mb") mem_mb = num;
    else if (a == "--rd-latency") rd_lat = num;
    else if (a == "--wr-latency") wr_lat = num;
    else if (a == "--seed") seed = num;
    else usage();
  }
  if (mem_mb < 1 || mem_mb > 4096) {
    fprintf(stderr, "vcrypto-sim: --mem-mb must be 1..4096\n");
    return 1;
  }

  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);

  // Raw mode first: anything the host sends before READY must not be echoed or edited.
  if (isatty(0) && tcgetattr(0, &g_tty_saved) == 0) {
    struct termios raw = g_tty_saved;
    cfmakeraw(&raw);
    if (tcsetattr(0, TCSANOW, &raw) == 0) g_tty_raw = true;
  }

  if (mem_file.empty()) mem_file = "/dev/shm/vcrypto-" + std::to_string(getpid()) + ".mem";
  if (mem_file.size() >= sizeof g_mem_path) {
    fprintf(stderr, "vcrypto-sim: memory file path too long\n");
    finish(1);
  }
  strcpy(g_mem_path, mem_file.c_str());
  const uint64_t memsize = mem_mb << 20;
  const int fd = open(g_mem_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    fprintf(stderr, "vcrypto-sim: cannot create %s: %s\n", g_mem_path, strerror(errno));
    finish(1);
  }
  g_mem_created = true;
  if (ftruncate(fd, (off_t)memsize) != 0) {
    fprintf(stderr, "vcrypto-sim: cannot size %s: %s\n", g_mem_path, strerror(errno));
    finish(1);
  }
  void* m = mmap(nullptr, memsize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (m == MAP_FAILED) {
    fprintf(stderr, "vcrypto-sim: cannot map %s: %s\n", g_mem_path, strerror(errno));
    finish(1);
  }
  close(fd);

  Verilated::traceEverOn(true);
  g_sim = new Sim((uint8_t*)m, memsize, seed);
  g_sim->rd_lat = rd_lat ? (uint32_t)rd_lat : 1;
  g_sim->wr_lat = wr_lat ? (uint32_t)wr_lat : 1;
  if (!trace_file.empty()) {
    std::string err;
    if (!g_sim->trace_open(trace_file, err)) {
      fprintf(stderr, "vcrypto-sim: %s\n", err.c_str());
      finish(1);
    }
  }
  g_sim->reset(16);

  out_f("READY vcrypto-sim proto=1 mem=%s membase=%llx memsize=%llx msibase=%llx msisize=%llx "
        "datawidth=%u dataq=%u qsizemax=%u\n",
        g_mem_path, (unsigned long long)kMemBase, (unsigned long long)memsize,
        (unsigned long long)kMsiBase, (unsigned long long)kMsiSize, (unsigned)VC_DATA_WIDTH,
        (unsigned)VC_NUM_DATAQ, (unsigned)VC_QSIZE_MAX);
  flush_out();

  // Input loop: execute every complete line in the buffer, flush the replies once the
  // buffer holds no complete line, then block for more input.
  std::vector<char> in(1 << 16);
  size_t len = 0, pos = 0;
  g_busy_start = now_ns();
  for (;;) {
    for (;;) {
      char* nl = (char*)memchr(in.data() + pos, '\n', len - pos);
      if (!nl) break;
      char* line = in.data() + pos;
      pos = (size_t)(nl - in.data()) + 1;
      *nl = 0;
      if (nl > line && nl[-1] == '\r') nl[-1] = 0;
      if (!handle(line)) {
        g_out += "bye\n";
        flush_out();
        linger_for_eof();
        finish(0);
      }
      if (g_out.size() > (1u << 20)) flush_out();
    }
    if (pos > 0) {
      memmove(in.data(), in.data() + pos, len - pos);
      len -= pos;
      pos = 0;
    }
    if (len == in.size()) in.resize(in.size() * 2);
    flush_out();
    const uint64_t t0 = now_ns();
    g_busy_ns += t0 - g_busy_start;
    ssize_t r;
    do {
      r = read(0, in.data() + len, in.size() - len);
    } while (r < 0 && errno == EINTR);
    const uint64_t t1 = now_ns();
    g_wait_ns += t1 - t0;
    g_busy_start = t1;
    if (r <= 0) finish(0);  // input closed without quit (EOF, or EIO from a closed pty)
    len += (size_t)r;
  }
}
