/**
 * Display helpers. Amounts stay strings end to end (never parsed into floating point): grouping
 * is done on the digits.
 */
export function formatAmount(amount: string | null | undefined, currency?: string): string {
  if (amount === null || amount === undefined) return '—';
  const [whole = '0', fraction = '00'] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}.${fraction.padEnd(2, '0')}${currency ? ` ${currency}` : ''}`;
}

/** An instant in the reader's locale and zone, to the minute. */
export function formatInstant(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The first 12 hex characters of a SHA-256, as printed on exhibits. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

/** Bytes as KB / MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
