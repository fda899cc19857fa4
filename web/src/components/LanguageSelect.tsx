import { type Locale, useI18n } from '../i18n';

/** Switches between zh-CN and English; the choice is kept in the browser. */
export function LanguageSelect() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label>
      <span class="visually-hidden">{t('language')}</span>
      <select value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}
