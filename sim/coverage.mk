# sim/coverage.mk: RTL code coverage (included from ../Makefile, after sim/verilator.mk).
#
#   make coverage          build the instrumented simulator, run the device tests and a small
#                          regression against it, merge, summarise, write the HTML report
#   make coverage-sim      only build sim/build/cov/vcrypto-sim
#   make coverage-report   only merge + summarise + HTML from the .dat files already there
#
# The instrumented simulator is the normal one (same harness, same flags) built with
# `--coverage-line --coverage-toggle` into sim/build/cov/ (sim/build/vcrypto-sim is not
# touched). The harness writes the model's counters at exit (tb/harness/console.cpp,
# VM_COVERAGE builds only) to $VCRYPTO_COV_DIR/vcrypto-<pid>.dat; the tests and the CLI run
# that binary because $VCRYPTO_SIM names it (src/bridge/ensure-sim.ts).
#
# Outputs (sim/build/coverage/):
#   dat/*.dat       one file per simulator process
#   merged.dat      verilator_coverage --write
#   summary.json    line and toggle points per module (sim/coverage/summary.mjs), also printed
#   vitest.json     the test results of the run (usable by scripts/conformance/generate.ts --report)
#   cov.info, html/ verilator_coverage --write-info + genhtml (Debian lcov)
#
# Parameters:
#   COV_TESTS   vitest file filters (default: every test file that opens the real device:
#               uses openDevice / openSimulator / bin/vcrypto.mjs or is named *device*; the
#               RTL unit benches (test/unit) and the DATA_WIDTH suite build their own binaries
#               and are left out)
#   COV_CASES   `vcrypto run --cases` of the regression (default 1); COV_CASES=0 skips it
#   COV_FILTER  `vcrypto run --filter` (default aes-gcm: 9 rows, every key size and layout; the
#               whole regression is 420 rows, ~40 s each on the instrumented model)
#   COV_VITEST_ARGS  extra vitest arguments (e.g. -t 'AES-CBC')
# Test failures do not stop the report; they are listed at the end and make the target fail
# only with COV_STRICT=1.

COV_BUILD   := $(SIM_BUILD)/cov
COV_OBJ     := $(COV_BUILD)/obj
COV_BIN     := $(COV_BUILD)/vcrypto-sim
COV_OUT     := $(SIM_BUILD)/coverage
COV_DAT     := $(COV_OUT)/dat
COV_TESTS   ?= $(filter-out test/unit/% test/conformance/% test/device/width.test.ts,$(sort $(shell \
                 grep -rlE 'openDevice|openSimulator|bin/vcrypto\.mjs' test --include='*.test.ts' 2>/dev/null; \
                 find test -name '*device*.test.ts' 2>/dev/null)))
COV_CASES   ?= 1
COV_FILTER  ?= aes-gcm
COV_VITEST_ARGS ?=
# The instrumented model is slower: per-test timeout for the coverage run.
COV_TEST_TIMEOUT ?= 600000
COV_STRICT  ?= 0
VERILATOR_COVERAGE ?= verilator_coverage

# The normal flags with the object dir and the output moved, plus coverage.
COV_VFLAGS := $(subst $(SIM_OBJ),$(COV_OBJ),$(subst $(CURDIR)/$(SIM_BIN),$(CURDIR)/$(COV_BIN),$(SIM_VFLAGS))) \
  --coverage-line --coverage-toggle

.PHONY: coverage coverage-sim coverage-run coverage-report coverage-deps coverage-clean

coverage-sim: $(COV_BIN)

