import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, download } from '../api';
import { LanguageSelect } from '../components/LanguageSelect';
import { PageView } from '../components/PageView';
import { Problem } from '../components/Problem';
import { SignaturePad } from '../components/SignaturePad';
import { useAsync } from '../components/useAsync';
import { shortHash } from '../format';
import { useI18n } from '../i18n';

interface SigningView {
  request: { id: string; title: string; language: string; mode: string; status: string; expiresAt: string; requestedBy: string };
  document: { title: string; sha256: string; pages: number; href: string };
  signer: { name: string; status: string; contact: string };
  consent: string;
  waiting?: string;
}

/**
 * The debtor signer's page (no account: the link's token is the authority), made for a phone:
 * read the document, get a one-time code, consent, draw or type a signature, or decline.
 */
export function SignerPage({ token }: { token: string }) {
  const { t } = useI18n();
  const base = `/v1/sign/${encodeURIComponent(token)}`;
  const view = useAsync(() => api<SigningView>('GET', base), [token]);
  const pdf = useAsync(() => download(`${base}/document`), [token]);
  const [page, setPage] = useState(1);
  const [codeSentTo, setCodeSentTo] = useState<string>();
  const [otp, setOtp] = useState('');
  const [consent, setConsent] = useState(false);
  const [kind, setKind] = useState<'drawn' | 'typed'>('drawn');
  const [png, setPng] = useState<string>();
  const [typed, setTyped] = useState('');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<'signed' | 'declined'>();
  const [error, setError] = useState<unknown>();
  const onDrawn = useCallback((value: string | undefined) => setPng(value), []);
  const pdfUrl = useMemo(() => (pdf.data ? URL.createObjectURL(pdf.data) : undefined), [pdf.data]);
  useEffect(() => () => pdfUrl && URL.revokeObjectURL(pdfUrl), [pdfUrl]);

  async function act(run: () => Promise<void>) {
    setError(undefined);
    try {
      await run();
    } catch (caught) {
      setError(caught);
    }
  }

  const v = view.data;
  if (view.error) return <main class="signer"><Problem error={view.error} /></main>;
  if (!v) return <main class="signer" aria-busy="true" />;
  if (done) return <main class="signer"><p role="status" class="badge-line ok">{done === 'signed' ? t('signedThanks') : t('declinedThanks')}</p></main>;
  return (
    <main class="signer">
      <div class="row">
        <h1>{t('signDocument')}</h1>
        <LanguageSelect />
      </div>
      <h2>{v.document.title}</h2>
      <p class="muted">
        {t('requestedBy')}: {v.request.requestedBy} · {v.signer.name} · SHA-256 <code>{shortHash(v.document.sha256)}</code>
      </p>
      {v.waiting && <p role="status" class="warn">{v.waiting}</p>}
      {pdf.data && (
        <section aria-label={t('readDocument')}>
          <PageView file={pdf.data} contentType="application/pdf" page={page} boxes={[]} />
          <div class="row">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>‹</button>
            <span>{page} / {v.document.pages}</span>
            <button type="button" disabled={page >= v.document.pages} onClick={() => setPage(page + 1)}>›</button>
            <a href={pdfUrl} target="_blank" rel="noopener">{t('readDocument')}</a>
          </div>
        </section>
      )}
      {!v.waiting && !declining && (
        <form
          class="stacked"
          onSubmit={(event) => {
            event.preventDefault();
            void act(async () => {
              const signature = kind === 'drawn' ? { kind, png } : { kind, text: typed };
              await api('POST', base, { otp, consent, signature });
              setDone('signed');
            });
          }}
        >
          <button type="button" onClick={() => void act(async () => setCodeSentTo((await api<{ sentTo: string }>('POST', `${base}/otp`)).sentTo))}>
            {t('sendCode')}
          </button>
          {codeSentTo && <p role="status">{t('codeSentTo', { to: codeSentTo })}</p>}
          <label>
            {t('code')}
            <input name="otp" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} value={otp} onInput={(e) => setOtp(e.currentTarget.value.trim())} />
          </label>
          <fieldset>
            <legend>{t('signatureKind')}</legend>
            <label class="inline">
              <input type="radio" name="kind" checked={kind === 'drawn'} onChange={() => setKind('drawn')} /> {t('drawSignature')}
            </label>
            <label class="inline">
              <input type="radio" name="kind" checked={kind === 'typed'} onChange={() => setKind('typed')} /> {t('typeSignature')}
            </label>
          </fieldset>
          {kind === 'drawn' ? (
            <SignaturePad label={t('signatureArea')} clearLabel={t('clear')} onChange={onDrawn} />
          ) : (
            <label>
              {t('typedName')}
              <input name="typed" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
            </label>
          )}
          <label class="inline consent">
            <input type="checkbox" name="consent" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
            <span>
              {t('consentLabel')} {v.consent}
            </span>
          </label>
          <button type="submit" class="primary">{t('sign')}</button>
          <button type="button" onClick={() => setDeclining(true)}>{t('decline')}</button>
        </form>
      )}
      {declining && (
        <form
          class="stacked"
          onSubmit={(event) => {
            event.preventDefault();
            void act(async () => {
              await api('POST', base, { decline: { reason } });
              setDone('declined');
            });
          }}
        >
          <label>
            {t('declineReason')}
            <input name="reason" required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <button type="submit">{t('decline')}</button>
          <button type="button" onClick={() => setDeclining(false)}>{t('cancel')}</button>
        </form>
      )}
      <Problem error={error ?? pdf.error} />
    </main>
  );
}
