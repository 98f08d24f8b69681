/**
 * Why the arrangements module refuses a request: the stable `details.reason` of its 409s, which
 * the web app translates (the English message stays for logs and the CLI). Each refusal carries
 * the facts its message needs: amounts as minor-unit strings with their currency, roles by id.
 */
export const arrangementRefusals = [
  /** The plan or settlement was decided already (details.status says how). */
  'already_decided',
  /** The checker is the maker: a different person must decide. */
  'maker_is_checker',
  /** The checker's role is below the one the amount needs (details.required_role). */
  'above_authority',
  /** No role in the authority matrix may approve this much. */
  'beyond_authority',
  /** The maker's or checker's role is not in the authority matrix. */
  'unknown_role',
  /** More is open than the settlement forgave (e.g. interest accrued since the offer). */
  'open_exceeds_forgiven',
] as const;
export type ArrangementRefusal = (typeof arrangementRefusals)[number];
