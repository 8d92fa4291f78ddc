// node --test: the waiting line on a steady slow link. The worker's progress
// (downloads.mjs: weighed) and the page's time left (status.mjs: secondsLeft,
// toldLeft, with engine-client.mjs's rate window) over a simulated first visit
// at 1.6 Mbit/s with 150 ms round trips, of the snapshot boot's real files:
// their bytes as the browser hands them over, and as a host that gzips
// JavaScript, JSON and wasm (level 6) sends them.
import assert from "node:assert/strict";
import { test } from "node:test";

import { weighed } from "../../docs/assets/javascripts/calculator/downloads.mjs";
import { percent, secondsLeft, toldLeft } from "../../docs/assets/javascripts/calculator/status.mjs";

// Pyodide 314.0.7 and the snapshot of the build of 2026-12 (data-boot-bytes):
// [bytes, bytes on the wire]. The wasm decodes to 2.7 times its wire bytes;
// the snapshot (.gz, served as it is) and the empty zip are not compressed.
const FILES = {
  "pyodide.mjs": [17_931, 7_156],
  "pyodide.asm.mjs": [1_250_344, 260_107],
  "pyodide.asm.wasm": [9_598_218, 3_546_122],
  "python_stdlib.zip": [22, 22],
  "rules.json": [35_214, 8_868],
  "pyodide-lock.json": [452, 288],
  "snapshot.bin.gz": [2_767_198, 2_767_198],
};
const LINK = 200_000; // bytes per second: 1.6 Mbit/s
const RTT = 150;
const REPORT_MS = 500; // downloads.mjs
const RATE_WINDOW_MS = 8000; // engine-client.mjs

// When each file is asked for (ms): Pyodide's loader first, then what the
// worker and Pyodide ask for once it runs, the snapshot after the small files.
const ASKED = { "pyodide.mjs": 0, "pyodide.asm.mjs": 2 * RTT, "pyodide.asm.wasm": 2 * RTT,
                "python_stdlib.zip": 2 * RTT, "rules.json": 2 * RTT, "pyodide-lock.json": 2 * RTT,
                "snapshot.bin.gz": 3 * RTT };

// The link's bytes go to the files under way, in equal shares (`shared`) or
// to the earliest asked first (`inOrder`); a file's bytes start one round trip
// after it is asked for. Returns the reports the page receives, each with the
// wire bytes arrived, their total, and when the last byte came.
function simulate(plan, { inOrder, preloaded = [], countedFrom = 0 }) {
  const wireGot = new Map(Object.keys(FILES).map((f) => [f, 0]));
  const reports = [];
  const tick = 10;
  let end = null;
  for (let t = 0; end === null; t += tick) {
    // The page's preloads start at once; the worker counts them only from
    // `countedFrom` on, when it asks for them and gets what has come so far.
    const asked = (f) => (preloaded.includes(f) ? 0 : ASKED[f]);
    const open = Object.keys(FILES).filter((f) => t >= asked(f) + RTT && wireGot.get(f) < FILES[f][1]);
    const receiving = inOrder ? open.slice(0, 1) : open;
    let budget = (LINK * tick) / 1000;
    // Equal shares, what a small file leaves going to the others.
    for (let left = [...receiving]; left.length && budget > 0.001;) {
      const share = budget / left.length;
      budget = 0;
      for (const f of left) {
        const need = FILES[f][1] - wireGot.get(f);
        const take = Math.min(share, need);
        wireGot.set(f, wireGot.get(f) + take);
        budget += share - take;
      }
      left = left.filter((f) => wireGot.get(f) < FILES[f][1]);
    }
    const counted = [...wireGot].filter(([f]) => t >= countedFrom || !preloaded.includes(f));
    const got = new Map(counted.map(([f, w]) => [f, Math.floor((FILES[f][0] * w) / FILES[f][1])]));
    const { bytes, total, complete } = weighed(plan, got);
    if (complete) end = t;
    else if (t > 0 && t % REPORT_MS === 0) reports.push({ t, bytes, total });
  }
  return { reports, end };
}

