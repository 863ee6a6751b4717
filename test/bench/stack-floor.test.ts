import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthOurs } from '../../bench/estate';
import { stackFloor, stackInput } from '../../bench/stack-floor';

// The bench's stack floor is a floor of the whole path only if it writes what synthesis writes: the same files, the
// same bytes, from objects held in plain cdk8s ApiObjects.
test('the stack floor writes the Kubernetes files of the estate byte for byte as synthesis renders them', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-floor-'));
  try {
    stackFloor(stackInput(25), out);
    const expected = synthOurs(25).files.filter((f) => 'objects' in f && f.objects);
    expect(expected.length).toBeGreaterThan(25);
    const written = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(written).toHaveLength(expected.length);
    for (const f of expected) expect(fs.readFileSync(path.join(out, f.path), 'utf8')).toBe(f.content);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
