import { useState } from 'preact/hooks';
import { renderSVG } from 'uqr';
import { api } from '../api';
import { Problem } from '../components/Problem';
import { useI18n } from '../i18n';
import { type User, useSession } from '../session';

/** The signed-in user's own account: password change and TOTP enrolment (a QR code of the otpauth:// URI). */
export function Profile() {
  const { t } = useI18n();
  const { user, setUser } = useSession();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>();
  const pending = user.pendingSteps ?? [];

  async function changePassword(event: Event) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    try {
      setUser(await api<User>('POST', '/v1/me/password', { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') }));
      formElement.reset();
      setError(undefined);
      setNotice(t('passwordChanged'));
    } catch (failure) {
      setError(failure);
    }
  }

  async function startTotp() {
    try {
      setEnrolment(await api<{ secret: string; uri: string }>('POST', '/v1/me/totp'));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }

  async function confirmTotp(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    try {
      setUser(await api<User>('POST', '/v1/me/totp/confirm', { code: form.get('code') }));
      setEnrolment(undefined);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <main>
      <h1>{t('profile')}</h1>
      <p>
        {user.name} <span class="muted">({user.login ?? user.id} · {user.roles.map((role) => t(`role_${role}`)).join(', ')})</span>
      </p>
      {pending.includes('change-password') && <p role="alert">{t('mustChangePassword')}</p>}
      {pending.includes('enrol-totp') && <p role="alert">{t('mustEnrolTotp')}</p>}
      <Problem error={error} />
      {notice && <p role="status">{notice}</p>}
      {user.method === 'password' && (
        <>
          <form class="stacked" aria-label={t('changePassword')} onSubmit={(event) => void changePassword(event)}>
            <h2>{t('changePassword')}</h2>
            <label>
              {t('currentPassword')}
              <input name="currentPassword" type="password" autocomplete="current-password" required />
            </label>
            <label>
              {t('newPassword')}
              <input name="newPassword" type="password" autocomplete="new-password" minLength={10} required />
            </label>
            <button type="submit" class="primary">
              {t('changePassword')}
            </button>
          </form>
          <section aria-labelledby="totp">
            <h2 id="totp">{t('totp')}</h2>
            <p data-testid="totp-state">{user.totpEnabled ? t('totpOn') : t('totpOff')}</p>
            {!user.totpEnabled && !enrolment && (
              <button type="button" onClick={() => void startTotp()}>
                {t('totpStart')}
              </button>
            )}
            {enrolment && (
              <form class="stacked" aria-label={t('totp')} onSubmit={(event) => void confirmTotp(event)}>
                <p>{t('totpScan')}</p>
                {/* uqr renders the QR code as SVG markup from our own URI: no user-supplied HTML. */}
                <div class="qr" role="img" aria-label={enrolment.uri} dangerouslySetInnerHTML={{ __html: renderSVG(enrolment.uri) }} />
                <p>
                  {t('totpKey')}: <code data-testid="totp-secret">{enrolment.secret}</code>
                </p>
                <label>
                  {t('totpCode')}
                  <input name="code" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
                </label>
                <button type="submit" class="primary">
                  {t('confirm')}
                </button>
              </form>
            )}
          </section>
        </>
      )}
    </main>
  );
}
