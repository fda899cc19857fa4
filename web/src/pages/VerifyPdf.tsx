import { useState } from 'preact/hooks';
import { sendWithProgress } from '../api';
import { Problem } from '../components/Problem';
import { shortHash } from '../format';
import { useI18n } from '../i18n';

export interface Verification {
  sha256: string;
  knownDocument?: { debtId: string; documentId: string };
  signatures: Array<{
    signer: string;
    signedAt?: string;
    digestValid: boolean;
    coversWholeDocument: boolean;
    certificateTrusted: boolean;
    subFilter: string;
    timestamp?: { time?: string; valid?: boolean } | null;
  }>;
  valid: boolean;
}

const yes = (value: boolean) => (value ? '✔' : '✘');

/** The result of verifying a PDF: every signature's checks, and whether we hold the file. */
export function VerificationResult({ result }: { result: Verification }) {
  const { t } = useI18n();
  return (
    <section aria-live="polite">
      <p class={`badge-line ${result.valid ? 'ok' : 'danger'}`} data-testid="verify-status">
        {result.valid ? `✔ ${t('signatureValid')}` : `✘ ${t('signatureInvalid')}`}
      </p>
      <p>
        SHA-256 <code title={result.sha256}>{shortHash(result.sha256)}</code>{' '}
        {result.knownDocument ? <a href={`/debts/${result.knownDocument.debtId}`}>{t('knownDocument')}</a> : <span class="muted">{t('unknownDocument')}</span>}
      </p>
      {result.signatures.length === 0 ? (
        <p>{t('noSignatures')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('signer')}</th>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('digestValid')}</th>
              <th scope="col">{t('coversWhole')}</th>
              <th scope="col">{t('trusted')}</th>
              <th scope="col">{t('timestamp')}</th>
            </tr>
          </thead>
          <tbody>
            {result.signatures.map((signature, index) => (
              <tr key={index}>
                <td>{signature.signer}</td>
                <td>{signature.signedAt ?? '—'}</td>
                <td>{yes(signature.digestValid)}</td>
                <td>{yes(signature.coversWholeDocument)}</td>
                <td>{yes(signature.certificateTrusted)}</td>
                <td>{signature.timestamp ? `${signature.timestamp.time ?? ''} ${signature.timestamp.valid === false ? '✘' : '✔'}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Any signed-in user: check a PDF's seals and signatures (POST /v1/verify). */
export function VerifyPdf() {
  const { t } = useI18n();
  const [result, setResult] = useState<Verification>();
  const [error, setError] = useState<unknown>();

  async function verify(file: File) {
    setError(undefined);
    setResult(undefined);
    const form = new FormData();
    form.set('file', file, file.name);
    try {
      setResult(await sendWithProgress<Verification>('POST', '/v1/verify', form, () => undefined));
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <main>
      <h1>{t('verifyPdf')}</h1>
      <label class="button">
        {t('chooseFile')}
        <input class="visually-hidden" type="file" accept="application/pdf" onChange={(e) => e.currentTarget.files?.[0] && void verify(e.currentTarget.files[0])} />
      </label>
      <Problem error={error} />
      {result && <VerificationResult result={result} />}
    </main>
  );
}
