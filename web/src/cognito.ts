import { setToken } from './api';

/**
 * Cognito hosted UI sign-in (authorization code with PKCE) for the AWS deployment. The settings
 * come from `/config.json`, written next to the app by the CDK stack:
 * `{ "cognitoDomain": "https://….auth.<region>.amazoncognito.com", "clientId": "…", "redirectUri": "https://…/auth/callback" }`.
 */
interface CognitoConfig {
  cognitoDomain: string;
  clientId: string;
  redirectUri: string;
}

async function config(): Promise<CognitoConfig> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error('this deployment has no /config.json for sign-in');
  return response.json();
}

function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Sends the browser to the hosted UI. */
export async function startHostedSignIn(): Promise<void> {
  const { cognitoDomain, clientId, redirectUri } = await config();
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('evidence.pkce', JSON.stringify({ verifier, state }));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid email profile', state, code_challenge: challenge, code_challenge_method: 'S256' });
  location.assign(`${cognitoDomain}/oauth2/authorize?${query}`);
}

/** On `/auth/callback`: exchanges the code for tokens; the API takes the access token. */
export async function completeHostedSignIn(): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem('evidence.pkce') ?? '{}') as { verifier?: string; state?: string };
  const code = params.get('code');
  if (!code || !saved.verifier || params.get('state') !== saved.state) return false;
  const { cognitoDomain, clientId, redirectUri } = await config();
  const response = await fetch(`${cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri, code_verifier: saved.verifier }),
  });
  sessionStorage.removeItem('evidence.pkce');
  if (!response.ok) return false;
  setToken(((await response.json()) as { access_token: string }).access_token);
  history.replaceState(null, '', '/');
  return true;
}
