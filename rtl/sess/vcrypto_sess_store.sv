// vcrypto_sess_store: session table. Per slot: a valid bit, a generation counter (so a
// destroyed session id never becomes valid again, D17), a parameter word and a key area of 32
// words in a RAM of 128-bit words (one block RAM, 512 x 128 with the default 16 slots): cipher
// key words 0..3, auth key words 4..11, 12..15 spare, HMAC inner state (after the K0 ^ ipad
// block) words 16..19, outer state (after K0 ^ opad) words 20..23, 24..31 spare. The request
// processor writes all 32 words at create and zeroizes them on destroy and after every reset.
//
// NUM_PORTS lookup/key-read ports, one per processing lane (rtl/lane): sessions are created and
// destroyed by the lane that owns the control queue (allocation, create, destroy and key writes
// are one port), every lane looks sessions up and reads keys on its own port. Each read port has
// its own copy of the key RAM (all copies take every write), so a lane's key load never waits
// for another lane's; port 0's copy is `key_ram` (read by the console's `sessprobe`).
module vcrypto_sess_store #(
  // Number of session slots.
  parameter int unsigned NUM_SESSIONS = 16,
  // Width of the per-session parameter word.
  parameter int unsigned PARAM_W = 128,
  // Number of lookup / key read ports (processing lanes).
  parameter int unsigned NUM_PORTS = 1
) (
  input  logic                          clk_i,
  input  logic                          rst_i,
  // Allocation: the lowest free slot (combinational), valid when alloc_ok_o.
  output logic                          alloc_ok_o,
  output logic [$clog2(NUM_SESSIONS)-1:0] alloc_slot_o,
  // Set a slot valid with its parameters (generation increments).
  input  logic                          create_i,
  input  logic [$clog2(NUM_SESSIONS)-1:0] create_slot_i,
  input  logic [PARAM_W-1:0]            create_param_i,
  // Invalidate a slot (generation increments); the caller zeroizes the keys.
  input  logic                          destroy_i,
  input  logic [$clog2(NUM_SESSIONS)-1:0] destroy_slot_i,
  // Lookup (combinational), one per port
  input  logic [NUM_PORTS*$clog2(NUM_SESSIONS)-1:0] lookup_slot_i,
  output logic [NUM_PORTS-1:0]          lookup_valid_o,
  output logic [NUM_PORTS*32-1:0]       lookup_gen_o,
  output logic [NUM_PORTS*PARAM_W-1:0]  lookup_param_o,
  // Key RAM: one write port, one read port per lane; read data one cycle after the address
  // (a read of the word being written returns the old word).
  input  logic                          key_we_i,
  input  logic [$clog2(NUM_SESSIONS)+4:0] key_waddr_i,
  input  logic [127:0]                  key_wdata_i,
  input  logic [NUM_PORTS*($clog2(NUM_SESSIONS)+5)-1:0] key_raddr_i,
  output logic [NUM_PORTS*128-1:0]      key_rdata_o
);
  localparam int unsigned SW = $clog2(NUM_SESSIONS);
  localparam int unsigned KW = SW + 5;

`ifndef SYNTHESIS
  initial begin
    if (NUM_PORTS < 1) $error("vcrypto_sess_store: NUM_PORTS must be at least 1");
  end
`endif

  logic [NUM_SESSIONS-1:0] valid_q, valid_d;
  logic [31:0]             gen_q   [NUM_SESSIONS];
  logic [PARAM_W-1:0]      param_q [NUM_SESSIONS];
  logic [127:0]            key_ram [NUM_SESSIONS*32];
  logic [127:0]            key_rdata_q;

  always_comb begin
    alloc_ok_o   = 1'b0;
    alloc_slot_o = '0;
    for (int i = NUM_SESSIONS - 1; i >= 0; i--) begin
      if (!valid_q[i]) begin
        alloc_ok_o   = 1'b1;
        alloc_slot_o = SW'(i);
      end
    end
  end

  always_comb begin
    valid_d = valid_q;
    if (create_i)  valid_d[create_slot_i]  = 1'b1;
    if (destroy_i) valid_d[destroy_slot_i] = 1'b0;
  end

  for (genvar p = 0; p < NUM_PORTS; p++) begin : g_lookup
    logic [SW-1:0] slot;
    assign slot = lookup_slot_i[p*SW +: SW];
    assign lookup_valid_o[p]                 = valid_q[slot];
    assign lookup_gen_o[p*32 +: 32]          = gen_q[slot];
    assign lookup_param_o[p*PARAM_W +: PARAM_W] = param_q[slot];
  end

  always_ff @(posedge clk_i) begin
    if (rst_i) valid_q <= '0;
    else       valid_q <= valid_d;
  end

  // Generations survive a device reset on purpose: ids handed out before a reset stay invalid.
  always_ff @(posedge clk_i) begin
    for (int i = 0; i < NUM_SESSIONS; i++) begin
      if ((create_i && create_slot_i == SW'(i)) || (destroy_i && destroy_slot_i == SW'(i)))
        gen_q[i] <= gen_q[i] + 32'd1;
    end
    if (create_i) param_q[create_slot_i] <= create_param_i;
  end

  // port 0's copy
  always_ff @(posedge clk_i) begin
    if (key_we_i) key_ram[key_waddr_i] <= key_wdata_i;
    key_rdata_q <= key_ram[key_raddr_i[0 +: KW]];
  end
  assign key_rdata_o[0 +: 128] = key_rdata_q;

  // the other ports' copies
  for (genvar p = 1; p < NUM_PORTS; p++) begin : g_copy
    logic [127:0] ram [NUM_SESSIONS*32];
    logic [127:0] rdata_q;
    always_ff @(posedge clk_i) begin
      if (key_we_i) ram[key_waddr_i] <= key_wdata_i;
      rdata_q <= ram[key_raddr_i[p*KW +: KW]];
    end
    assign key_rdata_o[p*128 +: 128] = rdata_q;
  end
endmodule
