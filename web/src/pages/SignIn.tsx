import { api, setToken } from '../api';
import { Problem } from '../components/Problem';
import { useAsync } from '../components/useAsync';
import { useI18n } from '../i18n';
import type { User } from '../session';
import { startHostedSignIn } from '../cognito';

interface Health {
  mode: 'embedded' | 'aws';
}

/**
 * Embedded mode lists the demo users (DESIGN §4 dev login); on AWS the company's Cognito hosted
 * UI signs people in.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useI18n();
  const health = useAsync(() => api<Health>('GET', '/health'), []);
  const users = useAsync(
    async () => (health.data?.mode === 'embedded' ? (await api<{ items: User[] }>('GET', '/v1/auth/dev-users')).items : []),
    [health.data?.mode],
  );

  async function signInAs(userId: string) {
    const session = await api<{ token: string; user: User }>('POST', '/v1/auth/dev-login', { userId });
    setToken(session.token);
    onSignedIn(session.user);
  }

  return (
    <main class="sign-in">
      <h1>{t('appTitle')}</h1>
      <Problem error={health.error ?? users.error} />
      {health.data?.mode === 'aws' && (
        <button type="button" class="primary" onClick={() => void startHostedSignIn()}>
          {t('signInCognito')}
        </button>
      )}
      {health.data?.mode === 'embedded' && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">{t('signInAs')}</h2>
          <ul class="user-list">
            {users.data?.map((user) => (
              <li key={user.id}>
                <button type="button" data-user={user.id} onClick={() => void signInAs(user.id)}>
                  <strong>{user.name}</strong> <span class="muted">{user.id} · {user.roles.join(', ')}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
