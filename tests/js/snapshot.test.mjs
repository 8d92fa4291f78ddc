// The snapshot's packing (worker side) and heap scrub (build side), on
// hand-made inputs; guidebuild/calculator/snapshot.mjs runs both on the real runtime at
// every build, and tests/test_snapshot_build.py on a live Pyodide heap.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import test from "node:test";
import { MAGIC, dataImage, pack, unpack } from "../../docs/assets/javascripts/calculator/snapshot-pack.mjs";
import { scrubHeap } from "../../guidebuild/calculator/snapshot-heap.mjs";

const uleb = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const sleb32 = (n) => {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id, body) => [id, ...uleb(body.length), ...body];
// A wasm module with a custom section and a data section: active segments
// at `offset` (i32.const) and one passive segment, which is no part of the image.
function wasmWith(segments) {
  const data = [...uleb(segments.length + 1)];
  for (const [offset, bytes] of segments) data.push(0, 0x41, ...sleb32(offset), 0x0b, ...uleb(bytes.length), ...bytes);
  data.push(1, 3, 9, 9, 9);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...section(0, [1, 0x78, 5, 5]), ...section(11, data)]);
}

test("dataImage lays out the active data segments", () => {
  const image = dataImage(wasmWith([[3, [1, 2]], [200, [7]]]));
  assert.equal(image.length, 201);
  assert.deepEqual([...image.subarray(0, 5)], [0, 0, 0, 1, 2]);
  assert.equal(image[200], 7);
  assert.equal(image.reduce((a, b) => a + b), 10);
  assert.throws(() => dataImage(new Uint8Array([1, 2, 3, 4, 1, 0, 0, 0])), /not a wasm module/);
});

test("dataImage reads the pinned Pyodide's wasm", () => {
  const image = dataImage(readFileSync(new URL("../../node_modules/pyodide/pyodide.asm.wasm", import.meta.url)));
  assert.ok(image.length > 1_000_000 && image.length < 8_000_000, String(image.length));
});

// Pyodide's layout: u32 magic, u32 header size, ..., then the memory.
function fakeSnapshot(memory) {
  const header = 48;
  const snapshot = new Uint8Array(header + memory.length);
  new DataView(snapshot.buffer).setUint32(0, 0x706e7300, true);
  new DataView(snapshot.buffer).setUint32(4, header, true);
  snapshot.fill(0xab, 16, 48); // a build id
  snapshot.set(memory, header);
  return snapshot;
}

test("pack drops trailing zeros and stores the static data as a difference; unpack restores every byte", () => {
  const wasm = wasmWith([[0, [5, 6, 7, 8]], [16, [1, 1, 1, 1, 9]]]); // 21 bytes: five words and one more
  const memory = new Uint8Array(4096);
  memory.set([5, 6, 7, 8], 0); // unchanged since instantiation
  memory.set([1, 2, 1, 1, 9], 16); // one byte changed
  memory.set([42, 43], 100); // heap
  const snapshot = fakeSnapshot(memory);
  const packed = pack(snapshot, wasm);
  const words = new DataView(packed.buffer);
  assert.deepEqual([0, 4, 8, 12].map((at) => words.getUint32(at, true)), [MAGIC, snapshot.length, 48, 21]);
  assert.equal(packed.length, 16 + 48 + 102, "ends at the last byte that is not zero");
  const memoryPart = packed.subarray(16 + 48);
  assert.deepEqual([...memoryPart.subarray(0, 21)], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]);
  memory[20] = 8; // the byte after the last whole word
  assert.equal(pack(fakeSnapshot(memory), wasm)[16 + 48 + 20], 9 ^ 8);
  assert.deepEqual(unpack(packed, wasm), snapshot);
});

