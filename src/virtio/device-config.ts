// virtio_crypto_config, read consistently under config_generation.
import { CRYPTO_CONFIG, DRIVER_DEFAULTS } from '../constants/virtio.ts';
import type { VirtioRegs } from './regs.ts';

export interface CryptoConfig {
  status: number;
  maxDataqueues: number;
  cryptoServices: number;
  cipherAlgoL: number;
  cipherAlgoH: number;
  hashAlgo: number;
  macAlgoL: number;
  macAlgoH: number;
  aeadAlgo: number;
  maxCipherKeyLen: number;
  maxAuthKeyLen: number;
  akcipherAlgo: number;
  /** 64-bit field as a number (exact below 2^53). */
  maxSize: number;
}

const FIELDS: [keyof CryptoConfig, number][] = [
  ['status', CRYPTO_CONFIG.STATUS],
  ['maxDataqueues', CRYPTO_CONFIG.MAX_DATAQUEUES],
  ['cryptoServices', CRYPTO_CONFIG.CRYPTO_SERVICES],
  ['cipherAlgoL', CRYPTO_CONFIG.CIPHER_ALGO_L],
  ['cipherAlgoH', CRYPTO_CONFIG.CIPHER_ALGO_H],
  ['hashAlgo', CRYPTO_CONFIG.HASH_ALGO],
  ['macAlgoL', CRYPTO_CONFIG.MAC_ALGO_L],
  ['macAlgoH', CRYPTO_CONFIG.MAC_ALGO_H],
  ['aeadAlgo', CRYPTO_CONFIG.AEAD_ALGO],
  ['maxCipherKeyLen', CRYPTO_CONFIG.MAX_CIPHER_KEY_LEN],
  ['maxAuthKeyLen', CRYPTO_CONFIG.MAX_AUTH_KEY_LEN],
  ['akcipherAlgo', CRYPTO_CONFIG.AKCIPHER_ALGO],
];

/** Read every field; retry while config_generation changes under the read. */
export async function readCryptoConfig(regs: VirtioRegs): Promise<CryptoConfig> {
  for (let attempt = 0; attempt < DRIVER_DEFAULTS.CONFIG_GENERATION_RETRIES; attempt++) {
    const before = await regs.configGeneration();
    const values = await Promise.all(FIELDS.map(([, off]) => regs.deviceConfig32(off)));
    const [lo, hi] = await Promise.all([regs.deviceConfig32(CRYPTO_CONFIG.MAX_SIZE_LO), regs.deviceConfig32(CRYPTO_CONFIG.MAX_SIZE_HI)]);
    const after = await regs.configGeneration();
    if (before !== after) continue;
    const cfg = { maxSize: hi * 2 ** 32 + lo } as CryptoConfig;
    FIELDS.forEach(([k], i) => {
      (cfg as unknown as Record<string, number>)[k] = values[i]!;
    });
    return cfg;
  }
  throw new Error(`config_generation kept changing over ${DRIVER_DEFAULTS.CONFIG_GENERATION_RETRIES} reads`);
}
