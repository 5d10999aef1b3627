/**
 * The reliability suite runs short inside `npm test` and long with `npm run test:reliability`
 * (RELIABILITY=long); RELIABILITY_SEED replays a run.
 */
export const LONG = process.env.RELIABILITY === 'long';
export const SEED = Number(process.env.RELIABILITY_SEED ?? 20211004);

/** A small seeded generator (mulberry32) for choices outside fast-check, such as when to kill a process. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
