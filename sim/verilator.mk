# sim/verilator.mk: Verilator build of sim/build/vcrypto-sim (included from ../Makefile).
#
# The RTL file list is computed on every make run from rtl/**/*.sv (package files of rtl/pkg
# first, vcrypto_pkg.sv before any other), so modules added under rtl/ are picked up without
# editing anything. The list is written to sim/build/rtl.f (only rewritten when it changes)
# and is usable by any tool that reads Verilator-style -f files:
#   make sim/build/rtl.f && verilator --lint-only -f sim/build/rtl.f ...

VERILATOR ?= verilator
SIM_BUILD := sim/build
SIM_OBJ   := $(SIM_BUILD)/obj
SIM_BIN   := $(SIM_BUILD)/vcrypto-sim
RTL_F     := $(SIM_BUILD)/rtl.f

# Top-level parameters (the harness is compiled with the same values).
DATA_WIDTH ?= 128
NUM_DATAQ  ?= 4
QSIZE_MAX  ?= 256
# MSI-X table size; empty = the top's default NUM_DATAQ + 2 (config + one vector per queue).
MSIX_VECTORS ?=

RTL_ALL_SV   := $(shell find rtl -name '*.sv' 2>/dev/null | LC_ALL=C sort)
RTL_PKG_SV   := $(filter rtl/pkg/vcrypto_pkg.sv,$(RTL_ALL_SV)) \
                $(filter-out rtl/pkg/vcrypto_pkg.sv,$(filter rtl/pkg/%,$(RTL_ALL_SV)))
RTL_SRCS     := $(RTL_PKG_SV) $(filter-out rtl/pkg/%,$(RTL_ALL_SV))
RTL_HDRS     := $(shell find rtl -name '*.svh' 2>/dev/null | LC_ALL=C sort)
RTL_INCDIRS  := $(sort $(patsubst %/,%,$(dir $(RTL_SRCS) $(RTL_HDRS))))

