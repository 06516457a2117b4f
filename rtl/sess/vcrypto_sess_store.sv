// vcrypto_sess_store: session table. Per slot: a valid bit, a generation counter (so a
// destroyed session id never becomes valid again, D17), a parameter word and a key area of 32
// words in a RAM of 128-bit words (one block RAM, 512 x 128 with the default 16 slots): cipher
// key words 0..3, auth key words 4..11, 12..15 spare, HMAC inner state (after the K0 ^ ipad
// block) words 16..19, outer state (after K0 ^ opad) words 20..23, 24..31 spare. The request
// processor writes all 32 words at create and zeroizes them on destroy and after every reset.
module vcrypto_sess_store #(
  // Number of session slots.
  parameter int unsigned NUM_SESSIONS = 16,
  // Width of the per-session parameter word.
  parameter int unsigned PARAM_W = 128
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
  // Lookup (combinational)
  input  logic [$clog2(NUM_SESSIONS)-1:0] lookup_slot_i,
  output logic                          lookup_valid_o,
  output logic [31:0]                   lookup_gen_o,
  output logic [PARAM_W-1:0]            lookup_param_o,
  // Key RAM: one port, read data one cycle after the address.
  input  logic                          key_we_i,
  input  logic [$clog2(NUM_SESSIONS)+4:0] key_addr_i,
  input  logic [127:0]                  key_wdata_i,
  output logic [127:0]                  key_rdata_o
);
  localparam int unsigned SW = $clog2(NUM_SESSIONS);

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

  assign lookup_valid_o = valid_q[lookup_slot_i];
  assign lookup_gen_o   = gen_q[lookup_slot_i];
  assign lookup_param_o = param_q[lookup_slot_i];
  assign key_rdata_o    = key_rdata_q;

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

  always_ff @(posedge clk_i) begin
    if (key_we_i) key_ram[key_addr_i] <= key_wdata_i;
    key_rdata_q <= key_ram[key_addr_i];
  end
endmodule
