// node --test: a result's address (docs/assets/javascripts/calculator/share.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { resultAddress } from "../../docs/assets/javascripts/calculator/share.mjs";

test("the address carries every form's inputs, not the empty ones, and the section", () => {
  const href = "https://example.jp/calculator/?old=1#cancel";
  const got = new URL(resultAddress(href, [
    { accepted: "2026-11-30", sent: "", items: "3,7" },
    { applied: "2026-11-28" },
    { last_usage_month: "" },
  ], "change"));
  assert.equal(got.pathname, "/calculator/");
  assert.deepEqual([...got.searchParams], [["accepted", "2026-11-30"], ["items", "3,7"], ["applied", "2026-11-28"]]);
  assert.equal(got.hash, "#change");
});

test("typed text is encoded, not trusted", () => {
  const got = new URL(resultAddress("https://example.jp/c/", [{ accepted: "12/1&x=#y" }], "change"));
  assert.equal(got.searchParams.get("accepted"), "12/1&x=#y");
  assert.equal(got.searchParams.has("x"), false);
});
