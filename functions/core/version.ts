/** The service version, reported by `GET /health` in both modes. */
export const VERSION = '0.1.0';
