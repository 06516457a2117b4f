// Errors of the device life cycle: a reset by the driver, DEVICE_NEEDS_RESET set by the device.

/** The request was outstanding when the driver reset the device (device_status := 0). */
export class DeviceResetError extends Error {
  constructor(readonly why: 'reset' | 'reinit' = 'reset') {
    super(
      `device reset (device_status := 0${why === 'reinit' ? ', re-initialisation' : ''}) while the request was outstanding; ` +
        'its grants were revoked and its buffers freed after device_status read back 0',
    );
    this.name = 'DeviceResetError';
  }
}

/**
 * The device set DEVICE_NEEDS_RESET (device_status bit 64): every outstanding request fails with
 * this error and no request is accepted until `reinit()`.
 */
export class DeviceNeedsResetError extends Error {
  constructor(
    /** device_status as read. */
    readonly status: number,
    /** Simulated cycle of the status read that saw the bit. */
    readonly cycle: number,
    /** Whether a configuration-change MSI-X message had been seen by then. */
    readonly configInterrupt: boolean,
  ) {
    super(
      `device set DEVICE_NEEDS_RESET (device_status 0x${status.toString(16)} at cycle ${cycle}; ` +
        `${configInterrupt ? 'config interrupt seen' : 'NO config interrupt seen'}); reinit() the device`,
    );
    this.name = 'DeviceNeedsResetError';
  }
}

/**
 * The request was in flight on a queue the driver reset (VIRTIO_F_RING_RESET, `resetQueue`): the
 * device dropped it and it is never delivered. Its grants were revoked and its buffers freed after
 * queue_reset read back 0.
 */
export class QueueResetError extends Error {
  constructor(
    readonly queue: number,
    /** Token of the dropped chain (head descriptor index, or buffer id on a packed ring). */
    readonly head: number,
  ) {
    super(`queue ${queue} was reset while the request (token ${head}) was in flight; the device dropped it`);
    this.name = 'QueueResetError';
  }
}

/** queue_reset (or queue_enable) did not read back 0 within the bound after writing queue_reset = 1. */
export class QueueResetTimeoutError extends Error {
  constructor(
    readonly queue: number,
    readonly cycles: number,
    readonly queueReset: number,
    readonly queueEnable: number,
  ) {
    super(
      `queue ${queue}: queue_reset reads ${queueReset} and queue_enable ${queueEnable} ${cycles} cycles after writing ` +
        'queue_reset = 1; the queue stays held (reset the device)',
    );
    this.name = 'QueueResetTimeoutError';
  }
}
