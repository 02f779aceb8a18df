import { createPeers, deliver, settle } from "./headlessEditors";
import { seededRandom } from "./random";

/**
 * Random concurrent editing of one paragraph, with updates delivered in random batches.
 * Typing and deleting race freely; Enter and joins are applied between rounds (everyone
 * settled), while carets sit anywhere, because a split racing with typing inside the moved
 * text is a limit of the binding's model (docs/decisions/011).
 */
export function fuzzRound(seed: number, steps: number, editorCount = 3, log?: (line: string) => void) {
  const random = seededRandom(seed);
  const all = createPeers(editorCount, seed, ["The quick brown fox jumps over the lazy dog near the river bank."]);
  // Each burst is a token like "<B7>" typed one key at a time; it must end up whole and in order.
  const bursts = all.map(() => [] as string[]);
  const pending = all.map(() => "");
  const problems: string[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const index = Math.floor(random() * all.length);
      const peer = all[index]!;
      if (pending[index]) {
        peer.type(pending[index]![0]!);
        pending[index] = pending[index]!.slice(1);
      } else {
        const roll = random();
        const blocks = peer.blocks();
        const block = Math.floor(random() * blocks.length);
        const offset = Math.floor(random() * (blocks[block]!.length + 1));
        if (roll < 0.55) {
          // A new burst at a random position (not inside a burst this editor can see).
          if (!insideBurst(blocks[block]!, offset)) {
            peer.placeCaret(block, offset);
            const token = `<${peer.name}${bursts[index]!.length}>`;
            bursts[index]!.push(token);
            pending[index] = token;
          }
        } else if (roll < 0.8) {
          // Backspace over one character of the original text (never into a burst).
          const text = blocks[block]!;
          if (offset > 0 && /[a-z .]/.test(text[offset - 1]!) && !insideBurst(text, offset - 1)) {
            peer.placeCaret(block, offset);
            peer.backspace();
          }
        } else if (roll < 0.9) {
          peer.placeCaret(block, offset);
        } else {
          // Structure: settle, then split or join where no burst is cut.
          settle(all);
          const text = peer.blocks()[block]!;
          if (random() < 0.6) {
            if (
              !insideBurst(text, offset) &&
              !all.some((other, which) => pending[which] && other.caretInBlock()[0] === block && other.caretInBlock()[1] === offset)
            ) {
              peer.placeCaret(block, offset);
              peer.enter();
            }
          } else if (block > 0) {
            peer.placeCaret(block, 0);
            peer.backspace();
          }
          settle(all);
        }
      }
      // Deliver a random subset of what is in flight.
      const senders = all.filter(() => random() < 0.5);
      for (const sender of senders) deliver(all, sender);
      log?.(
        `${step} ${peer.name} delivered [${senders.map((each) => each.name)}]\n  ${all.map((each) => `${each.name} ${JSON.stringify(each.blocks())} caret ${each.caretInBlock()}`).join("\n  ")}`,
      );
      // Whoever is in the middle of a burst still has its caret right after what it typed.
      all.forEach((editor, which) => {
        const token = bursts[which]!.at(-1);
        if (!pending[which] || !token) return;
        const typed = token.slice(0, token.length - pending[which]!.length);
        const [block, offset] = editor.caretInBlock();
        const before = editor.blocks()[block]!.slice(0, offset);
        if (!before.endsWith(typed)) problems.push(`step ${step}: ${editor.name}'s caret left its burst ${typed}: …${before.slice(-12)}|`);
      });
      if (problems.length > 0) break;
    }
    // Finish every burst, then settle.
    all.forEach((peer, index) => peer.type(pending[index]!));
    settle(all);
    const texts = all.map((peer) => peer.blocks());
    const joined = texts[0]!.join("");
    for (const other of texts.slice(1)) if (JSON.stringify(other) !== JSON.stringify(texts[0])) problems.push("screens differ");
    all.forEach((_, index) => {
      for (const token of bursts[index]!) if (!joined.includes(token)) problems.push(`${token} is not contiguous`);
    });
    return { problems, blocks: texts[0]!, bursts };
  } finally {
    all.forEach((peer) => peer.destroy());
  }
}

function insideBurst(text: string, offset: number) {
  const open = text.lastIndexOf("<", offset - 1);
  const close = text.lastIndexOf(">", offset - 1);
  return open > close;
}
