/**
 * Inngest's retry schedule: the server's default backoff (`TableBackoff` in inngest/inngest
 * `pkg/backoff/backoff.go`) waits 15 s, 30 s, 1 m, 2 m, 5 m, 10 m, 20 m, 40 m, 1 h, then 2 h for
 * every later retry, plus a uniform jitter of 0 to 30 s.
 */
const TABLE_MS = [15, 30, 60, 120, 300, 600, 1_200, 2_400, 3_600, 7_200].map((seconds) => seconds * 1_000);
const MAX_JITTER_MS = 30_000;

/**
 * The wait before retry `retry` (1 for the first retry), multiplied by `scale` (tests use 0.01,
 * which turns 15 s into 150 ms); `random` is `Math.random` unless a test fixes it.
 */
export function backoffMs(retry: number, scale = 1, random: () => number = Math.random): number {
  const base = TABLE_MS[Math.min(Math.max(retry, 1), TABLE_MS.length) - 1]!;
  return (base + Math.floor(random() * MAX_JITTER_MS)) * scale;
}
