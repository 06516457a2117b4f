# sim/waves.mk: waveforms of one test (included from ../Makefile, after sim/verilator.mk).
#
#   make waves TEST=<test name or test file pattern> [WAVES_DIR=sim/build/waves]
#
# TEST that is a substring of a test file path (e.g. TEST=test/device/rings or TEST=rings.test)
# selects those files; anything else is a vitest test-name pattern (-t, a regexp over
# "<describe> <test>"), run over every test file. The chosen tests run once with FST tracing
# on ($VCRYPTO_TRACE, honoured by the setup file sim/waves/trace-setup.ts through the config
# sim/waves/vitest.config.ts; the tests build the simulator as usual, under their lock): one
# .fst per test and simulator in WAVES_DIR (emptied first), then the paths are printed. Open
# them with gtkwave (time = 10 x cycle; see docs/console.md `trace`).
# WAVES_ARGS adds vitest arguments (e.g. WAVES_ARGS='-t "D17"' together with a file TEST).

WAVES_DIR  ?= $(SIM_BUILD)/waves
WAVES_ARGS ?=
TEST ?=

.PHONY: waves
waves: deps
	@sh sim/waves/run.sh '$(subst ','\'',$(TEST))' '$(WAVES_DIR)' $(WAVES_ARGS)
