import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file of an environment's output that holds its topology (a Mermaid flowchart). */
export const TOPOLOGY_FILE = 'topology.mmd';

/** The lines of the topology that a change adds and removes (nodes, edges, boxes). */
export interface TopologyChange {
  readonly added: string[];
  readonly removed: string[];
}

function lines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return (
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      // Comments and the closing of boxes say nothing on their own.
      .filter((l) => l.length > 0 && !l.startsWith('%%') && l !== 'end')
  );
}

/**
 * What changed in an environment's topology between two `dist/` trees: the nodes and edges only one
 * side has, each side in file order. A changed label shows as the old line removed and the new one added.
 */
export function topologyChange(baseDir: string, headDir: string, environment: string): TopologyChange | undefined {
  const before = lines(path.join(baseDir, environment, TOPOLOGY_FILE));
  const after = lines(path.join(headDir, environment, TOPOLOGY_FILE));
  const had = new Set(before);
  const has = new Set(after);
  const added = after.filter((l) => !had.has(l));
  const removed = before.filter((l) => !has.has(l));
  return added.length + removed.length > 0 ? { added, removed } : undefined;
}