HARNESS_SRCS := $(sort $(wildcard tb/harness/*.cpp))
HARNESS_HDRS := $(sort $(wildcard tb/harness/*.h))

# Verilator configuration file (simulation only, nothing in rtl/): keeps the session store's
# key RAM / valid / generation readable from the harness (console `sessprobe`). Part of the
# flags, so the coverage build (sim/coverage.mk) and the fake-top builds get it too (its rules
# name modules the fake tops do not have; Verilator ignores them there).
SIM_VLT := sim/verilator.vlt

# Verilator flags for the simulator (see shared/reference/toolchain.md: -O3 builds are ~2x
# faster; threads make small designs much slower). Warnings are shown but not fatal here;
# `make lint` is the strict gate.
SIM_VFLAGS := --cc --exe --build -j 2 \
  -O3 --x-assign fast --x-initial fast -MAKEFLAGS OPT_FAST=-O3 --trace-fst --assert \
  --top-module vcrypto_top \
  -GDATA_WIDTH=$(DATA_WIDTH) -GNUM_DATAQ=$(NUM_DATAQ) -GQSIZE_MAX=$(QSIZE_MAX) \
  $(if $(MSIX_VECTORS),-GMSIX_VECTORS=$(MSIX_VECTORS)) \
  $(if $(NUM_LANES),-GNUM_LANES=$(NUM_LANES)) \
  $(if $(SHARED_AES),-GSHARED_AES=$(SHARED_AES)) \
  -Wno-fatal \
  -CFLAGS -std=c++17 \
  -CFLAGS -DVC_DATA_WIDTH=$(DATA_WIDTH) -CFLAGS -DVC_NUM_DATAQ=$(NUM_DATAQ) \
  -CFLAGS -DVC_QSIZE_MAX=$(QSIZE_MAX) \
  -CFLAGS -DVL_USER_STOP -CFLAGS -DVL_USER_FATAL -CFLAGS -DVL_USER_FINISH \
  -CFLAGS "-include $(CURDIR)/tb/harness/vl_user.h" \
  -CFLAGS -I$(CURDIR)/tb/harness \
  --Mdir $(SIM_OBJ) -o $(CURDIR)/$(SIM_BIN) \
  $(CURDIR)/$(SIM_VLT)

# The file list: rewritten only when its content changes, so it works as a dependency.
$(RTL_F): FORCE
	@mkdir -p $(@D)
	@{ for d in $(RTL_INCDIRS); do echo "+incdir+$$d"; done; \
	   for f in $(RTL_SRCS); do echo "$$f"; done; } > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# Rebuild when the Verilator flags (e.g. DATA_WIDTH) change: one stamp per binary.
SIM_FLAGS_STAMP := $(SIM_BUILD)/sim-flags.stamp
$(SIM_BUILD)/%flags.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(SIM_VFLAGS)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

$(SIM_BIN): $(SIM_FLAGS_STAMP) $(RTL_F) $(RTL_SRCS) $(RTL_HDRS) $(HARNESS_SRCS) $(HARNESS_HDRS) \
            sim/verilator.mk $(SIM_VLT)
	@mkdir -p $(SIM_OBJ)
	$(VERILATOR) $(SIM_VFLAGS) -f $(RTL_F) $(addprefix $(CURDIR)/,$(HARNESS_SRCS))
	@touch $@

.PHONY: FORCE
FORCE:

# Harness self-test builds: the same harness around a fake top instead of rtl/
# (used by tb/harness/smoke.sh):
#   sim-probe  tb/harness/probe/vcrypto_top.sv: tiny device with cfg/MMIO/DMA/MSI/$fatal hooks
#   sim-stub   tb/harness/stub/vcrypto_top.sv: every output idle (idle-loop speed, timeouts)
# $(call alt_sim,name): rule for sim/build/vcrypto-sim-<name> from tb/harness/<name>/*.sv
define alt_sim
$(SIM_BUILD)/vcrypto-sim-$(1): $(SIM_BUILD)/$(1)-flags.stamp $$(wildcard tb/harness/$(1)/*.sv) $$(HARNESS_SRCS) $$(HARNESS_HDRS) sim/verilator.mk $$(SIM_VLT)
	@mkdir -p $(SIM_BUILD)/$(1)-obj
	$$(VERILATOR) $$(subst $$(SIM_OBJ),$(SIM_BUILD)/$(1)-obj,$$(subst $$(CURDIR)/$$(SIM_BIN),$$(CURDIR)/$$@,$$(SIM_VFLAGS))) \
	  $$(wildcard tb/harness/$(1)/*.sv) $$(addprefix $$(CURDIR)/,$$(HARNESS_SRCS))
	@touch $$@
.PHONY: sim-$(1)
sim-$(1): $(SIM_BUILD)/vcrypto-sim-$(1)
endef
$(eval $(call alt_sim,probe))
$(eval $(call alt_sim,stub))

# 16-queue variant: sim/build/vcrypto-sim-q16 is the whole device with NUM_DATAQ = 16 and
# MSIX_VECTORS = 18 (config + 16 data queues + control queue), built in sim/build/q16 by the
# ordinary `sim` rule (every path derives from SIM_BUILD) and linked to the name below:
#   make sim-q16    (test/device/queues16.test.ts runs it under the lock sim/build/q16.lock)
SIM_Q16_BIN := $(SIM_BUILD)/vcrypto-sim-q16
.PHONY: sim-q16
sim-q16:
	@$(MAKE) --no-print-directory sim NUM_DATAQ=16 MSIX_VECTORS=18 SIM_BUILD=$(SIM_BUILD)/q16
	@ln -sfn q16/vcrypto-sim $(SIM_Q16_BIN)

# Four-lane variant: sim/build/vcrypto-sim-lanes4 is the whole device with NUM_LANES = 4 (each
# of the 4 data queues on its own lane: virtqueue engine, request processor, crypto engines;
# the control queue shares lane 0; the lanes' cipher and CMAC engines share one AES pipeline,
# SHARED_AES = 1), built in sim/build/lanes4:
#   make sim-lanes4  (test/device/lanes.test.ts and `vcrypto bench --lanes 4` run it)
SIM_LANES4_BIN := $(SIM_BUILD)/vcrypto-sim-lanes4
.PHONY: sim-lanes4
sim-lanes4:
	@$(MAKE) --no-print-directory sim NUM_LANES=4 SIM_BUILD=$(SIM_BUILD)/lanes4
	@ln -sfn lanes4/vcrypto-sim $(SIM_LANES4_BIN)
