/**
 * Documents over HTTP on both engines: an upload checked by its content and sealed at rest with
 * its hash and evidence entry, the 10 MiB limit on this route only, download in scope.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureApp, type FixtureApp } from '../../../test/support/api-fixture.js';
import { tokenFor } from '../../../test/support/auth.js';
import { engines } from '../../../test/support/databases.js';
import { insertCollector } from '../queues/testing.js';
import { maxDocumentBytes } from './index.js';

type ErrorBody = { error: { code: string; message: string; details: unknown } };
type DocumentBody = {
  document_id: string;
  debtor_id: string;
  account_id: string | null;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string;
  evidence_seq: string;
};

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR medical letter 医疗证明 body'),
]);
const pdfOf = (size: number) => {
  const b = Buffer.alloc(size, 0x20);
  b.write('%PDF-1.7\n');
  return b;
};

describe.each(engines)('documents over HTTP on %s', (engine) => {
  let f: FixtureApp;
  let alpha: string;
  const debtorPath = (debtor: string) => `/api/v1/portfolios/${alpha}/debtors/${debtor}/documents`;

  const upload = (
    debtor: string,
    body: Buffer | string,
    type: string,
    query = 'file_name=letter.png',
    headers: Record<string, string> = {},
  ) =>
    f.app.inject({
      method: 'POST',
      url: `${debtorPath(debtor)}?${query}`,
      headers: { 'content-type': type, ...headers },
      payload: body,
    });

  beforeAll(async () => {
    f = await fixtureApp(engine);
    const [p] = await f.db.query<{ portfolio_id: bigint }>(
      "SELECT portfolio_id FROM portfolios WHERE name = 'alpha'",
    );
    alpha = String(p!.portfolio_id);
  });
  afterAll(() => f.close());

  it('takes a PNG, seals it, records its hash and an evidence entry, and gives it back', async () => {
    const res = await upload(
      'D-A-004',
      png,
      'image/png',
      'file_name=医疗证明.png&account_id=A-004',
    );
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json<DocumentBody>();
    const sha256 = createHash('sha256').update(png).digest('hex');
    expect(doc).toMatchObject({
      debtor_id: 'D-A-004',
      account_id: 'A-004',
      file_name: '医疗证明.png',
      media_type: 'image/png',
      size_bytes: png.length,
      sha256,
    });
    // sealed: the stored bytes are not the file
    const [stored] = await f.db.query<{ content_sealed: Uint8Array }>(
      'SELECT content_sealed FROM documents WHERE document_id = $1',
      [doc.document_id],
    );
    expect(Buffer.from(stored!.content_sealed).includes(Buffer.from('medical letter'))).toBe(false);
    // the evidence entry: the hash and size, not the name
    const evidence = await f.app.inject(`/api/v1/portfolios/${alpha}/debtors/D-A-004/evidence`);
    const entry = evidence
      .json<{ items: { seq: number; kind: string; account_id: string; payload: unknown }[] }>()
      .items.find((e) => String(e.seq) === doc.evidence_seq);
    expect(entry).toMatchObject({
      kind: 'document_upload',
      account_id: 'A-004',
      payload: { media_type: 'image/png', size_bytes: png.length, sha256 },
    });
    expect(JSON.stringify(entry!.payload)).not.toContain('医疗');

    const list = await f.app.inject(debtorPath('D-A-004'));
    expect(list.json<{ items: DocumentBody[] }>().items.map((d) => d.document_id)).toEqual([
      doc.document_id,
    ]);
    const got = await f.app.inject(`${debtorPath('D-A-004')}/${doc.document_id}/content`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('医疗证明.png')}`,
    );
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.rawPayload.equals(png)).toBe(true);
  });

  it('takes up to 10 MiB on this route, where other routes stop at 1 MiB', async () => {
    const big = pdfOf(3 * 1024 * 1024);
    const res = await upload('D-A-005', big, 'application/pdf', 'file_name=scan.pdf');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<DocumentBody>().sha256).toBe(createHash('sha256').update(big).digest('hex'));
    const over = await upload('D-A-005', pdfOf(maxDocumentBytes + 1), 'application/pdf');
    expect(over.statusCode).toBe(413);
    expect(over.json<ErrorBody>().error.code).toBe('payload_too_large');
    const elsewhere = await f.app.inject({
      method: 'POST',
      url: '/api/v1/templates/lint',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024), mode: 'message' }),
    });
    expect(elsewhere.statusCode).toBe(413);
  }, 60_000);

  it.each([
    [
      'an executable declared as a PDF',
      Buffer.from('MZ\x90\x00 this program'),
      'application/pdf',
      'type_mismatch',
    ],
    ['a PNG declared as a JPEG', png, 'image/jpeg', 'type_mismatch'],
    ['HTML', Buffer.from('<html><script>x</script></html>'), 'text/html', 'type_not_allowed'],
    ['a PDF sent as octet-stream', pdfOf(100), 'application/octet-stream', 'type_not_allowed'],
    ['JSON instead of a file', '{}', 'application/json', 'type_not_allowed'],
  ])('refuses %s', async (_what, body, type, reason) => {
    const res = await upload('D-A-006', body, type);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json<ErrorBody>().error).toMatchObject({
      code: 'invalid_file',
      details: { reason },
    });
    const [n] = await f.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM documents WHERE debtor_id = 'D-A-006'",
    );
    expect(n!.n).toBe(0);
  });

  it('refuses an unknown debtor, another debtor’s account and a missing name', async () => {
    expect((await upload('D-NOBODY', png, 'image/png')).statusCode).toBe(404);
    const notTheirs = await upload('D-A-006', png, 'image/png', 'file_name=a.png&account_id=A-007');
    expect(notTheirs.statusCode).toBe(400);
    expect(notTheirs.json<ErrorBody>().error.details).toEqual([
      { field: 'account_id', message: 'not an account of this debtor' },
    ]);
    expect((await upload('D-A-006', png, 'image/png', 'file_name=..')).statusCode).toBe(400);
    expect((await upload('D-A-006', png, 'image/png', '')).statusCode).toBe(400);
    expect((await f.app.inject(`${debtorPath('D-A-004')}/999999/content`)).statusCode).toBe(404);
  });

  it('answers a collector only about debtors of their cases (404 otherwise)', async () => {
    const doc = (await upload('D-A-008', png, 'image/png')).json<DocumentBody>();
    await insertCollector(f.db, { id: 'C-DOC' });
    const token = await tokenFor(f.db, { role: 'collector', collectorId: 'C-DOC' });
    const headers = { authorization: `Bearer ${token}` };
    for (const res of [
      await upload('D-A-008', png, 'image/png', 'file_name=x.png', headers),
      await f.app.inject({ url: debtorPath('D-A-008'), headers }),
      await f.app.inject({ url: `${debtorPath('D-A-008')}/${doc.document_id}/content`, headers }),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json<ErrorBody>().error.details).toEqual({ reason: 'out_of_scope' });
    }
  });
});
