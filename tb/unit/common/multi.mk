# Shared make logic of the unit benches that link several Verilated shapes of one module into
# one binary (tb/unit/dma: one per DATA_WIDTH; tb/unit/fetchwin: one per window shape).
# The including Makefile sets, before `include`:
#   HERE    its own directory
#   OUT     the output directory (sim/build/unit/<block>)
#   STAMPS  one stamp file per shape, made by its own pattern rule (verilate + compile the
#           shape's __ALL.a under $(OUT)); LIBS the shapes' __ALL.a archives
#   SHAPE_INCS the -I directories of the shapes' generated headers
# Builds $(OUT)/unit from $(HERE)/main.cpp, the shapes and Verilator's runtime.
VERILATOR      ?= verilator
VERILATOR_ROOT := $(shell $(VERILATOR) --getenv VERILATOR_ROOT)
VINC           := $(VERILATOR_ROOT)/include
CXX            ?= g++
CXXFLAGS       := -O2 -std=c++17 -faligned-new -Wno-unused-result \
                  -I$(VINC) -I$(VINC)/vltstd $(SHAPE_INCS)

.PHONY: all clean
all: $(OUT)/unit

$(OUT)/verilated.o: $(VINC)/verilated.cpp
	@mkdir -p $(OUT)
	@$(CXX) $(CXXFLAGS) -c -o $@ $<

$(OUT)/verilated_threads.o: $(VINC)/verilated_threads.cpp
	@mkdir -p $(OUT)
	@$(CXX) $(CXXFLAGS) -c -o $@ $<

$(OUT)/main.o: $(HERE)/main.cpp $(STAMPS)
	@$(CXX) $(CXXFLAGS) -c -o $@ $(HERE)/main.cpp

$(OUT)/unit: $(OUT)/main.o $(OUT)/verilated.o $(OUT)/verilated_threads.o $(STAMPS)
	@$(CXX) -o $@ $(OUT)/main.o $(LIBS) $(OUT)/verilated.o $(OUT)/verilated_threads.o -pthread

clean:
	rm -rf $(OUT)
