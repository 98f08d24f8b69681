/**
 * One name, one text: a prepared statement's name stands for its text for the life of the
 * process (PostgreSQL keeps it per connection), so a second text under a name is a programming
 * error, refused on both engines alike.
 */
const texts = new Map<string, string>();

export function checkPreparedText(name: string, sql: string): void {
  const known = texts.get(name);
  if (known === undefined) texts.set(name, sql);
  else if (known !== sql) throw new Error(`prepared statement "${name}" has two texts`);
}
