import * as path from 'node:path';
import { Writable } from 'node:stream';

interface Zip {
  pipe(w: Writable): void;
  append(text: string, entry: { name: string }): void;
  finalize(): Promise<void>;
}
type Archiver = ((format: string) => Zip) & Record<string, unknown> & { isRegisteredFormat(format: string): boolean };

// What cdktf gets for `require('archiver')` under jest (moduleNameMapper: test/support/lazy-archiver.ts), and
// the real one: cdktf's bundled copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const archiver = require('archiver') as Archiver;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const real = require(path.join(path.dirname(require.resolve('cdktf/package.json')), 'node_modules', 'archiver')) as Archiver;

describe('archiver as jest gives it to cdktf (loaded on first use)', () => {
  test('is the stand-in, with every function the real archiver has', () => {
    expect(archiver).not.toBe(real);
    expect(typeof archiver).toBe('function');
    expect(Object.keys(archiver).sort()).toEqual(Object.keys(real).sort());
    for (const key of Object.keys(real)) expect([key, typeof archiver[key]]).toEqual([key, typeof real[key]]);
  });

  test('makes a real zip archive through the real archiver', async () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
    const finished = new Promise((resolve) => sink.on('finish', resolve));
    const zip = archiver('zip');
    zip.pipe(sink);
    zip.append('hello', { name: 'a.txt' });
    await zip.finalize();
    await finished;
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a local file header
    expect(bytes.includes('a.txt')).toBe(true);
    expect(archiver.isRegisteredFormat('zip')).toBe(true);
  });
});
