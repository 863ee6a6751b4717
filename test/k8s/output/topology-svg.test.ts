import { Topology } from '../../../lib/k8s/output/topology';
import { topologySvg } from '../../../lib/k8s/output/topology-svg';
import { renderAllApps } from '../../support/apps';

const apps = renderAllApps();
const file = (env: string, path: string) => apps.find((a) => a.env.name === env)!.env.files.find((f) => f.path === path)!.content;
const arrows = (svg: string) => [...svg.matchAll(/<path d="(M[^"]+)"[^>]*marker-end/g)].map((m) => m[1]);

test('every environment has topology.svg: one arrow per edge, every node label, nothing random', () => {
  for (const { env } of apps) {
    const svg = env.files.find((f) => f.path === 'topology.svg')!.content;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const mmd = env.files.find((f) => f.path === 'topology.mmd')!.content;
    expect(arrows(svg)).toHaveLength(mmd.split('\n').filter((l) => /-->|-\.->|\.->/.test(l)).length);
  }
  const svg = file('uat-eks', 'topology.svg');
  for (const label of ['oms.uat.example.com', 'order-capture-blue', 'db.uat-eks.oms.internal / oms', 'schedule-order'])
    expect(svg).toContain(`>${label}<`);
});

test('the same model always renders the same bytes', () => {
  const t: Topology = {
    title: 'e',
    nodes: [
      { id: 'a', label: ['a'], shape: 'entry' },
      { id: 'b', label: ['b', '1..2 pods'], shape: 'service' },
    ],
    edges: [{ from: 'a', to: 'b', label: 'every other path' }],
    groups: {},
  };
  expect(topologySvg(t)).toBe(topologySvg(JSON.parse(JSON.stringify(t))));
});

test('text is escaped for XML', () => {
  const svg = topologySvg({ title: 'a<b & "c"', nodes: [{ id: 'n', label: ['x>y'], shape: 'service' }], edges: [], groups: {} });
  expect(svg).toContain('>a&lt;b &amp; &quot;c&quot;<');
  expect(svg).toContain('>x&gt;y<');
});

test("an arrow that skips a column passes beside that column's boxes, not through them", () => {
  const t: Topology = {
    title: 'e',
    nodes: [
      { id: 'gw', label: ['gateway'], shape: 'entry' },
      { id: 'svc', label: ['service'], shape: 'service' },
      { id: 'blue', label: ['blue', 'active'], shape: 'service' },
      { id: 'db', label: ['database'], shape: 'store', group: 'data' },
    ],
    edges: [
      { from: 'gw', to: 'svc' },
      { from: 'svc', to: 'blue', label: 'active' },
      { from: 'svc', to: 'db' },
    ],
    groups: { data: 'data stores' },
  };
  const svg = topologySvg(t);
  const box = /<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)" rx="4"[^>]*\/><text[^>]*font-weight="bold">blue</.exec(svg)!;
  const [top, bottom] = [Number(box[2]), Number(box[2]) + Number(box[4])];
  const toDb = arrows(svg)[2];
  const through = [...toDb.matchAll(/L(\d+) (\d+)/g)].map((m) => Number(m[2]));
  expect(through).toHaveLength(1);
  expect(through[0] < top || through[0] > bottom).toBe(true);
});

test('blue-green in the SVG: the active colour behind a solid arrow, the preview behind a dotted one', () => {
  const svg = file('uat-eks', 'topology.svg');
  expect(svg).toMatch(/stroke-width="1.2" marker-end="url\(#arrow\)"\/><rect[^>]*\/><text[^>]*>active</);
  expect(svg).toMatch(/stroke-dasharray="5 4" marker-end="url\(#arrow\)"\/><rect[^>]*\/><text[^>]*>preview</);
});

test('topology.mmd, topology.md and topology.svg are written for every environment', () => {
  for (const { env } of apps) {
    expect(env.files.map((f) => f.path).filter((p) => p.startsWith('topology'))).toEqual(['topology.mmd', 'topology.md', 'topology.svg']);
  }
});
