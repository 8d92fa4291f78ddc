// What people type, made ISO for the engine. Pure: no DOM, no wording.
//
// Any run of non-digits separates the parts, so YYYY/M/D, YYYY.M.D, full-width
// digits (NFKC) and the Japanese year-month-day spelling all read the same.
// Anything that is not a real day (or month) goes to the engine exactly as
// typed, so its message quotes the reader's own words (YYYY/13/1, never a
// YYYY-13-01 the reader did not write).

// One run of digits alone splits as the numeric keypad types it (it has no
// "-"): eight digits are YYYYMMDD, six are YYYYMM.
function digitRuns(text) {
  const runs = text.normalize("NFKC").split(/\D+/).filter(Boolean);
  const whole = runs.length === 1 ? /^(\d{4})(\d{2})(\d{2})?$/.exec(runs[0]) : null;
  return whole ? whole.slice(1).filter(Boolean) : runs;
}

function shaped(runs, month) {
  return runs.length === (month ? 2 : 3) && runs[0].length === 4 && runs.slice(1).every((r) => r.length <= 2);
}

// A day's trailing bracketed part (its weekday, as calendars write it) is kept
// after the ISO day, so the engine can check it against the day.
function bracketedTail(text) {
  const found = /\([^()]{1,4}\)\s*$/.exec(text.normalize("NFKC"));
  return found ? found[0].trim() : "";
}

export function normalize(text, month = false) {
  const runs = digitRuns(text);
  if (!shaped(runs, month)) return text.trim();
  const iso = runs.map((r, i) => (i ? r.padStart(2, "0") : r)).join("-");
  const real = month ? Number(runs[1]) >= 1 && Number(runs[1]) <= 12 : isCalendarDay(iso);
  if (!real) return text.trim();
  return month ? iso : iso + bracketedTail(text);
}

// Worth computing while the reader is still typing: every part has all its
// digits (2026-01-0 might become 2026-01-05, 2026-01-05 will not grow).
export function looksComplete(text, month = false) {
  const runs = digitRuns(text);
  return shaped(runs, month) && runs.slice(1).every((r) => r.length === 2);
}

// What a field standing for another shows there while the reader types: a
// real day (as ISO), else nothing.
export function dayTyped(text) {
  const day = normalize(text).slice(0, 10);
  return isCalendarDay(day) ? day : "";
}

// ... and once the reader has left it: also a month and day written without a
// year (1228, 12/28, or the same in Japanese), as written, until the engine has read its year.
export function dayLeft(text) {
  const runs = digitRuns(text);
  const yearless = (runs.length === 1 && runs[0].length === 4) || (runs.length === 2 && runs.every((r) => r.length <= 2));
  return dayTyped(text) || (yearless ? text.trim() : "");
}

// An ISO day that exists (2026-02-30 does not).
export function isCalendarDay(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return false;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(iso);
}

// Today in Japan (UTC+9 all year, no daylight saving), whatever the reader's zone.
export function todayInJapan(now = Date.now()) {
  return new Date(now + 9 * 3600_000).toISOString().slice(0, 10);
}
