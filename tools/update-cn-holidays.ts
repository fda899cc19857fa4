/**
 * Regenerates functions/core/data/holidays-cn.json, the PRC statutory holiday calendar the
 * limitation engine uses for Civil Code Art. 203, from the pinned npm package `chinese-days`
 * (devDependency; never read at run time). Run it once a year after the State Council's General
 * Office publishes the next year's holiday arrangement (国务院办公厅关于…年部分节假日安排的通知,
 * usually in November) and `chinese-days` has a release carrying it:
 *
 *   npm install -D --save-exact chinese-days@<new version> && npm run calendar:cn
 *
 * then check the new year's entries against the notice, and commit the JSON with the package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Years the package is known to match the official notices for (issue 10); earlier years are left out. */
const FIRST_YEAR = 2019;
const require = createRequire(import.meta.url);
const packageRoot = dirname(require.resolve('chinese-days/package.json'));
const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
const data = JSON.parse(readFileSync(join(packageRoot, 'dist/chinese-days.json'), 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
const target = join(import.meta.dirname, '../functions/core/data/holidays-cn.json');
const previous = JSON.parse(readFileSync(target, { encoding: 'utf8', flag: 'a+' }) || '{}') as { awaitingYear?: { year: number } };

/** "National Day,国庆节,3" → "国庆节 National Day". */
const label = (value: string) => {
  const [en, zh] = value.split(',');
  return `${zh} ${en}`;
};
const pick = (days: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(days)
      .filter(([date]) => Number(date.slice(0, 4)) >= FIRST_YEAR)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, value]) => [date, label(value)]),
  );
const holidays = pick(data.holidays);
const workdays = pick(data.workdays);
const lastYear = Math.max(...Object.keys(holidays).map((date) => Number(date.slice(0, 4))));

const calendar = {
  calendar: 'CN',
  name: 'PRC statutory holidays and make-up working days (法定节假日及调休)',
  source: "State Council General Office notices on the holiday arrangements of each year (国务院办公厅关于部分节假日安排的通知, www.gov.cn), as compiled by the npm package chinese-days",
  generatedFrom: `chinese-days@${pkg.version}`,
  generatedBy: 'tools/update-cn-holidays.ts (npm run calendar:cn)',
  rule: 'holidays: days off under the arrangement (weekend days inside a holiday block included); workdays: weekend days that are working days (调休). Any other Saturday or Sunday is a rest day.',
  firstYear: FIRST_YEAR,
  lastYear,
  // Kept only while the next year is still missing (see holidays-cn.json's awaitingYear in README).
  ...(previous.awaitingYear && previous.awaitingYear.year > lastYear ? { awaitingYear: previous.awaitingYear } : {}),
  holidays,
  workdays,
};
writeFileSync(target, `${JSON.stringify(calendar, null, 2)}\n`);
console.log(`holidays-cn.json: ${FIRST_YEAR}–${lastYear} from chinese-days@${pkg.version}`);
