import express, { Router } from "express";
import { z } from "zod";
import type { Clock } from "../clock";

const advanceInput = z.object({
  advanceMs: z
    .number()
    .int()
    .min(0)
    .max(400 * 24 * 3600 * 1000),
});

/**
 * Test runs only (mounted when NODE_ENV=test): moves the server's clock forward and sweeps the
 * deadlines at once, so tests make a deadline pass without waiting for it.
 */
export function testClockRouter(clock: Clock, sweep: () => Promise<number>) {
  const router = Router();
  router.post("/__test/clock", express.json({ limit: "1kb" }), async (req, res) => {
    const parsed = advanceInput.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: "advanceMs must be a non-negative integer." });
      return;
    }
    const now = clock.advance(parsed.data.advanceMs);
    const fired = await sweep();
    res.json({ now: now.toISOString(), fired });
  });
  return router;
}
