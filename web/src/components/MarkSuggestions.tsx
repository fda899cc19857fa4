import type { ExtractedField } from '../../../functions/core/extraction';
import { useI18n } from '../i18n';

/** Field names of the marks an engine may suggest on a scan, and how each is drawn. */
export const MARK_FIELDS: Readonly<Record<string, 'seal' | 'signature'>> = { seal_present: 'seal', signature_present: 'signature' };

/**
 * The seals and signatures the engines suggest on a scan (DESIGN §6): each with its page and
 * certainty, to be confirmed or rejected by a reviewer with one click (a review of
 * `seal_present` / `signature_present` as "true" or "false"). Selecting one shows its box.
 */
export function MarkSuggestions({ fields, mayReview, onSelect, onReview }: { fields: ExtractedField[]; mayReview: boolean; onSelect: (name: string) => void; onReview: (name: string, value: 'true' | 'false') => void }) {
  const { t } = useI18n();
  const marks = fields.filter((field) => MARK_FIELDS[field.name]);
  if (marks.length === 0) return null;
  return (
    <section aria-label={t('marks')}>
      <h3>{t('marks')}</h3>
      <ul class="marks">
        {marks.map((field) => (
          <li key={field.name} data-mark={field.name}>
            <button type="button" class="link" onClick={() => onSelect(field.name)}>
              {t(MARK_FIELDS[field.name] === 'seal' ? 'markSeal' : 'markSignature')}
            </button>
            <span class="muted">
              {field.reviewed
                ? t(field.value === 'true' ? 'markConfirmed' : 'markRejected', { who: field.reviewedBy ?? '' })
                : field.value === 'true'
                  ? t('markSuggested', { page: field.page, confidence: Math.round(field.confidence * 100) })
                  : t('markAbsent')}
            </span>
            {mayReview && (
              <>
                <button type="button" onClick={() => onReview(field.name, 'true')} aria-label={`${t('markConfirm')} ${field.name}`} disabled={field.reviewed && field.value === 'true'}>
                  {t('markConfirm')}
                </button>
                <button type="button" onClick={() => onReview(field.name, 'false')} aria-label={`${t('markReject')} ${field.name}`} disabled={field.reviewed && field.value === 'false'}>
                  {t('markReject')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
