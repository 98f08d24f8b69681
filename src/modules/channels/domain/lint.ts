/**
 * The message linter. `lintTemplateText` checks a template's text (placeholders allowed) against
 * every content rule; `lintMessage` checks a message about to leave: it must be a rendering of an
 * approved template (anything else is free text) and must say nothing a rule forbids. Each finding
 * names the rule, its source and the phrase, with its offsets in the original text.
 */
import { foldText, touchesLetter, type FoldedText } from './normalize.js';
import { lintRule, lintRules, type LintRuleId } from './lint-rules.js';
import { parseTemplateText, placeholderProblems } from './template-text.js';

export type LintFinding = {
  rule: LintRuleId;
  description: string;
  source: string;
  /** The offending phrase as written, and its [start, end) UTF-16 offsets in the text. */
  phrase: string;
  start: number;
  end: number;
};

type CompiledPattern = { re: RegExp; wholeWords: boolean };
type CompiledRule = { id: LintRuleId; patterns: CompiledPattern[] };

function compile(source: string, wholeWords: boolean): CompiledPattern {
  return { re: new RegExp(source.replace(/ /g, ''), 'gu'), wholeWords };
}

const compiled: CompiledRule[] = lintRules.map((r) => ({
  id: r.id,
  patterns: [...r.zh.map((p) => compile(p, false)), ...r.en.map((p) => compile(p, true))],
}));

function finding(rule: LintRuleId, text: string, start: number, end: number): LintFinding {
  const r = lintRule(rule);
  return {
    rule,
    description: r.description,
    source: r.source,
    phrase: text.slice(start, end),
    start,
    end,
  };
}

/** Matches of one pattern over folded text, as ranges of the original text. */
function matches(
  original: string,
  folded: FoldedText,
  p: CompiledPattern,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  p.re.lastIndex = 0;
  for (;;) {
    const m = p.re.exec(folded.text);
    if (!m) break;
    if (m[0].length === 0) {
      p.re.lastIndex++;
      continue;
    }
    const first = folded.charAt[m.index];
    const last = folded.charAt[m.index + m[0].length - 1];
    if (first === undefined || last === undefined) break;
    const start = folded.from[first]![0];
    const end = folded.from[last]![1];
    if (p.wholeWords && (touchesLetter(original, start - 1) || touchesLetter(original, end))) {
      p.re.lastIndex = m.index + 1;
      continue;
    }
    out.push([start, end]);
  }
  return out;
}

/** Keeps the first of overlapping findings of one rule, sorted by offset then rule. */
function tidy(findings: LintFinding[]): LintFinding[] {
  const order = lintRules.map((r) => r.id);
  const sorted = [...findings].sort(
    (a, b) => a.start - b.start || b.end - a.end || order.indexOf(a.rule) - order.indexOf(b.rule),
  );
  const kept: LintFinding[] = [];
  for (const f of sorted)
    if (!kept.some((k) => k.rule === f.rule && k.start < f.end && f.start < k.end)) kept.push(f);
  return kept;
}

function contentFindings(
  text: string,
  placeholders: Array<{ start: number; end: number }>,
  skip: ReadonlySet<LintRuleId>,
): LintFinding[] {
  const folded = foldText(text, placeholders);
  const out: LintFinding[] = [];
  for (const rule of compiled) {
    if (skip.has(rule.id)) continue;
    for (const p of rule.patterns)
      for (const [start, end] of matches(text, folded, p))
        out.push(finding(rule.id, text, start, end));
  }
  return out;
}

/** Lints a template's subject or body: content rules and placeholder problems. */
export function lintTemplateText(text: string): LintFinding[] {
  const placeholders = parseTemplateText(text).flatMap((p) =>
    p.kind === 'variable' ? [{ start: p.start, end: p.end }] : [],
  );
  const problems = placeholderProblems(text).map((p) =>
    finding('unknown_variable', text, p.start, p.end),
  );
  return tidy([...problems, ...contentFindings(text, placeholders, new Set())]);
}

/** Whether `text` is what `templateText` renders to for some values of its variables. */
export function isRenderingOf(text: string, templateText: string): boolean {
  const source = parseTemplateText(templateText)
    .map((p) => (p.kind === 'text' ? p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[\\s\\S]+?'))
    .join('');
  return new RegExp(`^${source}$`, 'u').test(text);
}

/**
 * Lints a message about to be sent. Free text (not a rendering of any approved template's text)
 * is one finding over the whole message; content rules apply to what was rendered, except literal
 * amounts (a rendered amount comes from a variable).
 */
export function lintMessage(text: string, approvedTexts: readonly string[]): LintFinding[] {
  const findings = contentFindings(text, [], new Set<LintRuleId>(['literal_amount']));
  if (!approvedTexts.some((t) => isRenderingOf(text, t)))
    findings.unshift(finding('free_text', text, 0, text.length));
  return tidy(findings);
}
