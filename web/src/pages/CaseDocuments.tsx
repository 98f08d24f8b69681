/**
 * The documents a debtor gave (hardship evidence): upload a PDF, JPEG or PNG (the server checks it
 * by its content, seals it and records its SHA-256 in the evidence log), download them, and tick
 * those a hardship claim names.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type DebtorDocument } from '../api';
import { LoadState } from '../components/common';
import { errorMessage } from '../errors';
import { formatInstant } from '../format';
import { useSession } from '../session';
import { useApi } from '../use-api';

const maxBytes = 10 * 1024 * 1024;
const accepted = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

function size(bytes: number, lng: string): string {
  const kib = bytes / 1024;
  const n = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 });
  return kib < 1024 ? `${n.format(kib)} KiB` : `${n.format(kib / 1024)} MiB`;
}

/** The ticked documents as a hardship claim (an outcome's or a plan's) names them: id and hash. */
export function documentReferences(documents: DebtorDocument[]) {
  return documents.map((d) => ({ document_id: d.document_id, sha256: d.sha256 }));
}

/** Which ticked documents back a hardship claim, or how to attach some. */
export function HardshipDocuments(props: { documents: DebtorDocument[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <p className="muted small" data-testid={props.testId}>
      {props.documents.length === 0
        ? t('work.hardshipNoDocuments')
        : t('work.hardshipDocuments', {
            names: props.documents.map((d) => d.file_name).join(', '),
          })}
    </p>
  );
}

export function CaseDocuments(props: {
  portfolioId: number;
  debtorId: string;
  selected: DebtorDocument[];
  onSelect: (docs: DebtorDocument[]) => void;
}) {
  const { portfolioId, debtorId, selected, onSelect } = props;
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const base = `/api/v1/portfolios/${portfolioId}/debtors/${encodeURIComponent(debtorId)}/documents`;
  const list = useApi<{ items: DebtorDocument[] }>(can('documents.read') ? base : null);
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const upload = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setDone(null);
    // said before sending 10 MiB for nothing; the server checks again
    if (file.size > maxBytes) {
      setError(t('errors.file.too_large'));
      return;
    }
    setBusy(true);
    try {
      const doc = await api<DebtorDocument>(`${base}?file_name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        file,
      });
      setDone(t('docs.uploaded', { name: doc.file_name }));
      onSelect([...selected, doc]);
      setFile(null);
      if (input.current) input.current.value = '';
      list.reload();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (doc: DebtorDocument, on: boolean) =>
    onSelect(on ? [...selected, doc] : selected.filter((d) => d.document_id !== doc.document_id));

  return (
    <section className="panel" aria-labelledby="docs-title" data-testid="documents">
      <h2 id="docs-title">{t('docs.title')}</h2>
      {can('documents.upload') && (
        <form className="form" onSubmit={upload}>
          <label className="field">
            <span>{t('docs.choose')}</span>
            <input
              ref={input}
              id="document-file"
              className="file-input"
              type="file"
              accept={accepted}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </label>
          <p className="muted small">{t('docs.hint')}</p>
          <button type="submit" id="upload-document" disabled={!file || busy}>
            {busy ? t('docs.uploading') : t('docs.upload')}
          </button>
          {error && (
            <p className="error" role="alert" data-testid="upload-error">
              {error}
            </p>
          )}
          {done && (
            <p className="allowed" role="status" data-testid="upload-done">
              {done}
            </p>
          )}
        </form>
      )}
      {list.data === null ? (
        list.error !== null || can('documents.read') ? (
          <LoadState error={list.error} onRetry={list.reload} />
        ) : null
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('docs.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact" data-testid="document-list">
            <caption className="sr-only">{t('docs.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('docs.attach')}</th>
                <th scope="col">{t('docs.name')}</th>
                <th scope="col" className="num">
                  {t('docs.size')}
                </th>
                <th scope="col">{t('docs.when')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.document_id} data-document-id={d.document_id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${t('docs.attach')}: ${d.file_name}`}
                      checked={selected.some((s) => s.document_id === d.document_id)}
                      onChange={(e) => toggle(d, e.target.checked)}
                    />
                  </td>
                  <td>
                    <a href={`${base}/${d.document_id}/content`} download={d.file_name}>
                      {d.file_name}
                    </a>
                    <br />
                    <code className="muted small" title={t('docs.fingerprint')}>
                      {d.sha256.slice(0, 12)}…
                    </code>
                  </td>
                  <td className="num">{size(d.size_bytes, i18n.language)}</td>
                  <td>{formatInstant(d.uploaded_at, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('docs.attachHint')}</p>
        </div>
      )}
    </section>
  );
}
