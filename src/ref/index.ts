// Reference model: what the device must answer. Depends on nothing of ours but the constants.
export * from './cipher.ts';
export * from './session.ts';
