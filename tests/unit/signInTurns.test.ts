import { EventEmitter } from "node:events";
import express from "express";
import { describe, expect, it } from "vitest";
import { signInTurns } from "../../server/http/signInTurns";

// Sign-ins take turns (a burst of 250 held the event loop; docs/decisions/073). Driven through the
// middleware with requests that stay open until the test answers them.

interface Pending {
  answer: () => void;
}

function harness(concurrent: number, maxWaiting: number) {
  const middleware = signInTurns({ concurrent, maxWaiting });
  const handled: Pending[] = [];
  const refused: number[] = [];
  const send = (method = "POST", path = "/login") => {
    const res = Object.assign(new EventEmitter(), {
      status(code: number) {
        refused.push(code);
        return res;
      },
      set: () => res,
      type: () => res,
      send: () => res,
    });
    middleware({ method, path } as express.Request, res as unknown as express.Response, () =>
      handled.push({ answer: () => res.emit("finish") }),
    );
  };
  return { send, handled, refused };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("sign-in turns", () => {
  it("handles a few sign-ins at once, the next ones in arrival order as earlier ones are answered, and refuses past the queue", async () => {
    const { send, handled, refused } = harness(2, 3);
    for (let i = 0; i < 6; i++) send();
    expect(handled).toHaveLength(2);
    expect(refused).toEqual([503]);
    handled[0]!.answer();
    handled[0]!.answer();
    // Answered twice (finish and close both fire) it still frees one place only.
    await turn();
    expect(handled).toHaveLength(3);
    handled[1]!.answer();
    handled[2]!.answer();
    await turn();
    expect(handled).toHaveLength(5);
  });

  it("lets every other request through at once", () => {
    const { send, handled } = harness(1, 0);
    send();
    send("GET", "/login");
    send("POST", "/documents/x");
    expect(handled).toHaveLength(3);
  });
});
