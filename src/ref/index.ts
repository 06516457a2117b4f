// Reference model: what the device must answer. Depends on nothing of ours but the constants.
export * from './cipher.ts';
export * from './session.ts';
export * from './result.ts';
export * from './hash.ts';
export * from './aead.ts';
export * from './chain.ts';
export * from './primitives.ts';
