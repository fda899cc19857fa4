import { useI18n } from '../i18n';

export interface LimitationSummary {
  status?: string;
  expiresOn: string | null;
  daysLeft: number | null;
}

/** The limitation countdown: days left, coloured by urgency (text says it too, not colour alone). */
export function LimitationCountdown({ limitation }: { limitation: LimitationSummary }) {
  const { t } = useI18n();
  if (limitation.expiresOn === null || limitation.daysLeft === null) return <span class="muted">{t('noDueDate')}</span>;
  const level = limitation.daysLeft < 0 ? 'danger' : limitation.daysLeft <= 90 ? 'warn' : 'ok';
  return (
    <span class={`countdown ${level}`} title={`${t('expiresOn')} ${limitation.expiresOn}`}>
      {limitation.daysLeft < 0 ? t('expired') : t('daysLeft', { n: limitation.daysLeft })} <span class="muted">({limitation.expiresOn})</span>
    </span>
  );
}