$(COV_BUILD)/cov-flags.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(COV_VFLAGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(COV_BIN): $(COV_BUILD)/cov-flags.stamp $(RTL_F) $(RTL_SRCS) $(RTL_HDRS) $(HARNESS_SRCS) $(HARNESS_HDRS) \
            sim/verilator.mk sim/coverage.mk
	@mkdir -p $(COV_OBJ)
	$(VERILATOR) $(COV_VFLAGS) -f $(RTL_F) $(addprefix $(CURDIR)/,$(HARNESS_SRCS))
	@touch $@

# genhtml comes with Debian's lcov.
coverage-deps:
	@if ! command -v genhtml >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "coverage-deps: installing lcov"; \
	  $$SUDO apt-get update && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y lcov; \
	fi

coverage: deps coverage-deps
	@$(MAKE) --no-print-directory coverage-sim
	@$(MAKE) --no-print-directory coverage-run
	@$(MAKE) --no-print-directory coverage-report
	@if [ "$(COV_STRICT)" = 1 ] && [ -s $(COV_OUT)/failures.txt ]; then \
	  echo "coverage: failing runs (COV_STRICT=1):"; cat $(COV_OUT)/failures.txt; exit 1; fi

# Every run gets the instrumented binary and the .dat directory through the environment.
# Pipes, not a pty: a pty host ends the simulator with SIGHUP; over pipes it sees end of input
# and exits normally (both paths write the counters, the normal one is the safe one).
COV_ENV = VCRYPTO_SIM=$(CURDIR)/$(COV_BIN) VCRYPTO_COV_DIR=$(CURDIR)/$(COV_DAT) VCRYPTO_TRANSPORT=pipe

coverage-run: $(COV_BIN)
	@rm -rf $(COV_DAT) $(COV_OUT)/failures.txt
	@mkdir -p $(COV_DAT)
	@: > $(COV_OUT)/failures.txt
	@echo "coverage: vitest $(COV_TESTS) $(COV_VITEST_ARGS)"
	@$(COV_ENV) npx vitest run --testTimeout=$(COV_TEST_TIMEOUT) --reporter=default --reporter=json \
	  --outputFile.json=$(COV_OUT)/vitest.json $(COV_TESTS) $(COV_VITEST_ARGS) \
	  || echo "vitest ($(words $(COV_TESTS)) files $(COV_VITEST_ARGS)): exit $$? (failed tests in $(COV_OUT)/vitest.json)" >> $(COV_OUT)/failures.txt
	@if [ "$(COV_CASES)" != 0 ]; then \
	  echo "coverage: npx vcrypto run --cases $(COV_CASES) --filter '$(COV_FILTER)'"; \
	  $(COV_ENV) npx vcrypto run --cases $(COV_CASES) --filter '$(COV_FILTER)' --json $(COV_OUT)/regression.json \
	    > $(COV_OUT)/regression.log 2>&1 \
	    || echo "vcrypto run --cases $(COV_CASES) --filter '$(COV_FILTER)': exit $$? (see $(COV_OUT)/regression.log)" >> $(COV_OUT)/failures.txt; \
	  tail -n 5 $(COV_OUT)/regression.log; \
	fi
	@echo "coverage: $$(ls $(COV_DAT) | wc -l) .dat files in $(COV_DAT)"

coverage-report:
	@test -n "$$(ls $(COV_DAT)/*.dat 2>/dev/null)" || { echo "coverage-report: no .dat files in $(COV_DAT) (run make coverage)"; exit 1; }
	$(VERILATOR_COVERAGE) --write $(COV_OUT)/merged.dat $(COV_DAT)/*.dat
	node sim/coverage/summary.mjs $(COV_OUT)/merged.dat --json $(COV_OUT)/summary.json
	$(VERILATOR_COVERAGE) --write-info $(COV_OUT)/cov.info $(COV_OUT)/merged.dat
	@rm -rf $(COV_OUT)/html
	@genhtml --quiet --output-directory $(COV_OUT)/html --title 'vcrypto RTL coverage' \
	  $(COV_OUT)/cov.info > $(COV_OUT)/genhtml.log 2>&1 \
	  || { tail -n 20 $(COV_OUT)/genhtml.log; exit 1; }
	@echo "coverage: table above in $(COV_OUT)/summary.json; HTML report $(COV_OUT)/html/index.html"
	@if [ -s $(COV_OUT)/failures.txt ]; then echo "coverage: runs that failed (figures still valid for what ran):"; cat $(COV_OUT)/failures.txt; fi

coverage-clean:
	rm -rf $(COV_BUILD) $(COV_OUT)
