import { ApiError } from '../api';

/** Shows an error from the API with its detail and each bad field, announced to screen readers. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : undefined;
  return (
    <div class="problem" role="alert">
      <strong>{apiError ? `${apiError.status} ${apiError.title}` : 'Error'}</strong>
      {apiError?.detail && <p>{apiError.detail}</p>}
      {apiError?.errors.length ? (
        <ul>
          {apiError.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {!apiError && <p>{String((error as Error)?.message ?? error)}</p>}
    </div>
  );
}
