import { render } from 'preact';
import { lazy, LocationProvider, Route, Router } from 'preact-iso';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, currentToken, setToken } from './api';
import { completeHostedSignIn } from './cognito';
import { I18nContext, initialLocale, type Locale, translator, useI18n } from './i18n';
import { LanguageSelect } from './components/LanguageSelect';
import { Aging } from './pages/Aging';
import { AuditTrail } from './pages/AuditTrail';
import { DebtFile } from './pages/DebtFile';
import { DebtsList } from './pages/DebtsList';
import { ExtractionReview } from './pages/ExtractionReview';
import { NewDebt } from './pages/NewDebt';
import { ManagementTitle } from './pages/management/Title';
import { Outbox } from './pages/Outbox';
import { SignerPage } from './pages/SignerPage';
import { SignIn } from './pages/SignIn';
import { Setup } from './pages/Setup';
import { Profile } from './pages/Profile';
import { Users } from './pages/Users';
import { VerifyPdf } from './pages/VerifyPdf';
import { hasRole, SessionContext, type User } from './session';
import './styles.css';

// The debt-clearing screens load when first opened: most users never need them.
const Management = lazy(() => import('./pages/management/Management').then((module) => module.Management));

function Header({ user, onSignOut }: { user: User; onSignOut: () => void }) {
  const { t } = useI18n();
  return (
    <header class="top">
      <a class="brand" href="/">
        {t('appTitle')}
      </a>
      <nav aria-label="main">
        <a href="/">{t('debts')}</a>
        {hasRole(user, 'finance', 'admin') && <a href="/debts/new">{t('newDebt')}</a>}
        {hasRole(user, 'finance', 'admin', 'legal', 'auditor') && <a href="/reports/aging">{t('aging')}</a>}
        {hasRole(user, 'finance', 'admin', 'legal', 'auditor', 'collector') && <a href="/management"><ManagementTitle /></a>}
        <a href="/verify">{t('verifyPdf')}</a>
        {hasRole(user, 'admin') && <a href="/outbox">{t('outbox')}</a>}
        {hasRole(user, 'admin') && <a href="/admin/users">{t('users')}</a>}
        <a href="/profile">{t('profile')}</a>
      </nav>
      <div class="who">
        <LanguageSelect />
        <span data-testid="signed-in-user">
          {user.name} <span class="muted">({user.roles.join(', ')})</span>
        </span>
        <button type="button" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}

function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale());
  const [user, setUser] = useState<User | undefined>();
  const [checked, setChecked] = useState(false);
  const i18n = useMemo(
    () => ({
      locale,
      t: translator(locale),
      setLocale: (next: Locale) => {
        localStorage.setItem('evidence.locale', next);
        setLocale(next);
      },
    }),
    [locale],
  );

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    const signedOut = () => {
      setToken(undefined);
      setUser(undefined);
    };
    window.addEventListener('evidence:signed-out', signedOut);
    (async () => {
      if (location.pathname === '/auth/callback') await completeHostedSignIn();
      // AWS: the bearer token; embedded: the HttpOnly session cookie, which only the server can read.
      if (currentToken()) setUser(await api<User>('GET', '/v1/me').catch(() => undefined));
      else if (location.pathname !== '/setup' && (await api<{ mode: string }>('GET', '/health').catch(() => undefined))?.mode === 'embedded') {
        setUser((await api<{ user: User | null }>('GET', '/v1/auth/session').catch(() => ({ user: null }))).user ?? undefined);
      }
      setChecked(true);
    })();
    return () => window.removeEventListener('evidence:signed-out', signedOut);
  }, []);

  const signOut = () => {
    // Embedded: the server ends the session and clears its cookie; AWS: forget the token.
    if (!currentToken()) void api('POST', '/v1/auth/logout').catch(() => undefined);
    setToken(undefined);
    setUser(undefined);
  };

  // The signer's page needs no account: the link's token is the authority.
  const signing = /^\/sign\/([^/]+)$/.exec(location.pathname);
  if (signing) {
    return (
      <I18nContext.Provider value={i18n}>
        <SignerPage token={decodeURIComponent(signing[1] as string)} />
      </I18nContext.Provider>
    );
  }

  // Pending steps are done on the profile page, and the user stays there when they are done.
  if (user?.pendingSteps?.length && location.pathname !== '/profile') history.replaceState(null, '', '/profile');

  return (
    <I18nContext.Provider value={i18n}>
      {!checked ? null : !user ? (
        location.pathname === '/setup' ? <Setup onSignedIn={setUser} /> : <SignIn onSignedIn={setUser} />
      ) : (
        <SessionContext.Provider value={{ user, signOut, setUser }}>
          <LocationProvider>
            <Header user={user} onSignOut={signOut} />
            {/* A new password or an admin's TOTP comes first: the server refuses everything else until then. */}
            {user.pendingSteps?.length ? (
              <Profile />
            ) : (
              <Router>
                <Route path="/" component={DebtsList} />
                <Route path="/debts/new" component={NewDebt} />
                <Route path="/debts/:id" component={DebtFile} />
                <Route path="/debts/:id/audit" component={AuditTrail} />
                <Route path="/debts/:id/documents/:docId/review" component={ExtractionReview} />
                <Route path="/reports/aging" component={Aging} />
                <Route path="/management" component={Management} />
                <Route path="/verify" component={VerifyPdf} />
                <Route path="/outbox" component={Outbox} />
                <Route path="/profile" component={Profile} />
                <Route path="/admin/users" component={Users} />
                <Route default component={DebtsList} />
              </Router>
            )}
          </LocationProvider>
        </SessionContext.Provider>
      )}
    </I18nContext.Provider>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
