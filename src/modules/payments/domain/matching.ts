/**
 * Reconciliation matching: which account does a statement entry pay? Rules in order (issue 5):
 *
 *   1. reference                 a reference the payer quoted (structured creditor reference,
 *                                end-to-end id, or a remittance line that is exactly a reference)
 *                                equals an account's payment reference            score 100
 *   2. account_id_in_remittance  an account id appears as a whole token in the remittance text
 *                                or a payer reference                             score 90
 *   3. name_and_amount           the debtor name equals the account's debtor name (case, accents,
 *                                spacing and word order ignored) and the amount equals one the
 *                                account expects (balance, installment, promise)  score 70
 *      name_only                 the name equals but no expected amount does       score 40
 *
 * The first rule that finds exactly one account matches the entry (rules 1 and 2; rule 3 only
 * when autoMatchNameAndAmount is set, since names are not unique and money posted to the wrong
 * debtor is worse than a review). Several accounts under one rule, or a name rule without
 * auto-match, make the entry "suggested": candidates with scores and reasons, for the review
 * queue. Accounts in another currency than the entry never match; debit entries and reversals
 * are not payments and stay unmatched. Pure: inputs are arrays, indexes are built per call.
 */
import type { StatementEntry } from './statement-entry.js';

export type MatchAccount = {
  readonly accountId: string;
  readonly currency: string;
  readonly debtorName: string | null;
  /** References the debtor was told to quote (e.g. a virtual account or payment reference). */
  readonly paymentReferences: readonly string[];
  /** Amounts a payment is likely to be: the balance, the installment due, the promised amount. */
  readonly expectedAmountsMinor: readonly bigint[];
};

export type MatchRule = 'reference' | 'account_id_in_remittance' | 'name_and_amount' | 'name_only';

export type MatchCandidate = {
  readonly accountId: string;
  readonly rule: MatchRule;
  readonly score: number;
  readonly reasons: readonly string[];
};

export type MatchedEntry = {
  readonly entry: StatementEntry;
  readonly accountId: string;
  readonly rule: MatchRule;
  readonly score: number;
  readonly reasons: readonly string[];
};
export type SuggestedEntry = {
  readonly entry: StatementEntry;
  readonly candidates: readonly MatchCandidate[];
};
export type UnmatchedEntry = { readonly entry: StatementEntry; readonly reason: string };

export type MatchOutcome = {
  readonly matched: readonly MatchedEntry[];
  readonly suggested: readonly SuggestedEntry[];
  readonly unmatched: readonly UnmatchedEntry[];
};

export type MatchOptions = {
  readonly autoMatchNameAndAmount?: boolean;
  /** Account ids shorter than this (normalised) are not searched for in free text. */
  readonly minAccountIdLength?: number;
  readonly maxSuggestions?: number;
};

const scores: Record<MatchRule, number> = {
  reference: 100,
  account_id_in_remittance: 90,
  name_and_amount: 70,
  name_only: 40,
};

/** Upper case, letters and digits only: "acc-000 123" -> "ACC000123". */
export function normalizeReference(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Name comparison key: accents, case, punctuation and word order ignored. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '')
    .sort()
    .join(' ');
}

