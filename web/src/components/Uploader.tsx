import { useRef, useState } from 'preact/hooks';
import { DOCUMENT_TYPES, type DocumentType, roleToAddDocument, TYPES_ALLOWED_AFTER_HANDOFF } from '../../../functions/core/document-types';
import { api, sendWithProgress } from '../api';
import { DOCUMENT_TYPE_NAMES, useI18n } from '../i18n';
import { useSession } from '../session';
import type { Debt, EvidenceDocument } from '../types';
import { Problem } from './Problem';

/** Files above this go through an upload session (signed URL), below it inline as multipart. */
const SESSION_THRESHOLD = 20 * 1024 * 1024;

function presignedPostForm(fields: Record<string, string>, file: File): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set('file', file, file.name);
  return form;
}

async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Drag-and-drop (or keyboard: the file button) upload with a progress bar. Offers only the
 * document types the user's roles may add (DESIGN §5), and after handoff only those a frozen
 * file still takes.
 */
export function Uploader({ debt, onUploaded }: { debt: Debt; onUploaded: (document: EvidenceDocument) => void }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const types = DOCUMENT_TYPES.filter(
    (type) => roleToAddDocument(user.roles, type) && (debt.status !== 'handed_off' || TYPES_ALLOWED_AFTER_HANDOFF.includes(type)),
  );
  const [chosen, setType] = useState<DocumentType | undefined>(types[0]);
  // The choice must stay among the allowed types (they shrink when the file is handed off).
  const type = chosen && types.includes(chosen) ? chosen : types[0];
  const [title, setTitle] = useState('');
  const [documentDate, setDocumentDate] = useState('');
  const [progress, setProgress] = useState<number | undefined>();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  if (types.length === 0 || debt.status === 'closed') return null;

  async function upload(file: File) {
    if (!type) return;
    setError(undefined);
    setMessage('');
    setProgress(0);
    const fields = { type, ...(title ? { title } : {}), ...(documentDate ? { documentDate } : {}) };
    try {
      let document: EvidenceDocument;
      if (file.size > SESSION_THRESHOLD) {
        const session = await api<{ uploadId: string; url: string; method: 'PUT' | 'POST'; fields?: Record<string, string> }>('POST', `/v1/debts/${debt.id}/uploads`, {
          ...fields,
          filename: file.name,
          contentType: file.type || 'application/octet-stream',
          size: file.size,
          sha256: await sha256Hex(file),
        });
        // Embedded: PUT the bytes to a signed URL. AWS: an S3 presigned POST, its fields first, the file last.
        const body = session.method === 'POST' ? presignedPostForm(session.fields ?? {}, file) : file;
        await sendWithProgress(session.method, session.url, body, setProgress, false);
        document = await api<EvidenceDocument>('POST', `/v1/debts/${debt.id}/uploads/${session.uploadId}/complete`);
      } else {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.set(name, value);
        form.set('file', file, file.name);
        document = await sendWithProgress<EvidenceDocument>('POST', `/v1/debts/${debt.id}/documents`, form, setProgress);
      }
      setMessage(t('uploaded', { name: document.filename }));
      onUploaded(document);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(undefined);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <section class="uploader" aria-labelledby="upload-heading">
      <h3 id="upload-heading">{t('upload')}</h3>
      <div class="row">
        <label>
          {t('type')}
          <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as DocumentType)}>
            {types.map((value) => (
              <option key={value} value={value}>
                {DOCUMENT_TYPE_NAMES[locale][value]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('title')}
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label>
          {t('documentDate')}
          <input name="documentDate" type="date" value={documentDate} onInput={(e) => setDocumentDate(e.currentTarget.value)} />
        </label>
      </div>
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer?.files[0];
          if (file) void upload(file);
        }}
      >
        <p>{t('dropHere')}</p>
        <label class="button">
          {t('chooseFile')}
          <input
            ref={input}
            class="visually-hidden"
            type="file"
            name="file"
            accept="application/pdf,image/png,image/jpeg,image/tiff"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
        </label>
      </div>
      {progress !== undefined && (
        <div>
          <progress max={1} value={progress} aria-label={t('uploading', { p: Math.round(progress * 100) })} />
          <span aria-live="polite">{t('uploading', { p: Math.round(progress * 100) })}</span>
        </div>
      )}
      {message && (
        <p role="status" class="ok">
          {message}
        </p>
      )}
      <Problem error={error} />
    </section>
  );
}
