/** The arrangements module's public surface: other modules import only from here. */
export * from './domain/index.js';
export type { PromiseRow } from './store.js';
export { makePromise, maxPromiseDays, type MakePromiseOptions } from './use-cases/make-promise.js';
export {
  creditPromises,
  type CreditPromisesOptions,
  type PromiseCreditResult,
} from './use-cases/credit-promises.js';
export {
  resolvePromises,
  type ResolvePromisesOptions,
  type ResolvePromisesResult,
} from './use-cases/resolve-promises.js';
