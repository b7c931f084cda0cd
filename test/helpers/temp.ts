// Temp folders for tests: one per test, removed after it; one made outside a test (in beforeAll, for a case a whole
// file's tests share) is removed after the file. The engine reopens its case file whenever it switches between
// reading and writing (store/shared-case.ts), so a shared case must outlive the test that first used it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect } from 'vitest';

const perTest: string[] = [];
const perFile: string[] = [];

const removeAll = (dirs: string[]) =>
  Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
afterEach(() => removeAll(perTest));
afterAll(() => removeAll(perFile));

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trailscope-test-'));
  (expect.getState().currentTestName === undefined ? perFile : perTest).push(dir);
  return dir;
}

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
