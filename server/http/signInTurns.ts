import type { RequestHandler } from "express";

/**
 * Sign-ins take turns: at most `concurrent` are handled at once, the others wait in arrival
 * order, and past `maxWaiting` the next is told to come back (503). Why (docs/decisions/073): 250 sign-ins at
 * once were each routed, checked against the throttle, hashed and answered with a rendered page;
 * the hashing runs on the thread pool, but everything around it ran for all of them in the same
 * few turns of the event loop (116 ms held on a quiet machine). In turns, each turn holds a
 * handful. The throttle (signInThrottle.ts) still counts every attempt, waiting or not.
 */
export function signInTurns({ concurrent, maxWaiting }: { concurrent: number; maxWaiting: number }): RequestHandler {
  let running = 0;
  const waiting: (() => void)[] = [];
  const finished = () => {
    running--;
    const next = waiting.shift();
    if (!next) return;
    running++;
    // The next one starts on a turn of its own, not inside the one that just answered.
    setImmediate(next);
  };
  return (req, res, next) => {
    if (req.method !== "POST" || req.path !== "/login") return next();
    const start = () => {
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        finished();
      };
      res.once("finish", end);
      res.once("close", end);
      next();
    };
    if (running < concurrent) {
      running++;
      return start();
    }
    if (waiting.length >= maxWaiting) {
      res
        .status(503)
        .set("Retry-After", "5")
        .type("text/plain")
        .send("Too many people are signing in at this moment. Try again in a few seconds.");
      return;
    }
    waiting.push(start);
  };
}
