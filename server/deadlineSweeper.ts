/**
 * Runs the deadline sweep at start-up and then every `intervalMs`. Sweeps never overlap within a
 * process; across processes the claim in sweepDeadlines keeps firings single. The timer is only
 * a trigger: the Deadline table is the source of truth.
 */
export async function startDeadlineSweeper(sweep: () => Promise<number>, intervalMs: number) {
  let running: Promise<number> | null = null;
  const sweepNow = async (): Promise<number> => {
    while (running) await running.catch(() => 0);
    running = sweep();
    try {
      return await running;
    } finally {
      running = null;
    }
  };
  await sweepNow();
  const timer = setInterval(() => {
    sweepNow().catch((error) => console.error("Deadline sweep failed", error));
  }, intervalMs);
  timer.unref();
  return {
    sweepNow,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => 0);
    },
  };
}
