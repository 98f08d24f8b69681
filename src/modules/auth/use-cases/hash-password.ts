import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../../shared/errors.js';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). */
const params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const minPasswordLength = 12;

/** The PHC string of a password, after checking it is long enough. */
export async function hashPassword(password: string): Promise<string> {
  if (password.length < minPasswordLength || password.length > 1024)
    throw new AppError(
      'validation_failed',
      `a password must have ${minPasswordLength} to 1024 characters`,
      [{ field: 'password', message: `at least ${minPasswordLength} characters` }],
    );
  return hash(password, params);
}

/** A hash of a password nobody has, checked when the user is unknown so timing tells nothing. */
let decoy: Promise<string> | undefined;

export async function checkPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    decoy ??= hash('recourse-decoy-password', params);
    await verify(await decoy, password);
    return false;
  }
  return verify(phc, password);
}
