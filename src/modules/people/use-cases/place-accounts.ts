import type { CalendarDate } from '../../../shared/calendar.js';
import type { Db } from '../../../shared/db/types.js';
import { AppError } from '../../../shared/errors.js';
import type { PeopleRefusal } from '../domain/refusals.js';
import {
  existingAccountIds,
  findAgency,
  findPortfolioIdByName,
  insertPlacements,
  lockCurrentPlacements,
} from '../store.js';

export type PlaceAccountsOptions = {
  db: Db;
  portfolio: string;
  agencyId: string;
  accountIds: readonly string[];
  placedOn: CalendarDate;
};

export type PlaceAccountsResult = { placed: number; alreadyPlaced: number };

/**
 * Places accounts with an agency from placedOn. An account already placed with the same agency is
 * left as it is; one placed with another agency is refused (recall it first). All or nothing.
 */
export async function placeAccounts(opts: PlaceAccountsOptions): Promise<PlaceAccountsResult> {
  const ids = [...new Set(opts.accountIds)];
  return opts.db.transaction(async (tx) => {
    const portfolioId = await findPortfolioIdByName(tx, opts.portfolio);
    if (portfolioId === undefined)
      throw new AppError('not_found', `no portfolio named "${opts.portfolio}"`, {
        portfolio: opts.portfolio,
      });
    const agency = await findAgency(tx, opts.agencyId);
    if (!agency)
      throw new AppError('not_found', `no agency "${opts.agencyId}"`, { agency_id: opts.agencyId });
    if (!agency.active)
      throw new AppError('conflict', `agency "${opts.agencyId}" is not active`, {
        agency_id: opts.agencyId,
        reason: 'agency_inactive' satisfies PeopleRefusal,
      });
    const existing = await existingAccountIds(tx, portfolioId, ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length > 0)
      throw new AppError('not_found', `${missing.length} account(s) not in the portfolio`, {
        account_ids: missing.slice(0, 100),
      });
    const current = await lockCurrentPlacements(tx, portfolioId, ids);
    const elsewhere = current.filter((p) => p.agency_id !== opts.agencyId);
    if (elsewhere.length > 0)
      throw new AppError(
        'conflict',
        `${elsewhere.length} account(s) are placed with another agency: recall them first`,
        {
          placements: elsewhere.slice(0, 100),
          count: elsewhere.length,
          reason: 'placed_elsewhere' satisfies PeopleRefusal,
        },
      );
    const here = new Set(current.map((p) => p.account_id));
    const toPlace = ids.filter((id) => !here.has(id));
    const placed = await insertPlacements(tx, portfolioId, opts.agencyId, toPlace, opts.placedOn);
    return { placed, alreadyPlaced: here.size };
  });
}
