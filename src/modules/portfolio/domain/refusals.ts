/**
 * Why the portfolio module refuses a request: the stable `details.reason` of its 409s, which the
 * web app translates (the English message stays for logs and the CLI).
 */
export const portfolioRefusals = [
  /** The account id is in several portfolios: name one (details.portfolios). */
  'ambiguous_account',
] as const;
export type PortfolioRefusal = (typeof portfolioRefusals)[number];
