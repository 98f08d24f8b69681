/**
 * The demo's approved message library (domain/demo-templates.ts), inserted once: a rerun changes
 * nothing. Each text is linted first; a demo text with findings is a bug and fails loudly.
 */
import type { Queryable } from '../../../shared/db/types.js';
import { demoTemplates } from '../domain/demo-templates.js';
import { insertApprovedVersion } from '../store.js';
import { lintVersionText } from './create-template-version.js';

export type SeedDemoTemplatesOptions = { tx: Queryable };

export const demoMaker = 'system:demo-maker';
export const demoChecker = 'system:demo-checker';

export async function seedDemoTemplates(
  opts: SeedDemoTemplatesOptions,
): Promise<{ inserted: number }> {
  let inserted = 0;
  for (const t of demoTemplates) {
    const findings = lintVersionText(t.subject, t.body);
    if (findings.length > 0)
      throw new Error(
        `demo template ${t.templateId} has lint findings: ${findings.map((f) => f.rule).join(', ')}`,
      );
    if (
      await insertApprovedVersion(opts.tx, {
        ...t,
        maker: demoMaker,
        checker: demoChecker,
      })
    )
      inserted++;
  }
  return { inserted };
}
