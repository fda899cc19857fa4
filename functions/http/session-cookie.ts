import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/**
 * The browser's session cookie: HttpOnly (page scripts cannot read it), SameSite=Strict, Path=/,
 * and Secure with the `__Host-` prefix when the service is reached over HTTPS (the prefix makes
 * the browser refuse the cookie from any subdomain or without Secure).
 */
export interface SessionCookieSettings {
  secure: boolean;
}

export const sessionCookieName = (settings: SessionCookieSettings): string => (settings.secure ? '__Host-evidence_session' : 'evidence_session');

/**
 * Sets the session cookie to expire with the session.
 *
 * @example
 * setSessionCookie(c, { secure: false }, token, '2026-12-01T12:00:00.000Z');
 */
export function setSessionCookie(c: Context, settings: SessionCookieSettings, token: string, expiresAt: string): void {
  setCookie(c, sessionCookieName(settings), token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: settings.secure, expires: new Date(expiresAt) });
}

/** Removes the session cookie (sign-out). */
export function clearSessionCookie(c: Context, settings: SessionCookieSettings): void {
  deleteCookie(c, sessionCookieName(settings), { path: '/', secure: settings.secure });
}

/** The session token sent in the cookie, if any. */
export function sessionCookie(c: Context, settings: SessionCookieSettings): string | undefined {
  return getCookie(c, sessionCookieName(settings)) || undefined;
}
