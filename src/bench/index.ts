// `vcrypto bench`: performance measurement of the device in the simulator (docs/bench.md).
export * from './types.ts';
export * from './algos.ts';
export * from './latency.ts';
export * from './targets.ts';
export * from './run.ts';
export * from './format.ts';
