// node --test: the .ics writer (docs/assets/javascripts/calculator/ics.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { escapeText, fold, hash, ics, nextDay, trigger } from "../../docs/assets/javascripts/calculator/ics.mjs";

const octets = (s) => new TextEncoder().encode(s).length;

test("TEXT values escape backslash, semicolon, comma and line breaks", () => {
  assert.equal(escapeText("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
});

test("folding keeps every line within 75 octets and never splits a UTF-8 character", () => {
  for (const line of ["SUMMARY:" + "変更完了の目安".repeat(20), "DESCRIPTION:" + "a".repeat(200), "X:" + "é😀字".repeat(40)]) {
    const folded = fold(line);
    const physical = folded.split("\r\n");
    assert.ok(physical.length > 1);
    for (const p of physical) assert.ok(octets(p) <= 75, `${octets(p)} octets: ${p}`);
    for (const p of physical.slice(1)) assert.equal(p[0], " ");
    // Decoding each physical line alone would show U+FFFD if a character had been cut.
    for (const p of physical) assert.equal(new TextDecoder().decode(new TextEncoder().encode(p)), p);
    assert.equal(physical.map((p, i) => (i ? p.slice(1) : p)).join(""), line);
  }
  assert.equal(fold("SHORT:x"), "SHORT:x");
  // Exactly 75 octets stays on one line; 76 do not.
  assert.equal(fold("X:" + "a".repeat(73)).includes("\r\n"), false);
  assert.equal(fold("X:" + "a".repeat(74)).includes("\r\n"), true);
});

test("all-day events end on the next day, across month and year ends", () => {
  assert.equal(nextDay("2026-12-31"), "20270101");
  assert.equal(nextDay("2028-02-28"), "20280229");
  assert.equal(nextDay("2026-11-30"), "20261201");
});

const args = {
  kind: "change",
  events: [{ date: "2026-12-31", summary: "KDDI Message Cast 変更完了の目安（No.7, 本番）" }],
  description: "line one\nline two",
  url: "https://example.jp/calculator/?accepted=2026-11-30&items=7#change",
  stamp: "20261128T000000Z",
  host: "example.jp",
};

test("the file is CRLF throughout, with a stable UID per result", () => {
  const text = ics(args);
  assert.ok(text.endsWith("\r\n"));
  assert.equal(text.replace(/\r\n/g, "").includes("\n"), false);
  const unfolded = text.replace(/\r\n /g, "");
  assert.match(unfolded, /\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n/);
  assert.match(unfolded, /\r\nSUMMARY:KDDI Message Cast 変更完了の目安（No\.7\\, 本番）\r\n/);
  assert.match(unfolded, /\r\nDESCRIPTION:line one\\nline two\r\n/);
  const uid = /\r\nUID:(.*)\r\n/.exec(unfolded)[1];
  assert.equal(uid, `kmc-change-2026-12-31-0-${hash(args.url)}@example.jp`);
  // Same result, later stamp: same UID (a calendar updates instead of duplicating).
  assert.equal(/\r\nUID:(.*)\r\n/.exec(ics({ ...args, stamp: "20270101T000000Z" }).replace(/\r\n /g, ""))[1], uid);
  // Another result: another UID.
  assert.notEqual(/\r\nUID:(.*)\r\n/.exec(ics({ ...args, url: args.url + "x" }).replace(/\r\n /g, ""))[1], uid);
});

test("no events, no VEVENT", () => {
  assert.equal(ics({ ...args, events: [] }).includes("VEVENT"), false);
});

test("reminders ring at 9:00 in Japan on the days given; none unless asked", () => {
  assert.equal(trigger("2027-01-04"), "TRIGGER;VALUE=DATE-TIME:20270104T000000Z");
  const unfolded = ics({ ...args, events: [{ ...args.events[0], reminders: ["2026-12-24", "2026-12-31"] }] }).replace(/\r\n /g, "");
  const alarm = (day) => `BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DATE-TIME:${day}T000000Z\r\n`
    + "DESCRIPTION:KDDI Message Cast 変更完了の目安（No.7\\, 本番）\r\nEND:VALARM\r\n";
  assert.ok(unfolded.includes(`\r\n${alarm("20261224")}${alarm("20261231")}END:VEVENT\r\n`), unfolded);
  assert.equal(ics(args).includes("VALARM"), false);
});
