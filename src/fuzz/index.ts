// The fuzzer: seeded mutations of requests and chains, predicted outcomes, a queue driver (docs/fuzz.md).
export * from './chain.ts';
export * from './request.ts';
export * from './gen.ts';
export * from './driver.ts';
export * from './run.ts';