// What the page tells at each report: percent, the time left told, and the
// time that really remained.
function told(plan, options) {
  const { reports, end } = simulate(plan, options);
  let samples = [];
  let left = null;
  return reports.map(({ t, bytes, total }) => {
    samples = [...samples.filter(([s]) => t - s <= RATE_WINDOW_MS), [t, bytes]];
    left = toldLeft(left, secondsLeft(samples, total));
    return { t, percent: percent(bytes, total, false), left, remaining: (end - t) / 1000, end };
  });
}

const WIRE = new Map(Object.entries(FILES));

const CASES = {
  "all files at once": { inOrder: false },
  "one file after another": { inOrder: true },
  // The page head preloads the runtime while the HTML is parsed; the worker
  // asks for it 3 s later and gets what has come so far at once.
  "the runtime preloaded": { inOrder: false, preloaded: ["pyodide.asm.mjs", "pyodide.asm.wasm"], countedFrom: 3000 },
};

for (const [how, options] of Object.entries(CASES)) {
  if (!options.preloaded) test(`at 1.6 Mbit/s (${how}) the share arrived moves with the time`, () => {
    const says = told(WIRE, options);
    const { end } = says[0];
    assert.ok(end > 30_000 && end < 36_000, end);
    for (const { t, percent: p } of says) {
      assert.ok(Math.abs(p - (100 * t) / end) <= 4, `${p} % at ${t} ms of ${end}`);
    }
  });

  test(`at 1.6 Mbit/s (${how}) the time left counts down, near the truth, until under 10 s`, () => {
    const says = told(WIRE, options);
    const shown = says.filter((s) => s.left > 0);
    assert.ok(shown.length && shown[0].t <= 7000, `first told at ${shown[0] && shown[0].t} ms`);
    // Counts down and never goes up again on a steady link.
    const steps = says.filter((s) => s.left !== null).map((s) => s.left);
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i] <= steps[i - 1], steps.join(" "));
    // Never less than what really remains, never more than a step above it.
    for (const { left, remaining } of shown) {
      assert.ok(left + 3 >= remaining && left - (left < 60 ? 10 : 30) - 3 <= remaining, `${left} s told, ${remaining} s left`);
    }
    // Told until the last ten seconds or so, not gone while much remains.
    const last = shown[shown.length - 1];
    assert.ok(last.remaining <= 12, `last told with ${last.remaining} s left`);
    assert.ok(says.filter((s) => s.remaining > 12).every((s) => s.left > 0 || s.t < 7000));
  });
}

test("weighed: wire bytes of the share of each file arrived", () => {
  const plan = new Map([["a", [1000, 250]], ["b", [500, 500]], ["empty", [0, 0]]]);
  assert.deepEqual(weighed(plan, new Map()), { bytes: 0, total: 750, complete: false });
  assert.deepEqual(weighed(plan, new Map([["a", 400]])), { bytes: 100, total: 750, complete: false });
  assert.deepEqual(weighed(plan, new Map([["a", 1200], ["b", 499]])), { bytes: 749, total: 750, complete: false });
  assert.deepEqual(weighed(plan, new Map([["a", 1000], ["b", 500]])), { bytes: 750, total: 750, complete: true });
});

test("toldLeft: counts down in steps, rises only when the rate has really fallen", () => {
  assert.equal(toldLeft(null, null), null);
  assert.equal(toldLeft(null, 8), 0);
  assert.equal(toldLeft(null, 27), 30);
  assert.equal(toldLeft(30, 21), 30);
  assert.equal(toldLeft(30, 19.5), 20);
  // A little slower: keeps what it said.
  assert.equal(toldLeft(20, 24), 20);
  assert.equal(toldLeft(20, 39), 20);
  // Much slower: says so.
  assert.equal(toldLeft(20, 45), 50);
  // No new estimate: keeps what it said; under 10 s: not said.
  assert.equal(toldLeft(20, null), 20);
  assert.equal(toldLeft(20, 9), 0);
  assert.equal(toldLeft(0, 15), 0);
  // Minutes: 1 min from 50 s to 90 s, then 2.
  assert.equal(toldLeft(null, 85), 60);
  assert.equal(toldLeft(null, 95), 120);
  assert.equal(toldLeft(120, 70), 60);
});
