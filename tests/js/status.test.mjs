// node --test: the waiting line's arithmetic (docs/assets/javascripts/calculator/status.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { percent, roughly, secondsLeft } from "../../docs/assets/javascripts/calculator/status.mjs";

test("whole percent arrived, and 100 only once every byte is in", () => {
  assert.equal(percent(0, 16_000_000, false), 0);
  assert.equal(percent(8_000_000, 16_000_000, false), 50);
  assert.equal(percent(1_599_999, 16_000_000, false), 9);
  // Nearly done is not done: the last bytes may still take a while.
  assert.equal(percent(15_999_999, 16_000_000, false), 99);
  assert.equal(percent(16_000_000, 16_000_000, false), 99);
  assert.equal(percent(15_000_000, 16_000_000, true), 100);
});

test("the time left comes from the measured rate, once measured for 5 s", () => {
  // 1 MB/s for 6 s, 10 MB of 16 MB in: 6 s left.
  assert.equal(secondsLeft([[0, 4_000_000], [2000, 6_000_000], [4000, 8_000_000], [6000, 10_000_000]], 16_000_000), 6);
  // 0.25 MB/s, 2 MB in of 17 MB: a minute left.
  assert.equal(secondsLeft([[0, 750_000], [5000, 2_000_000]], 17_000_000), 60);
  // A burst (a file the page had already fetched, handed over at once) does
  // not count as the line's rate: the median of the rates between reports.
  assert.equal(secondsLeft([[0, 0], [1000, 1_000_000], [1500, 4_000_000], [2500, 5_000_000],
                            [3500, 6_000_000], [5000, 7_500_000]], 17_500_000), 10);
  // Too short a measurement, one report, or nothing moving: no estimate.
  assert.equal(secondsLeft([[0, 0], [4999, 3_000_000]], 16_000_000), null);
  assert.equal(secondsLeft([[0, 5]], 16_000_000), null);
  assert.equal(secondsLeft([[0, 5_000_000], [5000, 5_000_000]], 16_000_000), null);
});

test("a time left is said in tens of seconds, then in minutes", () => {
  assert.deepEqual(roughly(10), { unit: "seconds", n: 10 });
  assert.deepEqual(roughly(11), { unit: "seconds", n: 20 });
  assert.deepEqual(roughly(49.5), { unit: "seconds", n: 50 });
  assert.deepEqual(roughly(50.5), { unit: "minutes", n: 1 });
  assert.deepEqual(roughly(89), { unit: "minutes", n: 1 });
  assert.deepEqual(roughly(91), { unit: "minutes", n: 2 });
  assert.deepEqual(roughly(600), { unit: "minutes", n: 10 });
});
