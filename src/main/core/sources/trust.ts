// This user's trust in the sources of cases: that source api-1 of case <id> may send this secret to this host. It
// lives in the user's own config folder, never in a case, so a case file cannot vouch for itself: a case made by
// someone else syncs only what this user confirmed. A record holds a fingerprint of the source's security-relevant
// settings, so a source changed in the case file (another host, another variable) is asked about again.
import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors';
import type { SecretStore } from '../secrets';
import type { SavedSource } from '../store/sources-repo';
import { describeSource, sourceDestination } from './source-summary';

/** The file in the user's config folder (`$XDG_CONFIG_HOME/trailscope`, or the app's user-data folder). */
export const TRUST_FILE = 'trusted-sources.json';

const recordSchema = z.object({
  fingerprint: z.string(),
  destination: z.string(),
  credentials: z.string(),
  trustedAt: z.string(),
});
const fileSchema = z.object({ version: z.literal(1), sources: z.record(z.string(), recordSchema) });
type TrustFile = z.infer<typeof fileSchema>;

/** What decides where a sync sends which credential: any change to these asks the user again. */
export function sourceFingerprint(caseId: string, source: SavedSource): string {
  const relevant =
    source.kind === 'api'
      ? [
          source.settings.preset,
          source.settings.baseUrl,
          source.settings.region,
          source.settings.tokenRef,
          source.settings.serviceAccountKeyRef,
          source.settings.subject,
        ]
      : [
          source.settings.bucket,
          source.settings.region,
          source.settings.endpoint,
          source.settings.pathStyle,
          source.settings.profile,
          source.settings.accessKeyIdRef,
          source.settings.secretAccessKeyRef,
        ];
  const material = JSON.stringify([caseId, source.id, source.kind, sourceDestination(source), ...relevant]);
  return createHash('sha256').update(material).digest('hex');
}

export class SourceTrust {
  private readonly memory: TrustFile = { version: 1, sources: {} };
  private writes: Promise<unknown> = Promise.resolve();

  /** `folder`: where the trust file lives; null keeps trust for this object's life only (nothing on disk). */
  constructor(private readonly folder: string | null) {}

  /** Null when this user trusts the source as it is now; else why not, naming the host and the secret. */
  async doubt(caseId: string, source: SavedSource, secrets: SecretStore): Promise<string | null> {
    const record = (await this.read()).sources[key(caseId, source.id)];
    if (record?.fingerprint === sourceFingerprint(caseId, source)) return null;
    const { credentials } = describeSource(source, secrets);
    return (
      `Source ${source.id} would send ${credentials} to ${sourceDestination(source)}, and you have not confirmed ` +
      `that for this case (${record ? 'the source changed since you did' : 'you did not add this source yourself'}).`
    );
  }

  /** Throws UNTRUSTED_SOURCE, naming the host and the secret, unless this user trusts the source as it is now. */
  async check(caseId: string, source: SavedSource, secrets: SecretStore): Promise<void> {
    const doubt = await this.doubt(caseId, source, secrets);
    if (doubt === null) return;
    throw new AppError(
      'UNTRUSTED_SOURCE',
      `${doubt} Nothing was sent. If that is right, trust it: sync again with --trust-source ${source.id}, or ` +
        'confirm in the app.',
    );
  }

  /** Records that this user trusts the source as it is now (they added it, or confirmed it). */
  async grant(caseId: string, source: SavedSource, secrets: SecretStore): Promise<void> {
    const write = this.writes.then(async () => {
      const file = await this.read();
      file.sources[key(caseId, source.id)] = {
        fingerprint: sourceFingerprint(caseId, source),
        destination: sourceDestination(source),
        credentials: describeSource(source, secrets).credentials,
        trustedAt: new Date().toISOString(),
      };
      await this.write(file);
    });
    this.writes = write.catch(() => undefined);
    await write;
  }

  private async read(): Promise<TrustFile> {
    if (this.folder === null) return this.memory;
    const path = join(this.folder, TRUST_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, sources: {} };
      throw new AppError('IO', `Could not read ${path}: ${(error as Error).message}`);
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch {
      throw new AppError('IO', `${path} is not a Trailscope trust file; move it away and confirm your sources again.`);
    }
  }

  /** Owner-only folder and file, written to a temp file and renamed, so a crash never leaves half a file. */
  private async write(file: TrustFile): Promise<void> {
    if (this.folder === null) return;
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    await chmod(this.folder, 0o700);
    const path = join(this.folder, TRUST_FILE);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(file, null, 1), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, path);
  }
}

const key = (caseId: string, sourceId: string) => `${caseId}/${sourceId}`;
