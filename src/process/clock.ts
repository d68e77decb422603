/**
 * Milliseconds on a monotonic clock, for timings. Not performance.now(): node:perf_hooks (which the global
 * `performance` loads too) costs about 2 ms of a check's start-up on a 2-CPU machine.
 */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;
