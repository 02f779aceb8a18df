import { NUMBERING_MAP } from "../../../app/editor/ydocFields";
import * as Y from "yjs";
import { numberBlocks } from "../../../app/editor/blocks";
import { listBlocks, yDocToJson } from "../../../app/editor/documentModel";
import { readBaseline } from "../../../app/editor/numbering";
import type { HashedBlock } from "./contentHash";

export interface NumberChange {
  blockId: string;
  /** The number shown before issuing (OP7bis for a new paragraph), null for unnumbered blocks. */
  before: string | null;
  /** The number in the new version; null when the block was deleted since the last version. */
  after: string | null;
}

export interface FrozenText {
  blocks: HashedBlock[];
  json: string;
  numberMap: NumberChange[];
  /** The whole Yjs state of the version, its new numbering baseline included. */
  yState: Uint8Array;
  /** The update that writes the new baseline into the live document. */
  baselineUpdate: Uint8Array;
}

/**
 * Freezes the base text of a Y.Doc (synchronously, so no edit can interleave): renumbers
 * positionally, maps each provisional number to its new one, and builds the new baseline
 * (blockId → number) on a copy, so the live document changes only once the version is stored.
 */
export function freezeText(live: Y.Doc): FrozenText {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
    const baseline = readBaseline(copy);
    const json = yDocToJson(copy);
    const provisional = listBlocks(json, baseline);
    const renumbered = numberBlocks(provisional.map((block) => block.kind));
    const nodes = json.content ?? [];
    const blocks: HashedBlock[] = provisional.map((block, index) => ({
      blockId: block.id,
      kind: block.kind,
      number: renumbered[index] ?? null,
      status: block.status,
      text: block.text,
      json: JSON.stringify(nodes[index] ?? {}),
    }));
    const present = new Set(blocks.map((block) => block.blockId));
    const numberMap: NumberChange[] = [
      ...provisional.map((block, index) => ({ blockId: block.id, before: block.number, after: renumbered[index] ?? null })),
      ...[...baseline].filter(([id]) => !present.has(id)).map(([blockId, before]) => ({ blockId, before, after: null })),
    ];

    const before = Y.encodeStateVector(copy);
    const map = copy.getMap<string>(NUMBERING_MAP);
    copy.transact(() => {
      for (const id of [...map.keys()]) if (!present.has(id)) map.delete(id);
      blocks.forEach((block) => {
        if (block.number && map.get(block.blockId) !== block.number) map.set(block.blockId, block.number);
        if (!block.number && map.has(block.blockId)) map.delete(block.blockId);
      });
    });
    return {
      blocks,
      json: JSON.stringify(json),
      numberMap,
      yState: Y.encodeStateAsUpdate(copy),
      baselineUpdate: Y.encodeStateAsUpdate(copy, before),
    };
  } finally {
    copy.destroy();
  }
}
