import type { Topology, TopologyEdge, TopologyNode } from './topology';

// A small, deterministic SVG renderer for the topology: nodes in columns (left to right along the
// arrows, data stores last), arrows as curves with their labels, boxes behind grouped nodes. The same
// model always gives the same bytes, so the file diffs cleanly in review.

const FONT = 12;
const CHAR = 7; // average width of a 12px sans-serif character, for sizing boxes
const LINE = 16;
const PAD = 12;
const GAP_Y = 18;
const GROUP_TITLE = 18;
const MARGIN = 24;

const FILL: Record<TopologyNode['shape'], string> = {
  entry: '#e8f1fb',
  service: '#eef7ee',
  pool: '#fdf3e1',
  queue: '#f6eefb',
  store: '#f1f1f1',
};

// Most labels have nothing to escape: one test instead of four replacements.
const esc = (s: string) =>
  /[&<>"]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
const r = (n: number) => Math.round(n);

interface Placed {
  readonly node: TopologyNode;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Columns: each node one right of the furthest node pointing at it; data stores after everything else. */
function columns(t: Topology): Map<string, number> {
  const col = new Map(t.nodes.map((n) => [n.id, 0]));
  const isStore = new Set(t.nodes.filter((n) => n.group === 'data').map((n) => n.id));
  for (let i = 0; i < t.nodes.length; i++) {
    let moved = false;
    for (const e of t.edges) {
      if (isStore.has(e.to) || !col.has(e.from) || !col.has(e.to)) continue;
      if (col.get(e.to)! < col.get(e.from)! + 1) {
        col.set(e.to, col.get(e.from)! + 1);
        moved = true;
      }
    }
    if (!moved) break;
  }
  // A service or pool nothing points at sits with the other services (just before what it points at),
  // not with the entry points.
  const first = t.nodes.some((n) => n.shape === 'entry') ? 1 : 0;
  // Arrows indexed once by their ends: a scan of every arrow per node is quadratic in a large estate.
  const pointedAt = new Set(t.edges.map((e) => e.to));
  const leaving = edgesBy(t.edges, (e) => e.from);
  for (const n of t.nodes) {
    if ((n.shape !== 'service' && n.shape !== 'pool') || pointedAt.has(n.id)) continue;
    const targets = (leaving.get(n.id) ?? []).filter((e) => !isStore.has(e.to)).map((e) => col.get(e.to)! - 1);
    col.set(n.id, Math.max(first, targets.length > 0 ? Math.min(...targets) : first));
  }
  const last = Math.max(0, ...t.nodes.filter((n) => !isStore.has(n.id)).map((n) => col.get(n.id)!)) + 1;
  for (const id of isStore) col.set(id, last);
  return col;
}

/** Arrows by a key (in their order), so a node finds its own without a scan of every arrow. */
function edgesBy(edges: readonly TopologyEdge[], key: (e: TopologyEdge) => string): Map<string, TopologyEdge[]> {
  const by = new Map<string, TopologyEdge[]>();
  for (const e of edges) {
    const list = by.get(key(e));
    if (list === undefined) by.set(key(e), [e]);
    else list.push(e);
  }
  return by;
}

function shape(p: Placed): string {
  const { x, y, w, h } = p;
  const fill = FILL[p.node.shape];
  const stroke = 'stroke="#4a4a4a" stroke-width="1"';
  switch (p.node.shape) {
    case 'entry':
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${r(h / 2)}" fill="${fill}" ${stroke}/>`;
    case 'pool':
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" ${stroke}/><line x1="${x + 6}" y1="${y}" x2="${x + 6}" y2="${y + h}" ${stroke}/><line x1="${x + w - 6}" y1="${y}" x2="${x + w - 6}" y2="${y + h}" ${stroke}/>`;
    case 'queue':
      return `<path d="M${x} ${y} H${x + w} L${x + w - 10} ${r(y + h / 2)} L${x + w} ${y + h} H${x} Z" fill="${fill}" ${stroke}/>`;
    case 'store':
      return `<path d="M${x} ${y + 6} V${y + h - 6} A${r(w / 2)} 6 0 0 0 ${x + w} ${y + h - 6} V${y + 6} A${r(w / 2)} 6 0 0 0 ${x} ${y + 6} A${r(w / 2)} 6 0 0 0 ${x + w} ${y + 6}" fill="${fill}" ${stroke}/>`;
    default:
      return `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="${fill}" ${stroke}/>`;
  }
}

function label(p: Placed): string {
  const top = p.y + r((p.h - p.node.label.length * LINE) / 2) + FONT;
  return p.node.label
    .map(
      (l, i) =>
        `<text x="${r(p.x + p.w / 2)}" y="${top + i * LINE}" text-anchor="middle"${i === 0 ? ' font-weight="bold"' : ''}>${esc(l)}</text>`,
    )
    .join('');
}

/** Where an arrow may cross a column it skips: the gaps between (and above and below) the column's boxes. */
interface Lane {
  readonly left: number;
  readonly right: number;
  readonly slots: readonly number[];
}

const curve = (x1: number, y1: number, x2: number, y2: number) => {
  const dx = Math.max(20, r((x2 - x1) / 2));
  return { d: `C${x1 + dx} ${y1} ${x2 - dx} ${y2} ${x2} ${y2}`, c1: x1 + dx, c2: x2 - dx };
};

function arrow(e: TopologyEdge, from: Placed, to: Placed, lanes: readonly Lane[], labelsAt: Map<string, number>): string {
  const x1 = from.x + from.w;
  const y1 = r(from.y + from.h / 2);
  const x2 = to.x;
  const y2 = r(to.y + to.h / 2);
  // An arrow that skips columns passes each through the free slot nearest its straight course, so it
  // never runs through another box.
  const points: [number, number][] = [[x1, y1]];
  for (const lane of lanes.filter((l) => l.left > x1 && l.right < x2)) {
    const ideal = y1 + ((y2 - y1) * (lane.left - x1)) / (x2 - x1);
    const y = lane.slots.reduce((best, s) => (Math.abs(s - ideal) < Math.abs(best - ideal) ? s : best), lane.slots[0]);
    points.push([lane.left - 6, r(y)], [lane.right + 6, r(y)]);
  }
  points.push([x2, y2]);
  let d = `M${x1} ${y1}`;
  for (let i = 1; i < points.length; i++) {
    // Curves between columns, straight through a skipped column.
    d += i % 2 === 1 ? ` ${curve(points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]).d}` : ` L${points[i][0]} ${points[i][1]}`;
  }
  const dash = e.dotted ? ' stroke-dasharray="5 4"' : '';
  let out = `<path d="${d}" fill="none" stroke="#4a4a4a" stroke-width="1.2"${dash} marker-end="url(#arrow)"/>`;
  if (e.label) {
    // Just before the target, on the side the arrow comes from: labels of arrows fanning out of one
    // node sit at their different targets, and two labelled arrows into one node do not overlap.
    const w = r(e.label.length * CHAR * 0.9 + 8);
    const py = points[points.length - 2][1];
    const mx = x2 - r(w / 2) - 10;
    const side = py <= y2 ? 'above' : 'below';
    const k = labelsAt.get(`${to.node.id} ${side}`) ?? 0;
    labelsAt.set(`${to.node.id} ${side}`, k + 1);
    const my = side === 'above' ? y2 - 10 - 15 * k : y2 + 14 + 15 * k;
    out += `<rect x="${mx - r(w / 2)}" y="${my - 11}" width="${w}" height="15" fill="#ffffff" opacity="0.9"/><text x="${mx}" y="${my}" text-anchor="middle" font-size="11">${esc(e.label)}</text>`;
  }
  return out;
}

/** Renders a topology as a standalone SVG document. */
export function topologySvg(t: Topology): string {
  const col = columns(t);
  const count = Math.max(0, ...col.values()) + 1;
  const order = new Map(t.nodes.map((n, i) => [n.id, i]));
  // A group's first node, found once per group (not once per comparison of the sort below).
  const firstOfGroup = new Map<string, number>();
  for (const m of t.nodes) {
    if (m.group !== undefined) firstOfGroup.set(m.group, Math.min(firstOfGroup.get(m.group) ?? Infinity, order.get(m.id)!));
  }
  const groupFirst = (n: TopologyNode) => (n.group === undefined ? order.get(n.id)! : firstOfGroup.get(n.group)!);
  const byCol: TopologyNode[][] = Array.from({ length: count }, () => []);
  for (const n of t.nodes) byCol[col.get(n.id)!].push(n);
  for (const list of byCol) list.sort((a, b) => groupFirst(a) - groupFirst(b) || order.get(a.id)! - order.get(b.id)!);

  const size = (n: TopologyNode) => ({
    w: Math.max(120, ...n.label.map((l) => l.length * CHAR + 2 * PAD)),
    h: n.label.length * LINE + PAD,
  });
  const width = byCol.map((list) => Math.max(0, ...list.map((n) => size(n).w)));
  // The gap after a column leaves room for the longest arrow label leaving it.
  const gap = byCol.map((list) => {
    const ids = new Set(list.map((n) => n.id));
    return Math.max(70, ...t.edges.filter((e) => ids.has(e.from) && e.label).map((e) => e.label!.length * CHAR + 40));
  });
  const placed = new Map<string, Placed>();
  const boxes: string[] = [];
  let x = MARGIN;
  let height = 0;
  const top = MARGIN + 28;
  byCol.forEach((list, c) => {
    let y = top;
    let group: string | undefined;
    let groupTop = 0;
    const closeGroup = () => {
      if (group === undefined) return;
      boxes.push(
        `<rect x="${x - 8}" y="${groupTop}" width="${width[c] + 16}" height="${y - GAP_Y + 8 - groupTop}" rx="6" fill="none" stroke="#9a9a9a" stroke-dasharray="3 3"/><text x="${x - 4}" y="${groupTop + 13}" font-size="11" fill="#555555">${esc(t.groups[group] ?? group)}</text>`,
      );
      y += 8;
    };
    for (const n of list) {
      if (n.group !== group) {
        closeGroup();
        group = n.group;
        if (group !== undefined) {
          groupTop = y;
          y += GROUP_TITLE;
        }
      }
      const { w, h } = size(n);
      placed.set(n.id, { node: n, x: x + r((width[c] - w) / 2), y, w, h });
      y += h + GAP_Y;
    }
    closeGroup();
    height = Math.max(height, y);
    x += width[c] + gap[c];
  });
  const totalWidth = x - gap[count - 1] + MARGIN;
  const totalHeight = height + MARGIN;
  const lanes: Lane[] = byCol.map((list) => {
    const boxes = list.map((n) => placed.get(n.id)!);
    const left = Math.min(...boxes.map((b) => b.x));
    const right = Math.max(...boxes.map((b) => b.x + b.w));
    const slots = [top - 10, ...boxes.slice(1).map((b, i) => r((boxes[i].y + boxes[i].h + b.y) / 2)), height + 4];
    return { left, right, slots };
  });
  const labelsAt = new Map<string, number>();
  const arrows = t.edges
    .filter((e) => placed.has(e.from) && placed.has(e.to))
    .map((e) => arrow(e, placed.get(e.from)!, placed.get(e.to)!, lanes, labelsAt));
  const nodes = [...placed.values()].map((p) => `<g>${shape(p)}${label(p)}</g>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}" font-family="Helvetica, Arial, sans-serif" font-size="${FONT}">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#4a4a4a"/></marker></defs>',
    `<rect x="0" y="0" width="${totalWidth}" height="${totalHeight}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 6}" font-size="14" font-weight="bold">${esc(t.title)}</text>`,
    ...boxes,
    ...arrows,
    ...nodes,
    '</svg>',
    '',
  ].join('\n');
}
