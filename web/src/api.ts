/**
 * The API client: JSON over fetch with the signed-in user's bearer token. Errors arrive as
 * problem+json (RFC 9457) and are thrown as {@link ApiError} with the server's detail and field
 * errors, so pages can show exactly what was wrong.
 */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** The problem's `type` URN, e.g. `urn:evidence-file:problem:totp-required`. */
    readonly type = '',
  ) {
    super(detail || title);
    this.name = 'ApiError';
  }
}

/**
 * The bearer token of the AWS deployment (Cognito). The embedded service keeps the browser's
 * session in an HttpOnly cookie instead, which this script never sees; same-origin fetches send it.
 */
let token: string | undefined = sessionStorage.getItem('evidence.token') ?? undefined;

export function setToken(value: string | undefined): void {
  token = value;
  if (value) sessionStorage.setItem('evidence.token', value);
  else sessionStorage.removeItem('evidence.token');
}

export function currentToken(): string | undefined {
  return token;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

async function fail(response: Response): Promise<never> {
  let problem: { type?: string; title?: string; detail?: string; errors?: FieldError[] } = {};
  try {
    problem = await response.json();
  } catch {
    // Not JSON: keep the status line.
  }
  if (response.status === 401 && !response.url.includes('/v1/auth/')) window.dispatchEvent(new Event('evidence:signed-out'));
  throw new ApiError(response.status, problem.title ?? response.statusText, problem.detail ?? '', problem.errors ?? [], problem.type ?? '');
}

/** A JSON request; `body` is sent as JSON when given. */
export async function api<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? extraHeaders : { 'content-type': 'application/json', ...extraHeaders }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) return fail(response);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

/** The raw bytes of a protected resource (downloads go through fetch so the token is sent). */
export async function download(path: string): Promise<Blob> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) return fail(response);
  return response.blob();
}

/** Saves a blob under a file name, as a browser download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sends a request body with upload progress (fetch has none): multipart for inline uploads, raw
 * bytes for upload-session URLs. Resolves with the parsed JSON response.
 */
export function sendWithProgress<T>(method: string, url: string, body: FormData | Blob, onProgress: (fraction: number) => void, withToken = true): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, url);
    if (withToken && token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(new ApiError(0, 'Network error', 'the upload did not reach the server'));
    request.onload = () => {
      // S3 answers a presigned POST with an empty body (204).
      const parsed = (() => {
        try {
          return JSON.parse(request.responseText || '{}');
        } catch {
          return {};
        }
      })();
      if (request.status >= 200 && request.status < 300) resolve(parsed as T);
      else reject(new ApiError(request.status, parsed.title ?? request.statusText, parsed.detail ?? '', parsed.errors ?? []));
    };
    request.send(body);
  });
}
