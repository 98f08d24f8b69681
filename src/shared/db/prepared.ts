/**
 * One name, one text: a prepared statement's name stands for its text for the life of the
 * process (PostgreSQL keeps it per connection), so a second text under a name is a programming
 * error, refused on both engines alike.
 */
import { createHash } from 'node:crypto';

const texts = new Map<string, string>();

export function checkPreparedText(name: string, sql: string): void {
  const known = texts.get(name);
  if (known === undefined) texts.set(name, sql);
  else if (known !== sql) throw new Error(`prepared statement "${name}" has two texts`);
}

const derived = new Map<string, string>();

/**
 * A name for a statement whose text is built from a few constant parts (one name per distinct
 * text): the prefix and a digest of the text.
 */
export function preparedNameOf(prefix: string, sql: string): string {
  let name = derived.get(sql);
  if (name === undefined) {
    name = `${prefix}_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    derived.set(sql, name);
  }
  return name;
}
