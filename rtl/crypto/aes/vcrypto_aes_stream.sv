// vcrypto_aes_stream: AES-128/192/256 block stream with side information, either pipelined
// (one block per clock) or on the small iterative core (one block per Nr+1 clocks), for one
// client or shared by NUM_PORTS independent clients.
//
// Key port: key_valid_i/key_ready_o loads key_i (key_len_i 0: 128, 1: 192, 2 or 3: 256). The
// key already expanded is recognised and costs nothing; a new key is expanded once (40/46/52
// clocks) into cached round-key registers. key_ready_o waits until no block is in the rounds.
// Block port: in_valid_i/in_ready_o takes a block, its direction (in_decrypt_i, ignored when
// DECRYPT = 0) and USER_W bits of side information that come out unchanged with the result, in
// order, on out_valid_o/out_ready_i/out_data_o/out_user_o, Nr+1 clocks later when not stalled.
// Every port signal is a vector with one slice per client (port p at [W*p +: W]); with
// NUM_PORTS = 1 the slices are the plain signals.
//
// PIPELINED = 1, NUM_PORTS = 1: 14 unrolled round stages, each with an encryption round and
// (DECRYPT = 1) an inverse-cipher round; a block enters at stage 15-Nr (initial AddRoundKey in
// the same clock) and leaves stage 14 into a two-entry output FIFO. The whole pipeline advances
// while the FIFO holds fewer than two blocks, so in_ready_o is a decode of registers (no
// combinational path from out_ready_i to in_ready_o) and the stream runs at one block per clock
// when the consumer takes one per clock. Round keys come from the cached schedule: stage s uses
// round key s-14+Nr when encrypting and 14-s when decrypting. The rounds are written as
// functions called only for stages that receive a block (same hardware; an idle pipeline costs
// a simulator nothing).
// PIPELINED = 1, NUM_PORTS > 1 (the shared datapath of processing lanes): the same 14 stages
// interleave blocks of all clients, so serial modes (CBC encryption, CMAC: one block in flight
// per message) of different requests fill the pipeline together. Each client has its own key
// schedule (a block carries its port number and every stage picks that port's round key), an
// input register (in_ready_o is a decode of registers, so a client may raise in_valid_i in
// reaction to in_ready_o) and a return FIFO of RET_DEPTH blocks. A client may hold at most
// RET_DEPTH blocks between its input register and its FIFO (credits), so the pipeline never
// stalls: a client that does not take its results delays nobody else. Round-robin among the
// clients with a block waiting; a block of a shorter key enters at a later stage and waits while
// that stage is about to be filled from behind. Results leave the last stage straight to the
// client when its FIFO is empty (Nr+2 clocks from in_valid_i to out_valid_o). flush_i[p]
// (a client's engine is reset after an aborted request) drops every block of port p: its input
// register, its blocks in the rounds and its FIFO; its key schedule stays. With NUM_PORTS = 1
// flush_i is not used: the owner resets its private stream instead.
// PIPELINED = 0: vcrypto_aes_core (at most two blocks inside) and a two-entry side FIFO.
module vcrypto_aes_stream #(
  // 1: unrolled 14-stage pipeline (one block per clock); 0: iterative core (small).
  parameter bit PIPELINED = 1'b1,
  // 1: the inverse cipher is available (in_decrypt_i); 0: encrypt only (less logic).
  parameter bit DECRYPT = 1'b1,
  // Width of the side information carried with each block (at least 1).
  parameter int unsigned USER_W = 1,
  // Number of clients sharing the datapath (more than one needs PIPELINED = 1).
  parameter int unsigned NUM_PORTS = 1,
  // Blocks one client may have inside when NUM_PORTS > 1 (a power of two; 16 keeps one client
  // at one block per clock).
  parameter int unsigned RET_DEPTH = 16
) (
  input  logic                        clk_i,
  input  logic                        rst_i,
  input  logic [NUM_PORTS-1:0]        flush_i,

  input  logic [NUM_PORTS-1:0]        key_valid_i,
  output logic [NUM_PORTS-1:0]        key_ready_o,
  input  logic [NUM_PORTS*256-1:0]    key_i,
  input  logic [NUM_PORTS*2-1:0]      key_len_i,

  input  logic [NUM_PORTS-1:0]        in_valid_i,
  output logic [NUM_PORTS-1:0]        in_ready_o,
  input  logic [NUM_PORTS*128-1:0]    in_data_i,
  input  logic [NUM_PORTS-1:0]        in_decrypt_i,
  input  logic [NUM_PORTS*USER_W-1:0] in_user_i,

  output logic [NUM_PORTS-1:0]        out_valid_o,
  input  logic [NUM_PORTS-1:0]        out_ready_i,
  output logic [NUM_PORTS*128-1:0]    out_data_o,
  output logic [NUM_PORTS*USER_W-1:0] out_user_o
);

