// Error types raised by the simulator bridge.

/** The simulator process died, printed FATAL, or could not be started. Every later call fails with it. */
export class SimulatorError extends Error {
  /** The last lines the simulator printed (stdout and stderr). */
  readonly tail: string[];
  /** Waveform file, when tracing was on. */
  readonly tracePath: string | undefined;
  /** Exit code / signal, when the process exited. */
  readonly exitCode: number | null;

  constructor(message: string, tail: string[], tracePath?: string, exitCode: number | null = null) {
    const parts = [message];
    if (tracePath !== undefined) parts.push(`waveform: ${tracePath}`);
    parts.push(tail.length ? `last simulator output:\n  ${tail.join('\n  ')}` : 'no simulator output');
    super(parts.join('\n'));
    this.name = 'SimulatorError';
    this.tail = tail;
    this.tracePath = tracePath;
    this.exitCode = exitCode;
  }
}

/** A command was answered with `err <message>` (the simulator keeps running). */
export class SimCommandError extends Error {
  readonly command: string;
  readonly reply: string;

  constructor(command: string, reply: string) {
    super(`simulator rejected "${command}": ${reply}`);
    this.name = 'SimCommandError';
    this.command = command;
    this.reply = reply;
  }
}

/** A reply line did not have the expected shape. */
export class SimProtocolError extends Error {
  constructor(command: string, reply: string, expected: string) {
    super(`unexpected reply to "${command}": "${reply}" (expected ${expected})`);
    this.name = 'SimProtocolError';
  }
}
