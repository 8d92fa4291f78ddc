// node --test: typed dates to ISO (docs/assets/javascripts/calculator/input.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { dayLeft, dayTyped, isCalendarDay, looksComplete, normalize, todayInJapan } from "../../docs/assets/javascripts/calculator/input.mjs";

test("the usual spellings of a day become ISO", () => {
  for (const typed of ["2026-01-05", "2026/1/5", "2026.1.5", "2026年1月5日", "２０２６／０１／０５", " 2026-1-5 ", "2026 1 5"]) {
    assert.equal(normalize(typed), "2026-01-05", typed);
  }
  assert.equal(normalize("2027年3月", true), "2027-03");
  assert.equal(normalize("２０２７－０３", true), "2027-03");
});

test("a weekday written after the day goes on after its ISO day, for the engine to check", () => {
  assert.equal(normalize("2026年12月28日(月)"), "2026-12-28(月)");
  assert.equal(normalize("2026/12/28（火）"), "2026-12-28(火)");
  assert.equal(normalize("2026/12/28 (Mon) "), "2026-12-28(Mon)");
  assert.equal(dayTyped("2026年12月28日(月)"), "2026-12-28");
  assert.equal(normalize("2026年3月(月)", true), "2026-03");
});

test("anything else goes on as typed, so the engine quotes the reader's words", () => {
  assert.equal(normalize("12/1"), "12/1");
  assert.equal(normalize(" あした "), "あした");
  assert.equal(normalize("令和8年1月5日"), "令和8年1月5日");
  assert.equal(normalize("2026-01-05", true), "2026-01-05");
  assert.equal(normalize("2026-1"), "2026-1");
  assert.equal(normalize("2026-123-1"), "2026-123-1");
});

test("a day or month that does not exist stays as typed, for the engine to quote", () => {
  // Rewritten, 2026/13/1 would be quoted back as 2026-13-01, words the reader never typed.
  assert.equal(normalize("2026/13/1"), "2026/13/1");
  assert.equal(normalize("2026/2/30"), "2026/2/30");
  assert.equal(normalize("2026年0月5日"), "2026年0月5日");
  assert.equal(normalize("2026-02-29"), "2026-02-29");
  assert.equal(normalize("2028/2/29"), "2028-02-29");
  assert.equal(normalize("2026/13", true), "2026/13");
  assert.equal(normalize("2026/0", true), "2026/0");
  assert.equal(normalize("2026/12", true), "2026-12");
});

test("digits alone, as a numeric keypad types them, are a day or a month", () => {
  assert.equal(normalize("20261228"), "2026-12-28");
  assert.equal(normalize("２０２６１２２８"), "2026-12-28");
  assert.equal(normalize("202703", true), "2027-03");
  assert.equal(normalize("20261232"), "20261232");
  assert.equal(normalize("202713", true), "202713");
  // Not a whole day or month: as typed (the engine reads 12/28 without a year).
  assert.equal(normalize("2026122"), "2026122");
  assert.equal(normalize("202612"), "202612");
  assert.equal(normalize("12/28"), "12/28");
  assert.equal(looksComplete("20261228"), true);
  assert.equal(looksComplete("2026122"), false);
  assert.equal(looksComplete("202703", true), true);
  assert.equal(looksComplete("20270", true), false);
});

test("computing while typing waits for every digit", () => {
  assert.equal(looksComplete("2026-01-0"), false);
  assert.equal(looksComplete("2026-01-05"), true);
  assert.equal(looksComplete("２０２６年０１月０５日"), true);
  assert.equal(looksComplete("2026-1-5"), false);
  assert.equal(looksComplete("2027-03", true), true);
  assert.equal(looksComplete("2027-3", true), false);
});

test("a calendar day exists", () => {
  assert.equal(isCalendarDay("2028-02-29"), true);
  assert.equal(isCalendarDay("2026-02-29"), false);
  assert.equal(isCalendarDay("2026-12-32"), false);
  assert.equal(isCalendarDay("12/1"), false);
});

test("today is Japan's, whatever the machine's zone", () => {
  assert.equal(todayInJapan(Date.UTC(2026, 10, 27, 14, 59)), "2026-11-27");
  assert.equal(todayInJapan(Date.UTC(2026, 10, 27, 15, 0)), "2026-11-28");
});

test("a sent day shows in the acceptance day while typed when real, once left also without a year", () => {
  assert.equal(dayTyped("2026/12/8"), "2026-12-08");
  for (const partial of ["2", "2026-1", "1228", "12/28", "2026-12-32"]) assert.equal(dayTyped(partial), "", partial);
  assert.equal(dayLeft("2026/12/8"), "2026-12-08");
  for (const yearless of ["1228", "12/28", "12月28日", " １２／２８ "]) assert.equal(dayLeft(yearless), yearless.trim(), yearless);
  // A full date that is no day, or a fragment, shows nothing: the engine says why at the sent day.
  for (const other of ["2026-12-32", "2026-1", "12282", "abc", ""]) assert.equal(dayLeft(other), "", other);
});
