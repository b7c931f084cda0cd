// axe-core in the page: its axe.min.js added as a script tag (playwright-core's addScriptTag), then `axe.run` over
// the whole document with every rule axe enables by default. Each violation comes back as one line naming its rule,
// impact and the elements it found, so a failing assertion says what to fix.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** `rule (impact): target, target — help` for every violation on the page as it is now; [] when there is none. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: object): Promise<unknown> };
      document: unknown;
    };
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as { violations: AxeViolation[] };
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'no impact'}): ${v.nodes.map((n) => n.target.map(String).join(' ')).join(', ')} — ${v.help}`,
  );
}