`ifndef SYNTHESIS
  if (USER_W < 1) begin : g_bad_user_w
    $error("vcrypto_aes_stream: USER_W must be at least 1");
  end
  if (NUM_PORTS < 1 || (NUM_PORTS > 1 && !PIPELINED)) begin : g_bad_ports
    $error("vcrypto_aes_stream: NUM_PORTS must be at least 1, and 1 for the iterative core");
  end
  if (RET_DEPTH < 2 || (RET_DEPTH & (RET_DEPTH - 1)) != 0) begin : g_bad_ret_depth
    $error("vcrypto_aes_stream: RET_DEPTH must be a power of two, at least 2");
  end
`endif

  // in_decrypt_i is not used by an encrypt-only instance, flush_i not by a private one
  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_dec;
  assign unused_dec = ^{in_decrypt_i, flush_i};
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------- round functions
  // S-box (FIPS-197 SubBytes), the table of vcrypto_aes_sbox
  function automatic logic [7:0] sbox_f(input logic [7:0] x);
    case (x)
      8'h00: sbox_f = 8'h63; 8'h01: sbox_f = 8'h7c; 8'h02: sbox_f = 8'h77; 8'h03: sbox_f = 8'h7b;
      8'h04: sbox_f = 8'hf2; 8'h05: sbox_f = 8'h6b; 8'h06: sbox_f = 8'h6f; 8'h07: sbox_f = 8'hc5;
      8'h08: sbox_f = 8'h30; 8'h09: sbox_f = 8'h01; 8'h0a: sbox_f = 8'h67; 8'h0b: sbox_f = 8'h2b;
      8'h0c: sbox_f = 8'hfe; 8'h0d: sbox_f = 8'hd7; 8'h0e: sbox_f = 8'hab; 8'h0f: sbox_f = 8'h76;
      8'h10: sbox_f = 8'hca; 8'h11: sbox_f = 8'h82; 8'h12: sbox_f = 8'hc9; 8'h13: sbox_f = 8'h7d;
      8'h14: sbox_f = 8'hfa; 8'h15: sbox_f = 8'h59; 8'h16: sbox_f = 8'h47; 8'h17: sbox_f = 8'hf0;
      8'h18: sbox_f = 8'had; 8'h19: sbox_f = 8'hd4; 8'h1a: sbox_f = 8'ha2; 8'h1b: sbox_f = 8'haf;
      8'h1c: sbox_f = 8'h9c; 8'h1d: sbox_f = 8'ha4; 8'h1e: sbox_f = 8'h72; 8'h1f: sbox_f = 8'hc0;
      8'h20: sbox_f = 8'hb7; 8'h21: sbox_f = 8'hfd; 8'h22: sbox_f = 8'h93; 8'h23: sbox_f = 8'h26;
      8'h24: sbox_f = 8'h36; 8'h25: sbox_f = 8'h3f; 8'h26: sbox_f = 8'hf7; 8'h27: sbox_f = 8'hcc;
      8'h28: sbox_f = 8'h34; 8'h29: sbox_f = 8'ha5; 8'h2a: sbox_f = 8'he5; 8'h2b: sbox_f = 8'hf1;
      8'h2c: sbox_f = 8'h71; 8'h2d: sbox_f = 8'hd8; 8'h2e: sbox_f = 8'h31; 8'h2f: sbox_f = 8'h15;
      8'h30: sbox_f = 8'h04; 8'h31: sbox_f = 8'hc7; 8'h32: sbox_f = 8'h23; 8'h33: sbox_f = 8'hc3;
      8'h34: sbox_f = 8'h18; 8'h35: sbox_f = 8'h96; 8'h36: sbox_f = 8'h05; 8'h37: sbox_f = 8'h9a;
      8'h38: sbox_f = 8'h07; 8'h39: sbox_f = 8'h12; 8'h3a: sbox_f = 8'h80; 8'h3b: sbox_f = 8'he2;
      8'h3c: sbox_f = 8'heb; 8'h3d: sbox_f = 8'h27; 8'h3e: sbox_f = 8'hb2; 8'h3f: sbox_f = 8'h75;
      8'h40: sbox_f = 8'h09; 8'h41: sbox_f = 8'h83; 8'h42: sbox_f = 8'h2c; 8'h43: sbox_f = 8'h1a;
      8'h44: sbox_f = 8'h1b; 8'h45: sbox_f = 8'h6e; 8'h46: sbox_f = 8'h5a; 8'h47: sbox_f = 8'ha0;
      8'h48: sbox_f = 8'h52; 8'h49: sbox_f = 8'h3b; 8'h4a: sbox_f = 8'hd6; 8'h4b: sbox_f = 8'hb3;
      8'h4c: sbox_f = 8'h29; 8'h4d: sbox_f = 8'he3; 8'h4e: sbox_f = 8'h2f; 8'h4f: sbox_f = 8'h84;
      8'h50: sbox_f = 8'h53; 8'h51: sbox_f = 8'hd1; 8'h52: sbox_f = 8'h00; 8'h53: sbox_f = 8'hed;
      8'h54: sbox_f = 8'h20; 8'h55: sbox_f = 8'hfc; 8'h56: sbox_f = 8'hb1; 8'h57: sbox_f = 8'h5b;
      8'h58: sbox_f = 8'h6a; 8'h59: sbox_f = 8'hcb; 8'h5a: sbox_f = 8'hbe; 8'h5b: sbox_f = 8'h39;
      8'h5c: sbox_f = 8'h4a; 8'h5d: sbox_f = 8'h4c; 8'h5e: sbox_f = 8'h58; 8'h5f: sbox_f = 8'hcf;
      8'h60: sbox_f = 8'hd0; 8'h61: sbox_f = 8'hef; 8'h62: sbox_f = 8'haa; 8'h63: sbox_f = 8'hfb;
      8'h64: sbox_f = 8'h43; 8'h65: sbox_f = 8'h4d; 8'h66: sbox_f = 8'h33; 8'h67: sbox_f = 8'h85;
      8'h68: sbox_f = 8'h45; 8'h69: sbox_f = 8'hf9; 8'h6a: sbox_f = 8'h02; 8'h6b: sbox_f = 8'h7f;
      8'h6c: sbox_f = 8'h50; 8'h6d: sbox_f = 8'h3c; 8'h6e: sbox_f = 8'h9f; 8'h6f: sbox_f = 8'ha8;
      8'h70: sbox_f = 8'h51; 8'h71: sbox_f = 8'ha3; 8'h72: sbox_f = 8'h40; 8'h73: sbox_f = 8'h8f;
      8'h74: sbox_f = 8'h92; 8'h75: sbox_f = 8'h9d; 8'h76: sbox_f = 8'h38; 8'h77: sbox_f = 8'hf5;
      8'h78: sbox_f = 8'hbc; 8'h79: sbox_f = 8'hb6; 8'h7a: sbox_f = 8'hda; 8'h7b: sbox_f = 8'h21;
      8'h7c: sbox_f = 8'h10; 8'h7d: sbox_f = 8'hff; 8'h7e: sbox_f = 8'hf3; 8'h7f: sbox_f = 8'hd2;
      8'h80: sbox_f = 8'hcd; 8'h81: sbox_f = 8'h0c; 8'h82: sbox_f = 8'h13; 8'h83: sbox_f = 8'hec;
      8'h84: sbox_f = 8'h5f; 8'h85: sbox_f = 8'h97; 8'h86: sbox_f = 8'h44; 8'h87: sbox_f = 8'h17;
      8'h88: sbox_f = 8'hc4; 8'h89: sbox_f = 8'ha7; 8'h8a: sbox_f = 8'h7e; 8'h8b: sbox_f = 8'h3d;
      8'h8c: sbox_f = 8'h64; 8'h8d: sbox_f = 8'h5d; 8'h8e: sbox_f = 8'h19; 8'h8f: sbox_f = 8'h73;
      8'h90: sbox_f = 8'h60; 8'h91: sbox_f = 8'h81; 8'h92: sbox_f = 8'h4f; 8'h93: sbox_f = 8'hdc;
      8'h94: sbox_f = 8'h22; 8'h95: sbox_f = 8'h2a; 8'h96: sbox_f = 8'h90; 8'h97: sbox_f = 8'h88;
      8'h98: sbox_f = 8'h46; 8'h99: sbox_f = 8'hee; 8'h9a: sbox_f = 8'hb8; 8'h9b: sbox_f = 8'h14;
      8'h9c: sbox_f = 8'hde; 8'h9d: sbox_f = 8'h5e; 8'h9e: sbox_f = 8'h0b; 8'h9f: sbox_f = 8'hdb;
      8'ha0: sbox_f = 8'he0; 8'ha1: sbox_f = 8'h32; 8'ha2: sbox_f = 8'h3a; 8'ha3: sbox_f = 8'h0a;
      8'ha4: sbox_f = 8'h49; 8'ha5: sbox_f = 8'h06; 8'ha6: sbox_f = 8'h24; 8'ha7: sbox_f = 8'h5c;
      8'ha8: sbox_f = 8'hc2; 8'ha9: sbox_f = 8'hd3; 8'haa: sbox_f = 8'hac; 8'hab: sbox_f = 8'h62;
      8'hac: sbox_f = 8'h91; 8'had: sbox_f = 8'h95; 8'hae: sbox_f = 8'he4; 8'haf: sbox_f = 8'h79;
      8'hb0: sbox_f = 8'he7; 8'hb1: sbox_f = 8'hc8; 8'hb2: sbox_f = 8'h37; 8'hb3: sbox_f = 8'h6d;
      8'hb4: sbox_f = 8'h8d; 8'hb5: sbox_f = 8'hd5; 8'hb6: sbox_f = 8'h4e; 8'hb7: sbox_f = 8'ha9;
      8'hb8: sbox_f = 8'h6c; 8'hb9: sbox_f = 8'h56; 8'hba: sbox_f = 8'hf4; 8'hbb: sbox_f = 8'hea;
      8'hbc: sbox_f = 8'h65; 8'hbd: sbox_f = 8'h7a; 8'hbe: sbox_f = 8'hae; 8'hbf: sbox_f = 8'h08;
      8'hc0: sbox_f = 8'hba; 8'hc1: sbox_f = 8'h78; 8'hc2: sbox_f = 8'h25; 8'hc3: sbox_f = 8'h2e;
      8'hc4: sbox_f = 8'h1c; 8'hc5: sbox_f = 8'ha6; 8'hc6: sbox_f = 8'hb4; 8'hc7: sbox_f = 8'hc6;
      8'hc8: sbox_f = 8'he8; 8'hc9: sbox_f = 8'hdd; 8'hca: sbox_f = 8'h74; 8'hcb: sbox_f = 8'h1f;
      8'hcc: sbox_f = 8'h4b; 8'hcd: sbox_f = 8'hbd; 8'hce: sbox_f = 8'h8b; 8'hcf: sbox_f = 8'h8a;
      8'hd0: sbox_f = 8'h70; 8'hd1: sbox_f = 8'h3e; 8'hd2: sbox_f = 8'hb5; 8'hd3: sbox_f = 8'h66;
      8'hd4: sbox_f = 8'h48; 8'hd5: sbox_f = 8'h03; 8'hd6: sbox_f = 8'hf6; 8'hd7: sbox_f = 8'h0e;
      8'hd8: sbox_f = 8'h61; 8'hd9: sbox_f = 8'h35; 8'hda: sbox_f = 8'h57; 8'hdb: sbox_f = 8'hb9;
      8'hdc: sbox_f = 8'h86; 8'hdd: sbox_f = 8'hc1; 8'hde: sbox_f = 8'h1d; 8'hdf: sbox_f = 8'h9e;
      8'he0: sbox_f = 8'he1; 8'he1: sbox_f = 8'hf8; 8'he2: sbox_f = 8'h98; 8'he3: sbox_f = 8'h11;
      8'he4: sbox_f = 8'h69; 8'he5: sbox_f = 8'hd9; 8'he6: sbox_f = 8'h8e; 8'he7: sbox_f = 8'h94;
      8'he8: sbox_f = 8'h9b; 8'he9: sbox_f = 8'h1e; 8'hea: sbox_f = 8'h87; 8'heb: sbox_f = 8'he9;
      8'hec: sbox_f = 8'hce; 8'hed: sbox_f = 8'h55; 8'hee: sbox_f = 8'h28; 8'hef: sbox_f = 8'hdf;
      8'hf0: sbox_f = 8'h8c; 8'hf1: sbox_f = 8'ha1; 8'hf2: sbox_f = 8'h89; 8'hf3: sbox_f = 8'h0d;
      8'hf4: sbox_f = 8'hbf; 8'hf5: sbox_f = 8'he6; 8'hf6: sbox_f = 8'h42; 8'hf7: sbox_f = 8'h68;
      8'hf8: sbox_f = 8'h41; 8'hf9: sbox_f = 8'h99; 8'hfa: sbox_f = 8'h2d; 8'hfb: sbox_f = 8'h0f;
      8'hfc: sbox_f = 8'hb0; 8'hfd: sbox_f = 8'h54; 8'hfe: sbox_f = 8'hbb; 8'hff: sbox_f = 8'h16;
      default: sbox_f = 8'h00;
    endcase
  endfunction

  // inverse S-box (FIPS-197 InvSubBytes), the table of vcrypto_aes_inv_sbox
  function automatic logic [7:0] inv_sbox_f(input logic [7:0] x);
    case (x)
      8'h00: inv_sbox_f = 8'h52; 8'h01: inv_sbox_f = 8'h09; 8'h02: inv_sbox_f = 8'h6a; 8'h03: inv_sbox_f = 8'hd5;
      8'h04: inv_sbox_f = 8'h30; 8'h05: inv_sbox_f = 8'h36; 8'h06: inv_sbox_f = 8'ha5; 8'h07: inv_sbox_f = 8'h38;
      8'h08: inv_sbox_f = 8'hbf; 8'h09: inv_sbox_f = 8'h40; 8'h0a: inv_sbox_f = 8'ha3; 8'h0b: inv_sbox_f = 8'h9e;
      8'h0c: inv_sbox_f = 8'h81; 8'h0d: inv_sbox_f = 8'hf3; 8'h0e: inv_sbox_f = 8'hd7; 8'h0f: inv_sbox_f = 8'hfb;
      8'h10: inv_sbox_f = 8'h7c; 8'h11: inv_sbox_f = 8'he3; 8'h12: inv_sbox_f = 8'h39; 8'h13: inv_sbox_f = 8'h82;
      8'h14: inv_sbox_f = 8'h9b; 8'h15: inv_sbox_f = 8'h2f; 8'h16: inv_sbox_f = 8'hff; 8'h17: inv_sbox_f = 8'h87;
      8'h18: inv_sbox_f = 8'h34; 8'h19: inv_sbox_f = 8'h8e; 8'h1a: inv_sbox_f = 8'h43; 8'h1b: inv_sbox_f = 8'h44;
      8'h1c: inv_sbox_f = 8'hc4; 8'h1d: inv_sbox_f = 8'hde; 8'h1e: inv_sbox_f = 8'he9; 8'h1f: inv_sbox_f = 8'hcb;
      8'h20: inv_sbox_f = 8'h54; 8'h21: inv_sbox_f = 8'h7b; 8'h22: inv_sbox_f = 8'h94; 8'h23: inv_sbox_f = 8'h32;
      8'h24: inv_sbox_f = 8'ha6; 8'h25: inv_sbox_f = 8'hc2; 8'h26: inv_sbox_f = 8'h23; 8'h27: inv_sbox_f = 8'h3d;
      8'h28: inv_sbox_f = 8'hee; 8'h29: inv_sbox_f = 8'h4c; 8'h2a: inv_sbox_f = 8'h95; 8'h2b: inv_sbox_f = 8'h0b;
      8'h2c: inv_sbox_f = 8'h42; 8'h2d: inv_sbox_f = 8'hfa; 8'h2e: inv_sbox_f = 8'hc3; 8'h2f: inv_sbox_f = 8'h4e;
      8'h30: inv_sbox_f = 8'h08; 8'h31: inv_sbox_f = 8'h2e; 8'h32: inv_sbox_f = 8'ha1; 8'h33: inv_sbox_f = 8'h66;
      8'h34: inv_sbox_f = 8'h28; 8'h35: inv_sbox_f = 8'hd9; 8'h36: inv_sbox_f = 8'h24; 8'h37: inv_sbox_f = 8'hb2;
      8'h38: inv_sbox_f = 8'h76; 8'h39: inv_sbox_f = 8'h5b; 8'h3a: inv_sbox_f = 8'ha2; 8'h3b: inv_sbox_f = 8'h49;
      8'h3c: inv_sbox_f = 8'h6d; 8'h3d: inv_sbox_f = 8'h8b; 8'h3e: inv_sbox_f = 8'hd1; 8'h3f: inv_sbox_f = 8'h25;
      8'h40: inv_sbox_f = 8'h72; 8'h41: inv_sbox_f = 8'hf8; 8'h42: inv_sbox_f = 8'hf6; 8'h43: inv_sbox_f = 8'h64;
      8'h44: inv_sbox_f = 8'h86; 8'h45: inv_sbox_f = 8'h68; 8'h46: inv_sbox_f = 8'h98; 8'h47: inv_sbox_f = 8'h16;
      8'h48: inv_sbox_f = 8'hd4; 8'h49: inv_sbox_f = 8'ha4; 8'h4a: inv_sbox_f = 8'h5c; 8'h4b: inv_sbox_f = 8'hcc;
      8'h4c: inv_sbox_f = 8'h5d; 8'h4d: inv_sbox_f = 8'h65; 8'h4e: inv_sbox_f = 8'hb6; 8'h4f: inv_sbox_f = 8'h92;
      8'h50: inv_sbox_f = 8'h6c; 8'h51: inv_sbox_f = 8'h70; 8'h52: inv_sbox_f = 8'h48; 8'h53: inv_sbox_f = 8'h50;
      8'h54: inv_sbox_f = 8'hfd; 8'h55: inv_sbox_f = 8'hed; 8'h56: inv_sbox_f = 8'hb9; 8'h57: inv_sbox_f = 8'hda;
      8'h58: inv_sbox_f = 8'h5e; 8'h59: inv_sbox_f = 8'h15; 8'h5a: inv_sbox_f = 8'h46; 8'h5b: inv_sbox_f = 8'h57;
      8'h5c: inv_sbox_f = 8'ha7; 8'h5d: inv_sbox_f = 8'h8d; 8'h5e: inv_sbox_f = 8'h9d; 8'h5f: inv_sbox_f = 8'h84;
      8'h60: inv_sbox_f = 8'h90; 8'h61: inv_sbox_f = 8'hd8; 8'h62: inv_sbox_f = 8'hab; 8'h63: inv_sbox_f = 8'h00;
      8'h64: inv_sbox_f = 8'h8c; 8'h65: inv_sbox_f = 8'hbc; 8'h66: inv_sbox_f = 8'hd3; 8'h67: inv_sbox_f = 8'h0a;
      8'h68: inv_sbox_f = 8'hf7; 8'h69: inv_sbox_f = 8'he4; 8'h6a: inv_sbox_f = 8'h58; 8'h6b: inv_sbox_f = 8'h05;
      8'h6c: inv_sbox_f = 8'hb8; 8'h6d: inv_sbox_f = 8'hb3; 8'h6e: inv_sbox_f = 8'h45; 8'h6f: inv_sbox_f = 8'h06;
      8'h70: inv_sbox_f = 8'hd0; 8'h71: inv_sbox_f = 8'h2c; 8'h72: inv_sbox_f = 8'h1e; 8'h73: inv_sbox_f = 8'h8f;
      8'h74: inv_sbox_f = 8'hca; 8'h75: inv_sbox_f = 8'h3f; 8'h76: inv_sbox_f = 8'h0f; 8'h77: inv_sbox_f = 8'h02;
      8'h78: inv_sbox_f = 8'hc1; 8'h79: inv_sbox_f = 8'haf; 8'h7a: inv_sbox_f = 8'hbd; 8'h7b: inv_sbox_f = 8'h03;
      8'h7c: inv_sbox_f = 8'h01; 8'h7d: inv_sbox_f = 8'h13; 8'h7e: inv_sbox_f = 8'h8a; 8'h7f: inv_sbox_f = 8'h6b;
      8'h80: inv_sbox_f = 8'h3a; 8'h81: inv_sbox_f = 8'h91; 8'h82: inv_sbox_f = 8'h11; 8'h83: inv_sbox_f = 8'h41;
      8'h84: inv_sbox_f = 8'h4f; 8'h85: inv_sbox_f = 8'h67; 8'h86: inv_sbox_f = 8'hdc; 8'h87: inv_sbox_f = 8'hea;
      8'h88: inv_sbox_f = 8'h97; 8'h89: inv_sbox_f = 8'hf2; 8'h8a: inv_sbox_f = 8'hcf; 8'h8b: inv_sbox_f = 8'hce;
      8'h8c: inv_sbox_f = 8'hf0; 8'h8d: inv_sbox_f = 8'hb4; 8'h8e: inv_sbox_f = 8'he6; 8'h8f: inv_sbox_f = 8'h73;
      8'h90: inv_sbox_f = 8'h96; 8'h91: inv_sbox_f = 8'hac; 8'h92: inv_sbox_f = 8'h74; 8'h93: inv_sbox_f = 8'h22;
      8'h94: inv_sbox_f = 8'he7; 8'h95: inv_sbox_f = 8'had; 8'h96: inv_sbox_f = 8'h35; 8'h97: inv_sbox_f = 8'h85;
      8'h98: inv_sbox_f = 8'he2; 8'h99: inv_sbox_f = 8'hf9; 8'h9a: inv_sbox_f = 8'h37; 8'h9b: inv_sbox_f = 8'he8;
      8'h9c: inv_sbox_f = 8'h1c; 8'h9d: inv_sbox_f = 8'h75; 8'h9e: inv_sbox_f = 8'hdf; 8'h9f: inv_sbox_f = 8'h6e;
      8'ha0: inv_sbox_f = 8'h47; 8'ha1: inv_sbox_f = 8'hf1; 8'ha2: inv_sbox_f = 8'h1a; 8'ha3: inv_sbox_f = 8'h71;
      8'ha4: inv_sbox_f = 8'h1d; 8'ha5: inv_sbox_f = 8'h29; 8'ha6: inv_sbox_f = 8'hc5; 8'ha7: inv_sbox_f = 8'h89;
      8'ha8: inv_sbox_f = 8'h6f; 8'ha9: inv_sbox_f = 8'hb7; 8'haa: inv_sbox_f = 8'h62; 8'hab: inv_sbox_f = 8'h0e;
      8'hac: inv_sbox_f = 8'haa; 8'had: inv_sbox_f = 8'h18; 8'hae: inv_sbox_f = 8'hbe; 8'haf: inv_sbox_f = 8'h1b;
      8'hb0: inv_sbox_f = 8'hfc; 8'hb1: inv_sbox_f = 8'h56; 8'hb2: inv_sbox_f = 8'h3e; 8'hb3: inv_sbox_f = 8'h4b;
      8'hb4: inv_sbox_f = 8'hc6; 8'hb5: inv_sbox_f = 8'hd2; 8'hb6: inv_sbox_f = 8'h79; 8'hb7: inv_sbox_f = 8'h20;
      8'hb8: inv_sbox_f = 8'h9a; 8'hb9: inv_sbox_f = 8'hdb; 8'hba: inv_sbox_f = 8'hc0; 8'hbb: inv_sbox_f = 8'hfe;
      8'hbc: inv_sbox_f = 8'h78; 8'hbd: inv_sbox_f = 8'hcd; 8'hbe: inv_sbox_f = 8'h5a; 8'hbf: inv_sbox_f = 8'hf4;
      8'hc0: inv_sbox_f = 8'h1f; 8'hc1: inv_sbox_f = 8'hdd; 8'hc2: inv_sbox_f = 8'ha8; 8'hc3: inv_sbox_f = 8'h33;
      8'hc4: inv_sbox_f = 8'h88; 8'hc5: inv_sbox_f = 8'h07; 8'hc6: inv_sbox_f = 8'hc7; 8'hc7: inv_sbox_f = 8'h31;
      8'hc8: inv_sbox_f = 8'hb1; 8'hc9: inv_sbox_f = 8'h12; 8'hca: inv_sbox_f = 8'h10; 8'hcb: inv_sbox_f = 8'h59;
      8'hcc: inv_sbox_f = 8'h27; 8'hcd: inv_sbox_f = 8'h80; 8'hce: inv_sbox_f = 8'hec; 8'hcf: inv_sbox_f = 8'h5f;
      8'hd0: inv_sbox_f = 8'h60; 8'hd1: inv_sbox_f = 8'h51; 8'hd2: inv_sbox_f = 8'h7f; 8'hd3: inv_sbox_f = 8'ha9;
      8'hd4: inv_sbox_f = 8'h19; 8'hd5: inv_sbox_f = 8'hb5; 8'hd6: inv_sbox_f = 8'h4a; 8'hd7: inv_sbox_f = 8'h0d;
      8'hd8: inv_sbox_f = 8'h2d; 8'hd9: inv_sbox_f = 8'he5; 8'hda: inv_sbox_f = 8'h7a; 8'hdb: inv_sbox_f = 8'h9f;
      8'hdc: inv_sbox_f = 8'h93; 8'hdd: inv_sbox_f = 8'hc9; 8'hde: inv_sbox_f = 8'h9c; 8'hdf: inv_sbox_f = 8'hef;
      8'he0: inv_sbox_f = 8'ha0; 8'he1: inv_sbox_f = 8'he0; 8'he2: inv_sbox_f = 8'h3b; 8'he3: inv_sbox_f = 8'h4d;
      8'he4: inv_sbox_f = 8'hae; 8'he5: inv_sbox_f = 8'h2a; 8'he6: inv_sbox_f = 8'hf5; 8'he7: inv_sbox_f = 8'hb0;
      8'he8: inv_sbox_f = 8'hc8; 8'he9: inv_sbox_f = 8'heb; 8'hea: inv_sbox_f = 8'hbb; 8'heb: inv_sbox_f = 8'h3c;
      8'hec: inv_sbox_f = 8'h83; 8'hed: inv_sbox_f = 8'h53; 8'hee: inv_sbox_f = 8'h99; 8'hef: inv_sbox_f = 8'h61;
      8'hf0: inv_sbox_f = 8'h17; 8'hf1: inv_sbox_f = 8'h2b; 8'hf2: inv_sbox_f = 8'h04; 8'hf3: inv_sbox_f = 8'h7e;
      8'hf4: inv_sbox_f = 8'hba; 8'hf5: inv_sbox_f = 8'h77; 8'hf6: inv_sbox_f = 8'hd6; 8'hf7: inv_sbox_f = 8'h26;
      8'hf8: inv_sbox_f = 8'he1; 8'hf9: inv_sbox_f = 8'h69; 8'hfa: inv_sbox_f = 8'h14; 8'hfb: inv_sbox_f = 8'h63;
      8'hfc: inv_sbox_f = 8'h55; 8'hfd: inv_sbox_f = 8'h21; 8'hfe: inv_sbox_f = 8'h0c; 8'hff: inv_sbox_f = 8'h7d;
      default: inv_sbox_f = 8'h00;
    endcase
  endfunction

  // {02} * b in GF(2^8) mod x^8+x^4+x^3+x+1
  function automatic logic [7:0] xt_f(input logic [7:0] b);
    xt_f = {b[6:0], 1'b0} ^ (b[7] ? 8'h1b : 8'h00);
  endfunction

  // One encryption round (as vcrypto_aes_enc_round): SubBytes, ShiftRows, MixColumns (not in
  // the last round), AddRoundKey. Byte i of the state is row i%4, column i/4.
  function automatic logic [127:0] enc_round_f(input logic [127:0] st, input logic [127:0] rk,
                                               input logic last);
    logic [127:0] sh;
    logic [127:0] mx;
    logic [31:0]  a;                   // one column, row r at [8*r +: 8]
    for (int c = 0; c < 4; c++) begin
      for (int r = 0; r < 4; r++) begin
        sh[8*(r + 4*c) +: 8] = sbox_f(st[8*(r + 4*((c + r) % 4)) +: 8]);
      end
    end
    for (int c = 0; c < 4; c++) begin
      a = sh[32*c +: 32];
      for (int r = 0; r < 4; r++) begin
        mx[8*(r + 4*c) +: 8] = xt_f(a[8*r +: 8]) ^ xt_f(a[8*((r+1)%4) +: 8]) ^
                               a[8*((r+1)%4) +: 8] ^ a[8*((r+2)%4) +: 8] ^ a[8*((r+3)%4) +: 8];
      end
    end
    enc_round_f = (last ? sh : mx) ^ rk;
  endfunction

  // One inverse-cipher round (as vcrypto_aes_dec_round): InvShiftRows, InvSubBytes,
  // AddRoundKey, InvMixColumns (not in the last round).
  function automatic logic [127:0] dec_round_f(input logic [127:0] st, input logic [127:0] rk,
                                               input logic last);
    logic [127:0] ak;
    logic [127:0] mx;
    logic [31:0]  a;                   // one column and its multiples {02}, {04}, {08}
    logic [31:0]  a2;
    logic [31:0]  a4;
    logic [31:0]  a8;
    for (int c = 0; c < 4; c++) begin
      for (int r = 0; r < 4; r++) begin
        ak[8*(r + 4*((c + r) % 4)) +: 8] = inv_sbox_f(st[8*(r + 4*c) +: 8]);
      end
    end
    ak = ak ^ rk;
    for (int c = 0; c < 4; c++) begin
      a = ak[32*c +: 32];
      for (int r = 0; r < 4; r++) begin
        a2[8*r +: 8] = xt_f(a[8*r +: 8]);
        a4[8*r +: 8] = xt_f(a2[8*r +: 8]);
        a8[8*r +: 8] = xt_f(a4[8*r +: 8]);
      end
      // b_r = e*a_r ^ b*a_{r+1} ^ d*a_{r+2} ^ 9*a_{r+3}
      for (int r = 0; r < 4; r++) begin
        mx[8*(r + 4*c) +: 8] = (a8[8*r +: 8] ^ a4[8*r +: 8] ^ a2[8*r +: 8]) ^
                               (a8[8*((r+1)%4) +: 8] ^ a2[8*((r+1)%4) +: 8] ^ a[8*((r+1)%4) +: 8]) ^
                               (a8[8*((r+2)%4) +: 8] ^ a4[8*((r+2)%4) +: 8] ^ a[8*((r+2)%4) +: 8]) ^
                               (a8[8*((r+3)%4) +: 8] ^ a[8*((r+3)%4) +: 8]);
      end
    end
    dec_round_f = last ? ak : mx;
  endfunction

  if (PIPELINED && NUM_PORTS == 1) begin : g_pipe
    // Number of round stages (AES-256).
    localparam int unsigned NS = 14;

    // ------------------------------------------------------------ key schedule
    logic          ks_load;
    logic          ks_hit;
    logic          ks_busy;
    logic          ks_ok;
    logic [1:0]    ks_klen;
    logic [1919:0] ks_w;

    vcrypto_aes_key_sched u_ks (
      .clk_i     (clk_i),
      .rst_i     (rst_i),
      .load_i    (ks_load),
      .key_i     (key_i),
      .key_len_i (key_len_i),
      .hit_o     (ks_hit),
      .busy_o    (ks_busy),
      .ok_o      (ks_ok),
      .klen_o    (ks_klen),
      .w_o       (ks_w)
    );

    // ------------------------------------------------------------ registers
    // (flat vectors with one slice per stage: Yosys copies no whole unpacked arrays)
    logic [(NS+1)*128-1:0]    st_q, st_d;   // state after stage s at [128*s +: 128] (s = 0 unused)
    logic [(NS+1)*USER_W-1:0] us_q, us_d;   // its side information at [USER_W*s +: USER_W]
    logic [NS:0]       v_q, v_d;      // stage s holds a block
    logic [NS:0]       dr_q, dr_d;    // its direction (1: decrypt)
    // output FIFO, two entries
    logic [2*128-1:0]         of_data_q, of_data_d;   // entry i at [128*i +: 128]
    logic [2*USER_W-1:0]      of_user_q, of_user_d;
    logic [1:0]        of_cnt_q, of_cnt_d;
    logic              of_wp_q, of_wp_d;
    logic              of_rp_q, of_rp_d;

    logic adv;                        // the pipeline moves this clock
    logic fire;
    logic dec_in;
    logic [3:0] p0;                   // entry stage 15-Nr
    logic [3:0] nr;

    always_comb begin
      case (ks_klen)
        2'd0:    begin nr = 4'd10; p0 = 4'd5; end
        2'd1:    begin nr = 4'd12; p0 = 4'd3; end
        default: begin nr = 4'd14; p0 = 4'd1; end
      endcase
    end

    assign adv         = (of_cnt_q != 2'd2);
    assign in_ready_o  = adv && ks_ok && !ks_busy;
    assign fire        = in_valid_i && in_ready_o;
    assign dec_in      = DECRYPT ? in_decrypt_i : 1'b0;
    assign key_ready_o = !ks_busy && (v_q == '0);
    assign ks_load     = key_valid_i && key_ready_o && !ks_hit;

    // initial AddRoundKey: round key 0 (encrypt) or Nr (decrypt)
    logic [127:0] in_ark;
    logic [3:0]   rk0_idx;
    assign rk0_idx = dec_in ? nr : 4'd0;
    assign in_ark  = in_data_i ^ ks_w[128*rk0_idx +: 128];

    // ------------------------------------------------------------ round stages
    // The rounds are functions called only for a stage that receives a block this clock:
    // synthesis builds the same round logic per stage (with a register enable), and a
    // simulator spends no time on empty stages.
    logic push;
    logic pop;
    assign push = adv && v_q[NS];
    assign pop  = (of_cnt_q != 2'd0) && out_ready_i;

    // One process per stage (small processes keep synthesis front ends fast); each drives its
    // slice of the next-state vectors below.
    logic [(NS+1)*128-1:0]    st_n;
    logic [(NS+1)*USER_W-1:0] us_n;
    logic [NS:0]              v_n;
    logic [NS:0]              dr_n;

    assign st_n[127:0]      = st_q[127:0];
    assign us_n[USER_W-1:0] = us_q[USER_W-1:0];
    assign v_n[0]           = 1'b0;
    assign dr_n[0]          = 1'b0;

    for (genvar s = 1; s <= NS; s++) begin : g_stage
      logic [127:0]      in_st;
      logic              in_v;
      logic              in_dr;
      logic [USER_W-1:0] in_us;
      logic [3:0]        ridx;
      logic [127:0]      nst;
      logic [USER_W-1:0] nus;
      logic              nv;
      logic              ndr;

      always_comb begin
        if (4'(s) == p0) begin
          in_st = in_ark;
          in_v  = fire;
          in_dr = dec_in;
          in_us = in_user_i;
        end else begin
          in_st = st_q[128*(s-1) +: 128];
          in_v  = v_q[s-1];
          in_dr = dr_q[s-1];
          in_us = us_q[USER_W*(s-1) +: USER_W];
        end
        // encryption round s-14+Nr, inverse-cipher round key 14-s
        ridx = 4'(s) - 4'(NS) + nr;
        nst  = st_q[128*s +: 128];
        nus  = us_q[USER_W*s +: USER_W];
        nv   = v_q[s];
        ndr  = dr_q[s];
        if (adv) begin
          nv = in_v;
          if (in_v) begin
            ndr = in_dr;
            nus = in_us;
            if (DECRYPT && in_dr) begin
              nst = dec_round_f(in_st, ks_w[128*(NS-s) +: 128], s == NS);
            end else begin
              nst = enc_round_f(in_st, ks_w[128*ridx +: 128], s == NS);
            end
          end
        end
      end

      assign st_n[128*s +: 128]      = nst;
      assign us_n[USER_W*s +: USER_W] = nus;
      assign v_n[s]                  = nv;
      assign dr_n[s]                 = ndr;
    end

    always_comb begin
      st_d      = st_n;
      us_d      = us_n;
      v_d       = v_n;
      dr_d      = dr_n;
      of_data_d = of_data_q;
      of_user_d = of_user_q;
      of_cnt_d  = of_cnt_q;
      of_wp_d   = of_wp_q;
      of_rp_d   = of_rp_q;

      v_d[0]  = 1'b0;
      dr_d[0] = 1'b0;

      // output FIFO
      if (push) begin
        of_data_d[128*of_wp_q +: 128]       = st_q[128*NS +: 128];
        of_user_d[USER_W*of_wp_q +: USER_W] = us_q[USER_W*NS +: USER_W];
        of_wp_d                             = !of_wp_q;
      end
      if (pop) of_rp_d = !of_rp_q;
      case ({push, pop})
        2'b10:   of_cnt_d = of_cnt_q + 2'd1;
        2'b01:   of_cnt_d = of_cnt_q - 2'd1;
        default: of_cnt_d = of_cnt_q;
      endcase
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        v_q      <= '0;
        dr_q     <= '0;
        of_cnt_q <= 2'd0;
        of_wp_q  <= 1'b0;
        of_rp_q  <= 1'b0;
      end else begin
        v_q      <= v_d;
        dr_q     <= dr_d;
        of_cnt_q <= of_cnt_d;
        of_wp_q  <= of_wp_d;
        of_rp_q  <= of_rp_d;
      end
    end

    // Datapath registers need no reset (qualified by v_q / of_cnt_q).
    always_ff @(posedge clk_i) begin
      st_q      <= st_d;
      us_q      <= us_d;
      of_data_q <= of_data_d;
      of_user_q <= of_user_d;
    end

    assign out_valid_o = (of_cnt_q != 2'd0);
    assign out_data_o  = of_data_q[128*of_rp_q +: 128];
    assign out_user_o  = of_user_q[USER_W*of_rp_q +: USER_W];

    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_pipe;
    assign unused_pipe = ^{st_q[127:0], us_q[USER_W-1:0]};
    /* verilator lint_on UNUSEDSIGNAL */

  end else if (PIPELINED) begin : g_pool
    // Number of round stages (AES-256).
    localparam int unsigned NS = 14;
    // Width of a port number.
    localparam int unsigned PW = $clog2(NUM_PORTS);
    // Width of a return-FIFO pointer.
    localparam int unsigned FW = $clog2(RET_DEPTH);
    // Width of a block count 0..RET_DEPTH.
    localparam int unsigned CW = $clog2(RET_DEPTH + 1);
    // Round-key schedule of one port.
    localparam int unsigned KW = 15 * 128;

    // ------------------------------------------------------------ key schedules, one per port
    logic [NUM_PORTS-1:0]      ks_load;
    logic [NUM_PORTS-1:0]      ks_hit;
    logic [NUM_PORTS-1:0]      ks_busy;
    logic [NUM_PORTS-1:0]      ks_ok;
    logic [NUM_PORTS*2-1:0]    ks_klen;
    logic [NUM_PORTS*KW-1:0]   ks_w;

    for (genvar p = 0; p < NUM_PORTS; p++) begin : g_ks
      vcrypto_aes_key_sched u_ks (
        .clk_i     (clk_i),
        .rst_i     (rst_i),
        .load_i    (ks_load[p]),
        .key_i     (key_i[256*p +: 256]),
        .key_len_i (key_len_i[2*p +: 2]),
        .hit_o     (ks_hit[p]),
        .busy_o    (ks_busy[p]),
        .ok_o      (ks_ok[p]),
        .klen_o    (ks_klen[2*p +: 2]),
        .w_o       (ks_w[KW*p +: KW])
      );
    end

    // ------------------------------------------------------------ registers
    // round stages (slice s of each vector; s = 0 unused)
    logic [(NS+1)*128-1:0]    st_q, st_d;
    logic [(NS+1)*USER_W-1:0] us_q, us_d;
    logic [(NS+1)*PW-1:0]     pt_q, pt_d;      // the block's port
    logic [NS:0]              v_q, v_d;
    logic [NS:0]              dr_q, dr_d;
    // input registers, one per port
    logic [NUM_PORTS-1:0]        ib_v_q, ib_v_d;
    logic [NUM_PORTS-1:0]        ib_dr_q, ib_dr_d;
    logic [NUM_PORTS*128-1:0]    ib_data_q, ib_data_d;
    logic [NUM_PORTS*USER_W-1:0] ib_user_q, ib_user_d;
    // return FIFOs, one per port (a small RAM each, g_rf below): pointers, count, head entry
    logic [NUM_PORTS*128-1:0]    rf_head_data;
    logic [NUM_PORTS*USER_W-1:0] rf_head_user;
    logic [NUM_PORTS*FW-1:0]     rf_wp_q, rf_wp_d;
    logic [NUM_PORTS*FW-1:0]     rf_rp_q, rf_rp_d;
    logic [NUM_PORTS*CW-1:0]     rf_cnt_q, rf_cnt_d;
    // credits: blocks a port handed in and has not yet taken back
    logic [NUM_PORTS*CW-1:0]     owed_q, owed_d;
    logic [PW-1:0]               rr_q, rr_d;   // first port the arbiter looks at

    // ------------------------------------------------------------ per-port decodes
    logic [NUM_PORTS*4-1:0] nr;             // Nr of the port's key
    logic [NUM_PORTS*4-1:0] p0;             // its entry stage 15-Nr
    logic [NUM_PORTS-1:0]   entry_ok;       // its entry stage is not filled from behind
    logic [NUM_PORTS-1:0]   in_stages;      // one of its blocks is in the rounds
    logic [NUM_PORTS-1:0]   grant;          // its input register enters the rounds
    logic [NUM_PORTS-1:0]   in_fire;
    logic [NUM_PORTS-1:0]   direct;         // the last stage's block goes straight out
    logic [NUM_PORTS-1:0]   pop;            // the FIFO head goes out
    logic [NUM_PORTS-1:0]   push;           // the last stage's block goes into the FIFO
    logic                   g_any;
    logic [PW-1:0]          g_idx;

    always_comb begin
      for (int p = 0; p < NUM_PORTS; p++) begin
        case (ks_klen[2*p +: 2])
          2'd0:    begin nr[4*p +: 4] = 4'd10; p0[4*p +: 4] = 4'd5; end
          2'd1:    begin nr[4*p +: 4] = 4'd12; p0[4*p +: 4] = 4'd3; end
          default: begin nr[4*p +: 4] = 4'd14; p0[4*p +: 4] = 4'd1; end
        endcase
        entry_ok[p]  = (p0[4*p +: 4] == 4'd1) || !v_q[p0[4*p +: 4] - 4'd1];
        in_stages[p] = 1'b0;
        for (int s = 1; s <= NS; s++) begin
          if (v_q[s] && pt_q[PW*s +: PW] == PW'(p)) in_stages[p] = 1'b1;
        end
      end
      // round-robin from rr_q among the waiting input registers that may enter
      g_any = 1'b0;
      g_idx = rr_q;
      for (int k = NUM_PORTS - 1; k >= 0; k--) begin
        if (ib_v_q[(int'(rr_q) + k) % NUM_PORTS] && entry_ok[(int'(rr_q) + k) % NUM_PORTS]) begin
          g_any = 1'b1;
          g_idx = PW'((int'(rr_q) + k) % NUM_PORTS);
        end
      end
      grant = '0;
      if (g_any) grant[g_idx] = 1'b1;
      for (int p = 0; p < NUM_PORTS; p++) begin
        in_ready_o[p]  = ks_ok[p] && !ks_busy[p] && (owed_q[CW*p +: CW] != CW'(RET_DEPTH))
                         && (!ib_v_q[p] || grant[p]);
        key_ready_o[p] = !ks_busy[p] && !ib_v_q[p] && !in_stages[p];
        // results: the FIFO head, or the last stage's block when the FIFO is empty
        if (rf_cnt_q[CW*p +: CW] != '0) begin
          out_valid_o[p] = 1'b1;
          out_data_o[128*p +: 128]       = rf_head_data[128*p +: 128];
          out_user_o[USER_W*p +: USER_W] = rf_head_user[USER_W*p +: USER_W];
        end else begin
          out_valid_o[p] = v_q[NS] && pt_q[PW*NS +: PW] == PW'(p);
          out_data_o[128*p +: 128]        = st_q[128*NS +: 128];
          out_user_o[USER_W*p +: USER_W]  = us_q[USER_W*NS +: USER_W];
        end
      end
    end

    // handshakes (kept apart from the decodes above: the ready and valid outputs depend on
    // registers only, so a client may answer them combinationally)
    always_comb begin
      for (int p = 0; p < NUM_PORTS; p++) begin
        ks_load[p] = key_valid_i[p] && key_ready_o[p] && !ks_hit[p];
        in_fire[p] = in_valid_i[p] && in_ready_o[p];
        pop[p]     = out_valid_o[p] && out_ready_i[p] && (rf_cnt_q[CW*p +: CW] != '0);
        direct[p]  = out_valid_o[p] && out_ready_i[p] && (rf_cnt_q[CW*p +: CW] == '0);
        push[p]    = v_q[NS] && pt_q[PW*NS +: PW] == PW'(p) && !direct[p];
      end
    end

    // Round keys are picked per port first (a constant port, a few candidate rounds), then by
    // the block's port: one variable select over every port's whole schedule would be a
    // NUM_PORTS * 1920-bit shifter per stage.
    // initial AddRoundKey of the granted block: round key 0 (encrypt) or Nr (decrypt)
    logic [127:0] rk_first [NUM_PORTS];
    for (genvar p = 0; p < NUM_PORTS; p++) begin : g_rk_first
      logic [KW-1:0] w;
      assign w           = ks_w[KW*p +: KW];
      assign rk_first[p] = ib_dr_q[p] ? w[128*nr[4*p +: 4] +: 128] : w[127:0];
    end

    logic [127:0] in_ark;
    logic         in_dr;
    logic [3:0]   in_p0;
    always_comb begin
      in_dr  = ib_dr_q[g_idx];
      in_p0  = p0[4*g_idx +: 4];
      in_ark = ib_data_q[128*g_idx +: 128] ^ rk_first[g_idx];
    end

    // ------------------------------------------------------------ round stages
    logic [(NS+1)*128-1:0]    st_n;
    logic [(NS+1)*USER_W-1:0] us_n;
    logic [(NS+1)*PW-1:0]     pt_n;
    logic [NS:0]              v_n;
    logic [NS:0]              dr_n;

    assign st_n[127:0]      = st_q[127:0];
    assign us_n[USER_W-1:0] = us_q[USER_W-1:0];
    assign pt_n[PW-1:0]     = pt_q[PW-1:0];
    assign v_n[0]           = 1'b0;
    assign dr_n[0]          = 1'b0;

    for (genvar s = 1; s <= NS; s++) begin : g_stage
      logic [127:0]      i_st;
      logic              i_v;
      logic              i_dr;
      logic [USER_W-1:0] i_us;
      logic [PW-1:0]     i_pt;
      logic [127:0]      nst;
      // every port's round key for this stage: encryption round s-14+Nr, inverse-cipher 14-s
      logic [127:0]      rk_enc [NUM_PORTS];
      logic [127:0]      rk_dec [NUM_PORTS];

      for (genvar p = 0; p < NUM_PORTS; p++) begin : g_rk
        logic [KW-1:0] w;
        logic [3:0]    ridx;
        assign w         = ks_w[KW*p +: KW];
        assign ridx      = 4'(s) - 4'(NS) + nr[4*p +: 4];
        assign rk_enc[p] = w[128*ridx +: 128];
        assign rk_dec[p] = w[128*(NS-s) +: 128];
      end

      always_comb begin
        if (g_any && 4'(s) == in_p0) begin
          i_st = in_ark;
          i_v  = 1'b1;
          i_dr = in_dr;
          i_us = ib_user_q[USER_W*g_idx +: USER_W];
          i_pt = g_idx;
        end else begin
          i_st = st_q[128*(s-1) +: 128];
          i_v  = v_q[s-1];
          i_dr = dr_q[s-1];
          i_us = us_q[USER_W*(s-1) +: USER_W];
          i_pt = pt_q[PW*(s-1) +: PW];
        end
        // the round with the block's own key
        nst = st_q[128*s +: 128];
        if (i_v) begin
          if (DECRYPT && i_dr) begin
            nst = dec_round_f(i_st, rk_dec[i_pt], s == NS);
          end else begin
            nst = enc_round_f(i_st, rk_enc[i_pt], s == NS);
          end
        end
      end

      assign st_n[128*s +: 128]       = nst;
      assign us_n[USER_W*s +: USER_W] = i_v ? i_us : us_q[USER_W*s +: USER_W];
      assign pt_n[PW*s +: PW]         = i_v ? i_pt : pt_q[PW*s +: PW];
      assign v_n[s]                   = i_v;
      assign dr_n[s]                  = i_v ? i_dr : dr_q[s];
    end

    // ------------------------------------------------------------ next state
    always_comb begin
      st_d      = st_n;
      us_d      = us_n;
      pt_d      = pt_n;
      v_d       = v_n;
      dr_d      = dr_n;
      ib_v_d    = ib_v_q;
      ib_dr_d   = ib_dr_q;
      ib_data_d = ib_data_q;
      ib_user_d = ib_user_q;
      rf_wp_d   = rf_wp_q;
      rf_rp_d   = rf_rp_q;
      rf_cnt_d  = rf_cnt_q;
      owed_d    = owed_q;
      rr_d      = g_any ? PW'((int'(g_idx) + 1) % NUM_PORTS) : rr_q;

      for (int p = 0; p < NUM_PORTS; p++) begin
        // input register
        if (grant[p]) ib_v_d[p] = 1'b0;
        if (in_fire[p]) begin
          ib_v_d[p]                      = 1'b1;
          ib_dr_d[p]                     = DECRYPT ? in_decrypt_i[p] : 1'b0;
          ib_data_d[128*p +: 128]        = in_data_i[128*p +: 128];
          ib_user_d[USER_W*p +: USER_W]  = in_user_i[USER_W*p +: USER_W];
        end
        // return FIFO: the last stage's block unless it went straight out
        if (push[p]) rf_wp_d[FW*p +: FW] = rf_wp_q[FW*p +: FW] + FW'(1);
        if (pop[p]) rf_rp_d[FW*p +: FW] = rf_rp_q[FW*p +: FW] + FW'(1);
        case ({push[p], pop[p]})
          2'b10:   rf_cnt_d[CW*p +: CW] = rf_cnt_q[CW*p +: CW] + CW'(1);
          2'b01:   rf_cnt_d[CW*p +: CW] = rf_cnt_q[CW*p +: CW] - CW'(1);
          default: ;
        endcase
        case ({in_fire[p], out_valid_o[p] && out_ready_i[p]})
          2'b10:   owed_d[CW*p +: CW] = owed_q[CW*p +: CW] + CW'(1);
          2'b01:   owed_d[CW*p +: CW] = owed_q[CW*p +: CW] - CW'(1);
          default: ;
        endcase
        // flush: the port's engine is being reset, none of its blocks may come back
        if (flush_i[p]) begin
          ib_v_d[p]            = 1'b0;
          rf_rp_d[FW*p +: FW]  = rf_wp_d[FW*p +: FW];
          rf_cnt_d[CW*p +: CW] = '0;
          owed_d[CW*p +: CW]   = '0;
        end
      end
      for (int s = 1; s <= NS; s++) begin
        if (flush_i[pt_n[PW*s +: PW]]) v_d[s] = 1'b0;
      end
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        v_q      <= '0;
        dr_q     <= '0;
        ib_v_q   <= '0;
        rf_wp_q  <= '0;
        rf_rp_q  <= '0;
        rf_cnt_q <= '0;
        owed_q   <= '0;
        rr_q     <= '0;
      end else begin
        v_q      <= v_d;
        dr_q     <= dr_d;
        ib_v_q   <= ib_v_d;
        rf_wp_q  <= rf_wp_d;
        rf_rp_q  <= rf_rp_d;
        rf_cnt_q <= rf_cnt_d;
        owed_q   <= owed_d;
        rr_q     <= rr_d;
      end
    end

    // Datapath registers need no reset (qualified by the valid bits and counts above).
    always_ff @(posedge clk_i) begin
      st_q      <= st_d;
      us_q      <= us_d;
      pt_q      <= pt_d;
      ib_dr_q   <= ib_dr_d;
      ib_data_q <= ib_data_d;
      ib_user_q <= ib_user_d;
    end

    // The return FIFOs' storage: written by the last stage, read at the read pointer.
    for (genvar p = 0; p < NUM_PORTS; p++) begin : g_rf
      logic [127:0]      mem_data [RET_DEPTH];
      logic [USER_W-1:0] mem_user [RET_DEPTH];
      always_ff @(posedge clk_i) begin
        if (push[p]) begin
          mem_data[rf_wp_q[FW*p +: FW]] <= st_q[128*NS +: 128];
          mem_user[rf_wp_q[FW*p +: FW]] <= us_q[USER_W*NS +: USER_W];
        end
      end
      assign rf_head_data[128*p +: 128]       = mem_data[rf_rp_q[FW*p +: FW]];
      assign rf_head_user[USER_W*p +: USER_W] = mem_user[rf_rp_q[FW*p +: FW]];
    end

    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_pool;
    assign unused_pool = ^{st_q[127:0], us_q[USER_W-1:0], pt_q[PW-1:0]};
    /* verilator lint_on UNUSEDSIGNAL */

  end else begin : g_iter
    // ------------------------------------------------------------ iterative core + side FIFO
    logic              c_in_ready;
    logic              c_out_valid;
    logic              fire;
    logic [2*USER_W-1:0] sf_q, sf_d;   // entry i at [USER_W*i +: USER_W]
    logic              sf_wp_q, sf_wp_d;
    logic              sf_rp_q, sf_rp_d;

    vcrypto_aes_core u_core (
      .clk_i        (clk_i),
      .rst_i        (rst_i),
      .key_valid_i  (key_valid_i),
      .key_ready_o  (key_ready_o),
      .key_i        (key_i),
      .key_len_i    (key_len_i),
      .in_valid_i   (in_valid_i),
      .in_ready_o   (c_in_ready),
      .in_data_i    (in_data_i),
      .in_decrypt_i (DECRYPT ? in_decrypt_i : 1'b0),
      .out_valid_o  (c_out_valid),
      .out_ready_i  (out_ready_i),
      .out_data_o   (out_data_o)
    );

    // the core holds at most two blocks (round loop + output register)
    assign in_ready_o  = c_in_ready;
    assign out_valid_o = c_out_valid;
    assign fire        = in_valid_i && c_in_ready;

    always_comb begin
      sf_d    = sf_q;
      sf_wp_d = sf_wp_q;
      sf_rp_d = sf_rp_q;
      if (fire) begin
        sf_d[USER_W*sf_wp_q +: USER_W] = in_user_i;
        sf_wp_d       = !sf_wp_q;
      end
      if (c_out_valid && out_ready_i) sf_rp_d = !sf_rp_q;
    end

    always_ff @(posedge clk_i) begin
      if (rst_i) begin
        sf_wp_q <= 1'b0;
        sf_rp_q <= 1'b0;
      end else begin
        sf_wp_q <= sf_wp_d;
        sf_rp_q <= sf_rp_d;
      end
    end

    always_ff @(posedge clk_i) begin
      sf_q <= sf_d;
    end

    assign out_user_o = sf_q[USER_W*sf_rp_q +: USER_W];
  end

endmodule
