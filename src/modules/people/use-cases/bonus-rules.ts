import type { Queryable } from '../../../shared/db/types.js';
import { defaultBonusRules, parseBonusRules, type BonusRules } from '../../strategy/index.js';
import { readSetting, writeSetting } from '../store.js';

const key = 'people.bonus_rules';

export type GetBonusRulesOptions = { db: Queryable };

/** The configured bonus rules, or the default (20% of the bonus base at >= 90% of target). */
export async function getBonusRules({ db }: GetBonusRulesOptions): Promise<BonusRules> {
  const stored = await readSetting(db, key);
  return stored === undefined ? defaultBonusRules : parseBonusRules(JSON.parse(stored));
}

export type SetBonusRulesOptions = { db: Queryable; rules: unknown };

/** Validates and stores the bonus rules (validation_failed naming the offending path). */
export async function setBonusRules({ db, rules }: SetBonusRulesOptions): Promise<BonusRules> {
  const parsed = parseBonusRules(rules);
  await writeSetting(db, key, JSON.stringify(parsed));
  return parsed;
}
