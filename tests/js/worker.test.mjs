// node --test: the calculator worker's boot (docs/assets/javascripts/calculator/worker.mjs)
// takes Pyodide's normal way up whenever the snapshot it was offered is not
// sound. The real worker module runs here on Node's fetch, DecompressionStream
// and SubtleCrypto; only Pyodide is a stand-in (a pyodide.mjs that records how
// it was called and, like Pyodide, awaits the snapshot it is given). The
// browser tests boot real Pyodide for the snapshot, the missing snapshot, a
// snapshot of another Pyodide build and the stall.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

import { pack } from "../../docs/assets/javascripts/calculator/snapshot-pack.mjs";

const runtimeDir = mkdtempSync(join(tmpdir(), "kmc-worker-test-"));
writeFileSync(join(runtimeDir, "pyodide.mjs"), `
export async function loadPyodide(options) {
  globalThis.loadCalls.push(Object.keys(options).filter((k) => options[k] !== undefined).sort());
  await fetch(new URL("pyodide.asm.wasm", options.indexURL));  // as Pyodide does, once
  if (options._loadSnapshot) await options._loadSnapshot;  // Pyodide rejects when the snapshot does
  return {
    loadedPackages: { calculators: "default channel" },
    globals: { set() {}, get() { return { run_json: (request) => request }; } },
    runPython(code) { return code.includes("_engine.info()") ? '{"rules_version": "test"}' : undefined; },
  };
}
`);
after(() => rmSync(runtimeDir, { recursive: true, force: true }));

// Pyodide's layout (u32 magic, u32 header size, build id, then the memory),
// served packed against a wasm without data segments, as the build packs it.
const WASM = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const MEMORY = new TextEncoder().encode("the memory of a booted Python ".repeat(200));
const SNAPSHOT = new Uint8Array(48 + MEMORY.length);
new DataView(SNAPSHOT.buffer).setUint32(0, 0x706e7300, true);
new DataView(SNAPSHOT.buffer).setUint32(4, 48, true);
SNAPSHOT.fill(0xab, 16, 48);
SNAPSHOT.set(MEMORY, 48);
const PACKED = pack(SNAPSHOT, WASM);
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const BASE = "https://kmc.test/assets/";
let snapshotResponse = () => new Response(gzipSync(PACKED));
const fetched = [];
globalThis.fetch = async (url) => {
  fetched.push(String(url));
  if (String(url).endsWith("snapshot.bin.gz")) return snapshotResponse();
  if (String(url).endsWith("pyodide.asm.wasm")) return new Response(WASM);
  if (String(url).endsWith("rules.json")) return new Response('{"rules_version": "test"}');
  return new Response("not found", { status: 404 });
};
globalThis.self = globalThis;
const posted = [];
globalThis.postMessage = (message) => posted.push(message);
globalThis.loadCalls = [];
await import("../../docs/assets/javascripts/calculator/worker.mjs");

async function boot(sha = sha256(SNAPSHOT)) {
  posted.length = 0;
  globalThis.loadCalls = [];
  await self.onmessage({ data: {
    type: "boot", runtimeURL: pathToFileURL(runtimeDir).href + "/", lockURL: BASE + "lock.json",
    bundleURL: BASE + "rules.json", snapshotURL: BASE + "snapshot.bin.gz", snapshotSha256: sha,
    stdlibURL: BASE + "python_stdlib.zip",
  } });
  const ready = posted.find((m) => m.type === "ready");
  assert.ok(ready, JSON.stringify(posted));
  return { boot: ready.boot, calls: globalThis.loadCalls };
}

test("a sound snapshot is booted from, with the trimmed standard library", async () => {
  const { boot: how, calls } = await boot();
  assert.deepEqual(how, { mode: "snapshot" });
  assert.equal(calls.length, 1);
  assert.ok(calls[0].includes("_loadSnapshot") && calls[0].includes("stdLibURL"), calls[0].join());
});

test("a snapshot that is not gzip falls back to the normal boot, with the reason", async () => {
  snapshotResponse = () => new Response(new TextEncoder().encode("\0snp".repeat(1000)));
  const { boot: how, calls } = await boot();
  assert.equal(how.mode, "normal");
  assert.ok(how.fallback, "the reason is kept");
  assert.equal(calls.length, 2);
  assert.ok(calls[1].includes("packages") && !calls[1].includes("_loadSnapshot"), calls[1].join());
});

test("a corrupt snapshot (sound gzip, other bytes) is refused by its sha256", async () => {
  const damaged = PACKED.slice();
  damaged[damaged.length >> 1] ^= 0xff;
  snapshotResponse = () => new Response(gzipSync(damaged));
  const { boot: how, calls } = await boot();
  assert.deepEqual(how, { mode: "normal", fallback: "snapshot: sha256 mismatch" });
  assert.equal(calls.length, 2);
});

test("a missing snapshot falls back on its HTTP status", async () => {
  snapshotResponse = () => new Response("not found", { status: 404 });
  const { boot: how } = await boot();
  assert.deepEqual(how, { mode: "normal", fallback: "snapshot: HTTP 404" });
});
