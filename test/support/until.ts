/** Polls `probe` until `done` holds or the time is up; returns the last value for the test to assert on. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for a condition to hold, failing with the time it waited instead of hanging. */
export async function holdsWithin(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (
    !(await until(
      async () => condition(),
      (holds) => holds,
      timeoutMs,
    ))
  )
    throw new Error(`not within ${timeoutMs} ms`);
}
