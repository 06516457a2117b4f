# Shared make logic of the crypto-engine unit benches (tb/unit/<block>/Makefile).
# The including Makefile sets, before `include`:
#   HERE     its own directory: $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
#   TOP      the top module to verilate
#   RTL_DIRS the rtl/crypto/<dir> folders to compile (after rtl/pkg/vcrypto_pkg.sv), in order
#   GPARAMS  optional Verilator -G top-parameter overrides
#   SRC_DIR  optional directory of main.cpp (default HERE), for benches that share one
# Builds sim/build/unit/<block>/unit from $(HERE)/main.cpp; rebuilt only when a source, the
# bench Makefile, this fragment or common/unit_bench.h changes.
COMMON := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
ROOT   := $(abspath $(COMMON)/../../..)
BLOCK  := $(notdir $(HERE))
OUT    := $(ROOT)/sim/build/unit/$(BLOCK)
OBJ    := $(OUT)/obj
BIN    := $(OUT)/unit
RTL    := $(ROOT)/rtl/pkg/vcrypto_pkg.sv \
          $(foreach d,$(RTL_DIRS),$(sort $(wildcard $(ROOT)/rtl/crypto/$(d)/*.sv)))
SRC_DIR ?= $(HERE)
CPP    := $(SRC_DIR)/main.cpp

VFLAGS := --cc --exe --build -j 2 -Wall -O3 --x-assign fast --x-initial fast \
          -MAKEFLAGS "OPT_FAST=-O3" --top-module $(TOP) --Mdir $(OBJ) -o $(BIN) $(GPARAMS)

.PHONY: all clean
all: $(BIN)

$(BIN): $(RTL) $(CPP) $(HERE)/Makefile $(COMMON)/unit.mk $(COMMON)/unit_bench.h
	@mkdir -p $(OBJ)
	@verilator $(VFLAGS) $(RTL) $(CPP) > $(OUT)/build.log 2>&1 || { cat $(OUT)/build.log; exit 1; }

clean:
	rm -rf $(OUT)
