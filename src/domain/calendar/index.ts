// 年度・和暦・時点: pure calendar functions (no clock, no time zone).
export type { CalendarIssueCode } from './calendar-text.ts';
export {
  type FiscalYear,
  type FiscalYearStyle,
  fiscalYearOf,
  fiscalYearRange,
  formatFiscalYear,
  formatFiscalYearBoth,
  parseFiscalYear,
} from './fiscal-year.ts';
export {
  type CivilDate,
  compareCivilDates,
  daysInMonth,
  ERAS,
  type Era,
  type EraCode,
  eraOfDate,
  eraOfYear,
  eraYearOfDate,
  formatEraYear,
  westernYearOf,
} from './japanese-era.ts';
export {
  compareTimePoints,
  fiscalYearOfTimePoint,
  formatTimePoint,
  parseTimePoint,
  type TimePoint,
  type TimePointStyle,
} from './time-point.ts';
