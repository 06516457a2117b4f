// Every constant of the project: transport/driver (virtio.ts) and crypto protocol (crypto.ts).
export * from './virtio.ts';
export * from './crypto.ts';
export * from './profiles.ts';
