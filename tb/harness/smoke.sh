#!/usr/bin/env bash
# Smoke check of the simulator harness (sim/build/vcrypto-sim).
#   tb/harness/smoke.sh            build, then check the console over pipes and over a pty,
#                                  SIGTERM cleanup, and the harness self-test device (probe)
#   SMOKE_NO_PROBE=1 ...           skip the probe build/checks
# Exits non-zero on the first failed check.
set -euo pipefail
cd "$(dirname "$0")/../.."

make -s sim
if [ -z "${SMOKE_NO_PROBE:-}" ]; then make -s sim-probe sim-stub; fi

exec python3 - "$@" <<'PY'
import os, pty, re, select, signal, subprocess, sys, time, tty

SIM = "sim/build/vcrypto-sim"
PROBE = "sim/build/vcrypto-sim-probe"
fails = 0

def check(cond, what):
    global fails
    print(("PASS " if cond else "FAIL ") + what)
    if not cond:
        fails += 1

class Pipe:
    def __init__(self, binary, args=()):
        self.p = subprocess.Popen([binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, bufsize=0)
        self.buf = b""
    def send(self, s): self.p.stdin.write(s.encode()); self.p.stdin.flush()
    def close_in(self): self.p.stdin.close()
    def fd(self): return self.p.stdout.fileno()
    def wait(self, t=10): return self.p.wait(t)
    def pid(self): return self.p.pid

class Pty:
    def __init__(self, binary, args=()):
        self.master, slave = pty.openpty()
        self.p = subprocess.Popen([binary, *args], stdin=slave, stdout=slave,
                                  stderr=subprocess.DEVNULL, close_fds=True)
        os.close(slave)
        self.buf = b""
    def send(self, s): os.write(self.master, s.encode())
    def close_in(self): os.close(self.master)
    def fd(self): return self.master
    def wait(self, t=10): return self.p.wait(t)
    def pid(self): return self.p.pid

def readline(c, timeout=20.0):
    end = time.time() + timeout
    while b"\n" not in c.buf:
        left = end - time.time()
        if left <= 0: raise TimeoutError("no reply")
        r, _, _ = select.select([c.fd()], [], [], left)
        if r:
            try: d = os.read(c.fd(), 65536)
            except OSError: d = b""
            if not d: raise EOFError("simulator output closed")
            c.buf += d
    line, c.buf = c.buf.split(b"\n", 1)
    return line.decode()

def banner(c):
    l = readline(c)
    m = re.match(r"READY vcrypto-sim proto=1 mem=(\S+) membase=100000000 memsize=(\w+) "
                 r"msibase=fee00000 msisize=100000 datawidth=(\d+) dataq=(\d+) qsizemax=(\d+)$", l)
    check(m is not None, "READY banner: " + l)
    return m.group(1) if m else None

BASIC = [
    ("echo hello", r"ok hello$"),
    ("run 100", r"ok 272$"),                       # 16 reset cycles + 0x100
    ("memwr 100000010 00112233445566778899aabbccddeeff", r"ok$"),
    ("memrd 100000012 4", r"ok 22334455$"),
    ("grant rw 100000000 1000", r"ok 1$"),
    ("stats", r"ok cycles=272 sim_ns=\d+ wait_ns=\d+ rd_beats=0 wr_beats=0$"),
    ("cfgrd 0", r"(err timeout|ok [0-9a-f]{8})$"),  # the stub never answers: err timeout
    ("irqs", r"ok 0 intx=[01]$"),
    ("violations", r"ok 0$"),
    ("bogus", r"err "),
    ("memrd 0 4", r"err range$"),
]

def basic(kind, cls):
    c = cls(SIM)
    mem = banner(c)
    check(mem is not None and os.path.exists(mem), f"[{kind}] memory file exists")
    # Pipelined: send everything at once, then read the replies in order.
    c.send("".join(cmd + "\n" for cmd, _ in BASIC))
    for cmd, pat in BASIC:
        l = readline(c)
        check(re.match(pat, l) is not None, f"[{kind}] {cmd!r} -> {l!r}")
    # The host-memory file is shared with the simulator.
    with open(mem, "r+b") as f:
        f.seek(0x20); f.write(bytes([0xde, 0xad]))
    c.send("memrd 100000020 2\n")
    l = readline(c); check(l == "ok dead", f"[{kind}] file write visible to the simulator: {l!r}")
    c.send("memwr 100000030 beef\n"); readline(c)
    with open(mem, "rb") as f:
        f.seek(0x30); check(f.read(2) == b"\xbe\xef", f"[{kind}] memwr visible in the file")
    c.send("quit\n")
    l = readline(c); check(l == "bye", f"[{kind}] quit -> {l!r}")
    time.sleep(0.05)
    check(c.p.poll() is None, f"[{kind}] simulator waits for input EOF after bye")
    c.close_in()
    rc = c.wait()
    check(rc == 0, f"[{kind}] exit status {rc}")
    check(not os.path.exists(mem), f"[{kind}] memory file removed")

def sigterm():
    c = Pipe(SIM)
    mem = banner(c)
    os.kill(c.pid(), signal.SIGTERM)
    c.wait()
    check(not os.path.exists(mem), "[sigterm] memory file removed")

def throughput():
    c = Pipe(SIM)
    banner(c)
    n = 20000
    t = time.time()
    c.send("echo x\n" * n)
    for _ in range(n): readline(c)
    dt = time.time() - t
    print(f"INFO pipelined echo: {n/dt:,.0f} commands/s")
    c.send("run 100000\nstats\nquit\n")
    readline(c); s = readline(c); readline(c)
    ns = int(re.search(r"sim_ns=(\d+)", s).group(1))
    c.close_in(); c.wait()

def probe():
    if os.environ.get("SMOKE_NO_PROBE"): return
    c = Pipe(PROBE)
    mem = banner(c)
    data = bytes(range(48))
    with open(mem, "r+b") as f:
        f.seek(0x1000); f.write(data)
    script = [
        ("cfgrd 0", r"ok 10541af4$"),
        ("mmrd c0000000 4", r"err unmapped c0000000$"),
        ("cfgwr 10 c0000000 f", r"ok$"), ("cfgwr 4 6 f", r"ok$"),
        ("mmwr c0000000 8 0000000100001000", r"ok$"),
        ("mmwr c0000008 4 3", r"ok$"),
        ("mmwr c000000c 4 2000", r"ok$"), ("mmwr c0000010 4 1", r"ok$"),
        ("mmwr c0000014 4 fee00010", r"ok$"),
        ("mmwr c0000018 4 4021", r"ok$"),
        ("mmwr c0000019 1 ab", r"ok$"),
        ("mmrd c0000018 4", r"ok 0000ab21$"),
        ("mmrd c0000019 1", r"ok ab$"),
        ("mmrd c0000000 8", r"ok 0000000100001000$"),
        ("grant r 100001000 20", r"ok 1$"),
        ("grant w 100002000 30", r"ok 2$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait mem16 100002000 0 1000", r"ok mem \d+$"),
        ("wait irq 1000", r"ok irq \d+$"),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        ("memrd 100002000 48", "ok " + data.hex() + "$"),
        ("violations", r"ok 2 r:100001020:10:\d+ w:fee00010:4:\d+$"),
        ("stats", r"ok cycles=\d+ sim_ns=\d+ wait_ns=\d+ rd_beats=3 wr_beats=4$"),
        ("run 20", r"ok \d+$"),
        ("grant w fee00000 100000", r"ok 3$"), ("grant r 100001020 10", r"ok 4$"),
        ("memwr 100002000 0000", r"ok$"),
        ("lat 2 2", r"ok$"), ("seed 7", r"ok$"),
        ("fault stall ar 1f4", r"ok$"), ("fault stall r 1f4", r"ok$"),
        ("fault stall aw 1f4", r"ok$"), ("fault stall w 1f4", r"ok$"),
        ("fault stall b 1f4", r"ok$"), ("fault stall mmio 1f4", r"ok$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait any 100002000 0 1000", r"ok (irq|mem) \d+$"),
        ("wait irq 1000", r"ok irq \d+$"),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        ("run 40", r"ok \d+$"),
        ("fault clear", r"ok$"),
        ("fault err r 100001010 1 slverr", r"ok 1$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait irq 1000", r"ok irq \d+$"),
        ("memrd 100002000 48", "ok " + data[:16].hex() + "00" * 16 + data[32:].hex() + "$"),
        ("violations", r"ok 2 "),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        # fault del / fault stats / fault errrate (1000 permille: every host-memory burst)
        ("fault del 1", r"ok$"), ("fault del 1", r"err no such fault$"),
        ("fault stats", r"ok rd_err=1 wr_err=0 r:100001000:30:\d+$"),
        ("memwr 100002000 " + "00" * 48, r"ok$"),
        ("fault errrate r 3e8 slverr", r"ok$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait irq 1000", r"ok irq \d+$"),
        ("memrd 100002000 48", "ok " + "00" * 48 + "$"),
        ("fault stats", r"ok rd_err=2 wr_err=0 r:100001000:30:\d+ r:100001000:30:\d+$"),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        ("fault errrate r 0 slverr", r"ok$"), ("fault errrate w 3e8 decerr", r"ok$"),
        ("memwr 100002000 " + "11" * 48, r"ok$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait irq 1000", r"ok irq \d+$"),                      # the MSI write is never drawn
        ("memrd 100002000 48", "ok " + "11" * 48 + "$"),         # the failed burst stored nothing
        ("fault stats", r"ok rd_err=2 wr_err=1 r:100001000:30:\d+ r:100001000:30:\d+ w:100002000:30:\d+$"),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        ("fault errrate rw 3e9 slverr", r"err usage$"), ("fault errrate r 1 okay", r"err usage$"),
        ("fault stall all 1f4", r"ok$"), ("fault stall xx 1", r"err usage$"),
        ("fault jitter 20 20", r"ok$"), ("fault jitter 20", r"err usage$"),
        ("fault clear", r"ok$"),
        ("mmwr c0000100 4 0", r"ok$"),
        ("wait irq 1000", r"ok irq \d+$"),
        ("memrd 100002000 48", "ok " + data.hex() + "$"),
        ("irqs", r"ok 1 fee00010:0000ab21:\d+ intx=0$"),
        ("mmwr c0000108 4 1", r"ok$"),
        ("wait irq 5", r"ok irq \d+$"),
        ("irqs", r"ok 0 intx=1$"),
        ("reset 10", r"ok \d+$"),
        ("mmrd c0000000 4", r"err unmapped c0000000$"),
    ]
    for cmd, pat in script:
        c.send(cmd + "\n")
        l = readline(c)
        check(re.match(pat, l) is not None, f"[probe] {cmd!r} -> {l!r}")
    c.send("quit\n"); readline(c); c.close_in(); c.wait()
    # Latency: AR accepted -> first R beat after rd latency (visible in the total cycle count).
    # $fatal in the model -> FATAL line, exit 2.
    c = Pipe(PROBE)
    mem = banner(c)
    c.send("cfgwr 10 c0000000 f\ncfgwr 4 6 f\necho a\nmmwr c0000104 4 0\necho never\n")
    for _ in range(3): readline(c)
    l = readline(c)
    check(l.startswith("FATAL ") and "probe: fatal requested" in l, f"[probe] $fatal -> {l!r}")
    c.close_in()
    rc = c.wait()
    check(rc == 2, f"[probe] exit status after FATAL {rc}")
    check(not os.path.exists(mem), "[probe] memory file removed after FATAL")
    # 4 KiB crossing -> FATAL from the harness's AXI checks.
    c = Pipe(PROBE)
    banner(c)
    c.send("cfgwr 10 c0000000 f\ncfgwr 4 6 f\nmmwr c0000000 8 0000000100001ff0\n"
           "mmwr c0000008 4 3\nmmwr c0000100 4 0\nrun 100\n")
    for _ in range(5): readline(c)
    l = readline(c)
    check(l.startswith("FATAL AXI AR: burst crosses a 4 KiB boundary"), f"[probe] 4K -> {l!r}")
    c.close_in(); check(c.wait() == 2, "[probe] exit 2")

basic("pipe", Pipe)
basic("pty", Pty)
if not os.environ.get("SMOKE_NO_PROBE"):
    SIM = "sim/build/vcrypto-sim-stub"   # the idle stub never answers: cfgrd must time out
    BASIC[6] = ("cfgrd 0", r"err timeout$")
    basic("stub-pipe", Pipe)
    basic("stub-pty", Pty)
    SIM = "sim/build/vcrypto-sim"
sigterm()
throughput()
probe()
left = [f for f in os.listdir("/dev/shm") if f.startswith("vcrypto-")]
print("INFO leftover /dev/shm files (other runs may own them):", left)
print("smoke:", "OK" if fails == 0 else f"{fails} FAILED")
sys.exit(1 if fails else 0)
PY
