# vcrypto top-level Makefile.
#   make sim    build sim/build/vcrypto-sim (rebuilt when any rtl/ or tb/harness/ source changes)
#   make lint   verilator --lint-only -Wall over every rtl/**/*.sv, top vcrypto_top
#   make deps   install Verilator (Debian package) if missing; npm ci if node_modules is stale
#   make clean  remove sim/build/
# Parameters: DATA_WIDTH=64|128|256 (default 128), NUM_DATAQ, QSIZE_MAX, NUM_LANES, SHARED_AES
# (see sim/verilator.mk).

.DEFAULT_GOAL := sim
.PHONY: sim lint deps clean

include sim/verilator.mk
include sim/coverage.mk
include sim/waves.mk
include sim/synth.mk

sim: $(SIM_BIN)

# Linted at the default parameters and with several lanes (the lane wiring is generated), both
# with the lanes' shared AES datapath (default) and with one per lane.
lint: $(RTL_F)
	$(VERILATOR) --lint-only -Wall --top-module vcrypto_top -f $(RTL_F)
	$(VERILATOR) --lint-only -Wall --top-module vcrypto_top -GNUM_LANES=3 -f $(RTL_F)
	$(VERILATOR) --lint-only -Wall --top-module vcrypto_top -GNUM_LANES=2 -GSHARED_AES=0 -f $(RTL_F)

deps:
	@if ! command -v verilator >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "deps: installing verilator"; \
	  $$SUDO apt-get update && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y verilator; \
	fi
	@if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then \
	  echo "deps: npm ci"; npm ci && touch node_modules; \
	fi

clean:
	rm -rf $(SIM_BUILD)

# ---------------------------------------------------------------------------------------
# The two entry points of README.md. Each installs what it needs (make deps), builds the
# simulator when stale, then runs.
#   make run   the regression over every service x algorithm x key size x mode x layout
#   make test  every test: RTL unit benches, harness, bridge, driver, device (vitest)
# ---------------------------------------------------------------------------------------
.PHONY: run test unit
RUN_ARGS ?=

run: deps sim
	npx vcrypto run $(RUN_ARGS)

test: deps sim
	npx vitest run

# The long verification runs of the robustness issue (CI runs their short forms in `make test`).
.PHONY: verify
verify: deps sim
	npx vcrypto regress --seed 1 --count 5000 --json sim/build/regress.json
	npx vcrypto fuzz --seed 1 --count 3000 --json sim/build/fuzz.json

# Only the per-block RTL unit benches (tb/unit/<block>, driven by test/unit/*.test.ts).
unit: deps
	npx vitest run test/unit