/** Whole words, and their parts split at / . _ (so "INV/ACC-000789/11" yields ACC000789). */
function tokens(text: string): string[] {
  const words = text.split(/[\s,;:()[\]{}#'"<>|]+/u);
  const parts = words.flatMap((w) => w.split(/[/._]+/u));
  return [...words, ...parts].map(normalizeReference).filter((t) => t !== '');
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

type Index = {
  byReference: Map<string, MatchAccount[]>;
  byAccountId: Map<string, MatchAccount[]>;
  byName: Map<string, MatchAccount[]>;
};

function buildIndex(accounts: readonly MatchAccount[], minIdLength: number): Index {
  const index: Index = { byReference: new Map(), byAccountId: new Map(), byName: new Map() };
  for (const a of accounts) {
    for (const r of new Set(a.paymentReferences.map(normalizeReference)))
      if (r !== '') push(index.byReference, r, a);
    const id = normalizeReference(a.accountId);
    if (id.length >= minIdLength) push(index.byAccountId, id, a);
    if (a.debtorName) {
      const n = normalizeName(a.debtorName);
      if (n !== '') push(index.byName, n, a);
    }
  }
  return index;
}

function uniqueAccounts(list: MatchAccount[]): MatchAccount[] {
  return [...new Map(list.map((a) => [a.accountId, a])).values()];
}

export function matchEntries(
  entries: readonly StatementEntry[],
  accounts: readonly MatchAccount[],
  options: MatchOptions = {},
): MatchOutcome {
  const index = buildIndex(accounts, options.minAccountIdLength ?? 6);
  const maxSuggestions = options.maxSuggestions ?? 5;
  const matched: MatchedEntry[] = [];
  const suggested: SuggestedEntry[] = [];
  const unmatched: UnmatchedEntry[] = [];

  for (const entry of entries) {
    if (entry.direction !== 'credit' || entry.reversal) {
      unmatched.push({ entry, reason: 'not a payment (debit or reversal entry)' });
      continue;
    }
    let otherCurrency = false;
    const sameCurrency = (list: MatchAccount[]) => {
      const kept = list.filter((a) => a.currency === entry.currency);
      if (kept.length < list.length) otherCurrency = true;
      return kept;
    };

    // 1. reference
    const quoted = [...entry.payerReferences, ...entry.remittance].map(normalizeReference);
    const byRef = sameCurrency(
      uniqueAccounts(quoted.flatMap((r) => (r === '' ? [] : (index.byReference.get(r) ?? [])))),
    );
    // 2. account id in the remittance text or a payer reference
    const words = [...entry.payerReferences, ...entry.remittance].flatMap(tokens);
    const byId = sameCurrency(uniqueAccounts(words.flatMap((w) => index.byAccountId.get(w) ?? [])));
    // 3. debtor name (+ amount)
    const name = entry.debtorName ? normalizeName(entry.debtorName) : '';
    const byName = sameCurrency(name === '' ? [] : (index.byName.get(name) ?? []));
    const expects = (a: MatchAccount) => a.expectedAmountsMinor.includes(entry.amountMinor);

    const rule1 = byRef.map((a) => candidate(a, 'reference', 'payment reference quoted'));
    const rule2 = byId.map((a) =>
      candidate(a, 'account_id_in_remittance', `account id ${a.accountId} in remittance text`),
    );
    const rule3 = byName.map((a) =>
      expects(a)
        ? candidate(a, 'name_and_amount', 'debtor name and an expected amount agree')
        : candidate(a, 'name_only', 'debtor name agrees; the amount is not one expected'),
    );
    const withAmount = rule3.filter((c) => c.rule === 'name_and_amount');

    const single =
      rule1.length === 1
        ? rule1[0]
        : rule1.length === 0 && rule2.length === 1
          ? rule2[0]
          : rule1.length === 0 &&
              rule2.length === 0 &&
              options.autoMatchNameAndAmount === true &&
              withAmount.length === 1
            ? withAmount[0]
            : undefined;
    if (single !== undefined) {
      matched.push({ entry, ...single });
      continue;
    }
    const all = mergeCandidates([...rule1, ...rule2, ...rule3]).slice(0, maxSuggestions);
    if (all.length > 0) suggested.push({ entry, candidates: all });
    else
      unmatched.push({
        entry,
        reason: otherCurrency
          ? `only accounts in another currency than ${entry.currency} fit`
          : 'no reference, account id or debtor name fits any account',
      });
  }
  return { matched, suggested, unmatched };
}

function candidate(a: MatchAccount, rule: MatchRule, reason: string): MatchCandidate {
  return { accountId: a.accountId, rule, score: scores[rule], reasons: [reason] };
}

/** One candidate per account: the best rule's score, every reason; best first, then by id. */
function mergeCandidates(list: MatchCandidate[]): MatchCandidate[] {
  const by = new Map<string, MatchCandidate>();
  for (const c of list) {
    const prev = by.get(c.accountId);
    if (prev === undefined) by.set(c.accountId, c);
    else
      by.set(c.accountId, {
        ...(c.score > prev.score ? c : prev),
        reasons: [...prev.reasons, ...c.reasons],
      });
  }
  return [...by.values()].sort((a, b) => b.score - a.score || (a.accountId < b.accountId ? -1 : 1));
}
