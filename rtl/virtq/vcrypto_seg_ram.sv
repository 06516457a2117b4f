// vcrypto_seg_ram: segment list of one descriptor chain ({len, addr} per entry), written by the
// virtqueue engine while it walks the chain and read by the gather reader or scatter writer.
// One write port, one read port with a registered output (maps onto block or distributed RAM).
module vcrypto_seg_ram #(
  // Address bits (depth = 2**AW entries).
  parameter int unsigned AW = 8,
  // Entry width in bits.
  parameter int unsigned DW = 96
) (
  input  logic          clk_i,
  input  logic          we_i,
  input  logic [AW-1:0] waddr_i,
  input  logic [DW-1:0] wdata_i,
  input  logic [AW-1:0] raddr_i,
  output logic [DW-1:0] rdata_o
);
  logic [DW-1:0] mem [2**AW];
  logic [DW-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
    rdata_q <= mem[raddr_i];
  end
  assign rdata_o = rdata_q;
endmodule