test("unpack refuses what it cannot restore exactly", () => {
  const wasm = wasmWith([[0, [5, 6, 7, 8]]]);
  const packed = pack(fakeSnapshot(new Uint8Array(256).fill(1, 0, 10)), wasm);
  assert.throws(() => unpack(packed, wasmWith([[0, [5, 6, 7, 8, 9]]])), /another wasm/);
  const notOurs = packed.slice();
  notOurs[0] ^= 1;
  assert.throws(() => unpack(notOurs, wasm), /not a packed snapshot/);
  const tooLong = new Uint8Array(packed.length + 300);
  tooLong.set(packed);
  tooLong[tooLong.length - 1] = 1;
  assert.throws(() => unpack(tooLong, wasm), /damaged/);
  assert.throws(() => unpack(packed.subarray(0, 8), wasm), /too short/);
});

// A dlmalloc heap: chunks [prev_foot][head = size | flags][payload].
const HEAP_BASE = 1024;
function fakeHeap() {
  const memory = new Uint8Array(4096).fill(0x5a); // stale bytes everywhere
  const view = new DataView(memory.buffer);
  const chunks = [[48, 3], [96, 1], [24, 1], [64, 3], [160, 1], [40, 0]]; // [size, flags]; last: top's foot
  let at = HEAP_BASE;
  for (const [size, flags] of chunks) {
    view.setUint32(at + 4, size | flags, true);
    at += size;
  }
  return {
    memory,
    end: at,
    mallinfo: { arena: at - HEAP_BASE, ordblks: 3, hblks: 0, hblkhd: 0, uordblks: 112, fordblks: 320 },
  };
}

test("scrubHeap zeroes free chunks past their links and the stack below its pointer", () => {
  const { memory, end, mallinfo } = fakeHeap();
  const before = memory.slice();
  const stats = scrubHeap(memory, { heapBase: HEAP_BASE, heapEnd: end, mallinfo, stack: { low: 100, pointer: 600 } });
  assert.deepEqual(stats, { freeChunks: 3, zeroed: 64 + 128, stack: 500, heapInUse: 112 });
  const zeroed = (a, b) => memory.subarray(a, b).every((x) => x === 0);
  const kept = (a, b) => memory.subarray(a, b).every((x, i) => x === before[a + i]);
  const free1 = HEAP_BASE + 48;
  assert.ok(kept(0, 100) && zeroed(100, 600) && kept(600, HEAP_BASE + 48 + 32), "stack; the in-use chunk; links");
  assert.ok(zeroed(free1 + 32, free1 + 96), "the free chunk's stale payload");
  assert.ok(kept(free1 + 96, free1 + 96 + 24 + 64 + 32), "a free chunk too small to hold more than its links; an in-use chunk");
  const top = free1 + 96 + 24 + 64;
  assert.ok(zeroed(top + 32, top + 160), "the top chunk");
  assert.ok(kept(top + 160, memory.length), "the top's foot and what follows the heap");
});

test("scrubHeap writes nothing when its walk and mallinfo disagree", () => {
  const cases = {
    uordblks: (h) => (h.mallinfo.uordblks += 8),
    ordblks: (h) => (h.mallinfo.ordblks -= 1),
    arena: (h) => (h.mallinfo.arena += 4096),
    hblks: (h) => (h.mallinfo.hblks = 1),
    "has size 0": (h) => new DataView(h.memory.buffer).setUint32(HEAP_BASE + 48 + 4, 1, true),
    "no top foot": (h) => new DataView(h.memory.buffer).setUint32(h.end - 40 + 4, 40 | 1, true),
  };
  for (const [what, spoil] of Object.entries(cases)) {
    const heap = fakeHeap();
    spoil(heap);
    const before = heap.memory.slice();
    assert.throws(
      () => scrubHeap(heap.memory, { heapBase: HEAP_BASE, heapEnd: heap.end, mallinfo: heap.mallinfo,
        stack: { low: 100, pointer: 600 } }),
      (error) => /disagrees with mallinfo/.test(error.message) && error.message.includes(what),
      what,
    );
    assert.deepEqual(heap.memory, before, `${what}: nothing written`);
  }
});
