// SimConsole against the fake simulator, through a pty and through pipes.
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SimCommandError, SimulatorError } from '../../src/bridge/errors.ts';
import type { SimConsole } from '../../src/bridge/sim-console.ts';
import { startFake, TRANSPORTS } from './fake-sim.ts';

describe.each(TRANSPORTS)('SimConsole over %s', (transport) => {
  let con: SimConsole | undefined;
  afterEach(async () => {
    await con?.close().catch(() => undefined);
    con = undefined;
  });

  it('parses the READY banner', async () => {
    con = await startFake(transport, ['--chatter-before-ready', '3']);
    expect(con.transportKind).toBe(transport);
    expect(con.banner.proto).toBe(1);
    expect(con.banner.memBase).toBe(0x1_0000_0000n);
    expect(con.banner.memSize).toBe(0x10_0000n);
    expect(con.banner.msiBase).toBe(0xfee0_0000n);
    expect(con.banner.msiSize).toBe(0x10_0000n);
    expect(con.banner.dataWidth).toBe(128);
    expect(con.banner.dataQueues).toBe(4);
    expect(con.banner.qsizeMax).toBe(256);
    expect(fs.existsSync(con.banner.memPath)).toBe(true);
    expect(con.outputTail()).toContain('starting 2');
  });

  it('matches pipelined replies in order', async () => {
    con = await startFake(transport);
    const n = 3000;
    const replies = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? con!.run(1) : con!.echo(`w${i}`)));
    const got = await Promise.all(replies);
    let cycles = 0;
    got.forEach((r, i) => {
      if (i % 3 === 0) expect(r).toBe(++cycles);
      else expect(r).toBe(`w${i}`);
    });
    expect(con.pendingCount).toBe(0);
    expect(con.cycle).toBe(cycles);
  });

  it('keeps chatter lines out of the reply stream', async () => {
    con = await startFake(transport);
    const seen: string[] = [];
    con.onLine((l) => seen.push(l));
    const [a, , b] = await Promise.all([con.echo('a'), con.command('burst 50'), con.echo('b')]);
    expect([a, b]).toEqual(['a', 'b']);
    expect(seen.filter((l) => l.startsWith('chatter ')).length).toBe(50);
  });

  it('surfaces the error of a posted command on the next awaited call', async () => {
    con = await startFake(transport);
    con.post('bogus1');
    con.post('echo fine');
    const err = await con.echo('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimCommandError);
    expect((err as SimCommandError).command).toBe('bogus1');
    // Reported once: the next call succeeds.
    await expect(con.echo('y')).resolves.toBe('y');
  });

  it('rejects an awaited command answered with err', async () => {
    con = await startFake(transport);
    await expect(con.command('nonsense')).rejects.toThrow(/unknown command nonsense/);
    await expect(con.echo('still')).resolves.toBe('still');
  });

  it('idle() resolves once every reply arrived', async () => {
    con = await startFake(transport);
    for (let i = 0; i < 100; i++) con.post('run 1');
    expect(con.pendingCount).toBeGreaterThan(0);
    await con.idle();
    expect(con.pendingCount).toBe(0);
  });

  it('loses no output in the shutdown handshake', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await startFake(transport, ['--quit-chatter', '400']);
      const memPath = c.banner.memPath;
      const lines: string[] = [];
      c.onLine((l) => lines.push(l));
      await c.echo('before');
      const exit = await c.close();
      expect(lines.filter((l) => l.startsWith('log ')).length).toBe(400);
      expect(lines[lines.length - 1]).toBe('bye');
      expect(exit.code).toBe(0);
      expect(fs.existsSync(memPath)).toBe(false);
      await expect(c.echo('after')).rejects.toBeInstanceOf(SimulatorError);
    }
  });

  it('rejects pending and future calls with the last output when the simulator prints FATAL', async () => {
    con = await startFake(transport, [], '/tmp/fake-wave.fst');
    await con.command('say hello there');
    const before = con.echo('ok-before');
    const crash = con.command('crash assertion x failed');
    const after = con.echo('never');
    await expect(before).resolves.toBe('ok-before');
    const err = (await crash.catch((e: unknown) => e)) as SimulatorError;
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err.message).toMatch(/FATAL assertion x failed/);
    expect(err.tail).toContain('about to crash 2');
    expect(err.tail.some((l) => l.includes('about to crash 3'))).toBe(true);
    expect(err.tail).toContain('hello there');
    expect(err.tracePath).toBe('/tmp/fake-wave.fst');
    expect(err.message).toMatch(/waveform: \/tmp\/fake-wave\.fst/);
    await expect(after).rejects.toBe(err);
    await expect(con.run(1)).rejects.toBe(err);
    expect(() => con!.post('run 1')).not.toThrow();
    await expect(con.close()).resolves.toBeDefined();
  });

  it('rejects with the last output when the simulator exits without FATAL', async () => {
    con = await startFake(transport);
    const p = con.command('die');
    const err = (await p.catch((e: unknown) => e)) as SimulatorError;
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err.message).toMatch(/exited unexpectedly \(code 3/);
    expect(err.tail).toContain('dying quietly');
    expect(err.tracePath).toBeUndefined();
    await expect(con.echo('x')).rejects.toBe(err);
  });

  it('fails start-up with the output when the simulator exits before READY', async () => {
    const err = (await startFake(transport, ['--exit-before-ready']).catch((e: unknown) => e)) as SimulatorError;
    expect(err).toBeInstanceOf(SimulatorError);
    expect(err.message).toMatch(/before READY/);
    expect(err.tail.join('\n')).toMatch(/cannot open something/);
  });

  it('parses structured replies', async () => {
    con = await startFake(transport);
    const s = await con.stats();
    expect(s).toMatchObject({ cycles: 0, simNs: 1, waitNs: 2, rdBeats: 3, wrBeats: 4 });
    expect(await con.grant('rw', 0x1_0000_0000n, 0x100)).toBe(1);
    expect(await con.irqs()).toEqual({ messages: [], intx: false });
    expect(await con.violations()).toEqual({ count: 0, list: [] });
    expect(await con.waitAny(0x1_0000_0002n, 0, 100)).toEqual({ event: 'timeout', cycle: 100 });
  });
});
