// A network body is read up to its cap and no further (issue 14, item 10): an API page or an S3 object that runs on
// stops the read, and the stream is destroyed. Through real servers in test/integration/api-sync and s3-sync tests.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCapped } from '../../../../../src/main/core/sources/read-capped';

describe('readCapped', () => {
  it('returns the whole body when it fits, exactly at the cap included', async () => {
    const chunks = [Buffer.from('ab'), Buffer.from('cde'), Buffer.from('f')];
    expect((await readCapped(Readable.from(chunks), 6))?.toString()).toBe('abcdef');
    expect((await readCapped(Readable.from([]), 0))?.length).toBe(0);
  });

  it('stops at the first chunk past the cap of an endless body and destroys the stream', async () => {
    let pulled = 0;
    const endless = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(1024, 0x20);
        }
      })(),
    );

    expect(await readCapped(endless, 10 * 1024)).toBeNull();
    expect(endless.destroyed).toBe(true);
    // Readable.from reads ahead a little, never on and on.
    expect(pulled).toBeLessThan(40);
  });
});
