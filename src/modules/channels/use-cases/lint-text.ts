/**
 * Lints arbitrary text: as a template (content rules and placeholders), or as a message about to
 * be sent (it must also be a rendering of an approved template: anything else is free text).
 */
import type { Db } from '../../../shared/db/types.js';
import { lintMessage, lintTemplateText, type LintFinding } from '../domain/lint.js';
import { approvedTexts } from '../store.js';

export type LintTextOptions = { db: Db; text: string; mode: 'template' | 'message' };

export async function lintText(opts: LintTextOptions): Promise<LintFinding[]> {
  if (opts.mode === 'template') return lintTemplateText(opts.text);
  const texts = await approvedTexts(opts.db);
  return lintMessage(
    opts.text,
    texts.flatMap((t) => (t.subject === null ? [t.body] : [t.body, t.subject])),
  );
}
