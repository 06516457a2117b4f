# sim/synth.mk: FPGA synthesis figures of the device (included from ../Makefile after
# sim/verilator.mk, whose file list sim/build/rtl.f it reads).
#
#   make synth        Yosys synth_xilinx (UltraScale+) of vcrypto_top with its default parameters,
#                     out of context in partitions (one Yosys process each, SYNTH_JOBS at a time):
#                     netlist, logs and stat under sim/build/synth/, summary JSON
#                     sim/build/synth.json, a one-screen summary on stdout. Fails on latches and
#                     combinational loops. Re-runs only when the RTL or these scripts change.
#   make synth-deps   make sure the Yosys in use is installed (run by `make synth`): the default
#                     YOSYS=yowasp is @yowasp/yosys 0.55 (npm devDependency, installed by `npm ci`
#                     i.e. `make deps`); YOSYS=yosys (any native command) installs Debian's yosys
#                     with apt-get when missing. Debian's 0.23 reads all of rtl/ but its `proc`
#                     takes over half an hour on rtl/req/vcrypto_req_proc.sv, hence the default.
# Variables: YOSYS (yowasp), SYNTH_TOP (vcrypto_top), SYNTH_FAMILY (xcup; synth_xilinx -family),
# SYNTH_PARAMS ("NAME=VALUE ..." top parameter overrides; default none), SYNTH_SPLIT (modules
# split into partitions: each child instance synthesised on its own; default vcrypto_top
# vcrypto_lane vcrypto_engines; empty = the whole device in one Yosys process, which the 4 GiB of the
# WebAssembly Yosys no longer hold), SYNTH_JOBS (partitions in parallel; 2), SYNTH_KEEP (1: keep
# the partitions' JSON netlists and rtl.il).
# See docs/design.md, "Synthesis", for the method and the figures.

YOSYS        ?= yowasp
SYNTH_TOP    ?= vcrypto_top
SYNTH_FAMILY ?= xcup
SYNTH_PARAMS ?=
SYNTH_SPLIT  ?= vcrypto_top vcrypto_lane vcrypto_engines
SYNTH_JOBS   ?= 2
SYNTH_KEEP   ?=
SYNTH_DIR    := $(SIM_BUILD)/synth
SYNTH_JSON   := $(SIM_BUILD)/synth.json
SYNTH_SCRIPTS := $(wildcard sim/synth/*.sh sim/synth/*.mjs) sim/synth.mk
SYNTH_ARGS   := -f $(RTL_F) -t $(SYNTH_TOP) -F $(SYNTH_FAMILY) -o $(SYNTH_DIR) -j $(SYNTH_JSON) \
                -s "$(strip $(SYNTH_SPLIT))" $(foreach p,$(SYNTH_PARAMS),-g $(p))

.PHONY: synth synth-deps

synth: $(SYNTH_JSON)
	@node sim/synth/report.mjs --print $(SYNTH_JSON)

# Options stamp: a different top/family/parameter set re-runs the synthesis.
$(SYNTH_DIR)/options.txt: FORCE
	@mkdir -p $(@D)
	@echo '$(YOSYS) $(SYNTH_ARGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(SYNTH_JSON): $(SYNTH_DIR)/options.txt $(RTL_F) $(RTL_SRCS) $(RTL_HDRS) $(SYNTH_SCRIPTS) | synth-deps
	@echo "synth: $(YOSYS) synth_xilinx -family $(SYNTH_FAMILY) of $(SYNTH_TOP) (tens of minutes; logs in $(SYNTH_DIR)/)"
	@YOSYS='$(YOSYS)' bash sim/synth/synth.sh -q -J $(SYNTH_JOBS) $(if $(SYNTH_KEEP),-k) $(SYNTH_ARGS)

synth-deps:
ifeq ($(YOSYS),yowasp)
	@if [ ! -f node_modules/@yowasp/yosys/package.json ]; then echo "deps: npm ci"; npm ci && touch node_modules; fi
else
	@if ! command -v $(firstword $(YOSYS)) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "deps: installing yosys"; \
	  $$SUDO apt-get update && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y yosys; \
	fi
endif
