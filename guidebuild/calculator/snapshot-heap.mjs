// Zero what a snapshot's wasm memory holds but no longer uses, so it packs
// small (guidebuild/snapshot.mjs calls it right before makeMemorySnapshot()).
//
// This leans on the allocator of the pinned Pyodide: Emscripten's dlmalloc,
// 32-bit, one contiguous sbrk segment from __heap_base (CPython is built
// without pymalloc there, so every freed Python object is a dlmalloc free
// chunk). Each chunk is [prev_foot u32][head u32: size | flags][payload];
// flag 2 (CINUSE) marks a chunk in use. A free chunk keeps its bin links in
// its first six payload words (fd, bk; for large chunks also child[2],
// parent, index) and its size in the next chunk's prev_foot, so only the
// bytes after those words are zeroed: dlmalloc never reads them.
//
// The walk is checked against dlmalloc's own totals (mallinfo) before a
// single byte is written; on any disagreement it throws and the build fails,
// because then the layout above no longer holds and zeroing would corrupt
// the heap.

const CINUSE = 2;
const KEPT = 32; // prev_foot, head, fd, bk, child[0], child[1], parent, index
// struct mallinfo: arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost
export const MALLINFO_FIELDS = ["arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
  "uordblks", "fordblks", "keepcost"];

// memory: Uint8Array over the whole wasm memory; heapBase, heapEnd: the sbrk
// segment; mallinfo: {arena, ordblks, hblks, hblkhd, uordblks, fordblks, ...}
// read at the same moment; stack: {low, pointer}: [low, pointer) is below the
// live stack. Returns what was zeroed; throws before writing on any mismatch.
export function scrubHeap(memory, { heapBase, heapEnd, mallinfo, stack }) {
  const view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
  const problem = (what) => new Error(
    `dlmalloc heap walk disagrees with mallinfo (${what}); the snapshot's heap layout assumptions ` +
    "no longer hold for this Pyodide: see guidebuild/snapshot-heap.mjs");
  if (heapBase % 8 || heapEnd > memory.length || heapEnd <= heapBase) throw problem(`heap ${heapBase}..${heapEnd}`);
  const free = [];
  let inUse = 0;
  let freeBytes = 0;
  let chunk = heapBase;
  while (chunk < heapEnd) {
    const size = view.getUint32(chunk + 4, true) & ~7;
    if (size < 16 || chunk + size > heapEnd) throw problem(`chunk at ${chunk} has size ${size}`);
    if (view.getUint32(chunk + 4, true) & CINUSE) inUse += size;
    else {
      freeBytes += size;
      free.push([chunk, size]);
    }
    chunk += size;
  }
  const expected = {
    arena: heapEnd - heapBase,
    ordblks: free.length - 1, // counts the top chunk but not its foot
    hblks: 0,
    hblkhd: 0,
    uordblks: inUse,
    fordblks: freeBytes,
  };
  for (const [field, value] of Object.entries(expected)) {
    if (mallinfo[field] !== value) throw problem(`${field}: mallinfo ${mallinfo[field]}, walk ${value}`);
  }
  if (!(stack.low <= stack.pointer && stack.pointer <= heapBase)) throw problem(`stack ${stack.low}..${stack.pointer}`);
  // The last free chunk is the top chunk's foot (its size in the head, no
  // flags): dlmalloc keeps segment bookkeeping there, so it stays untouched.
  const [footAt, footSize] = free.pop() ?? [0, 0];
  if (footAt + footSize !== heapEnd || view.getUint32(footAt + 4, true) & 7) throw problem(`no top foot at ${heapEnd}`);
  let zeroed = 0;
  for (const [at, size] of free) {
    if (size > KEPT) {
      memory.fill(0, at + KEPT, at + size);
      zeroed += size - KEPT;
    }
  }
  // Below the stack pointer: frames of calls that have returned.
  memory.fill(0, stack.low, stack.pointer);
  return { freeChunks: free.length, zeroed, stack: stack.pointer - stack.low, heapInUse: inUse };
}

// What scrubHeap needs from a live Pyodide (its Emscripten module): the
// totals and the bounds read in one go, with no allocation in between.
export function heapFacts(py) {
  const M = py._module;
  const value = (global) => (typeof global === "object" ? global.value : global);
  const saved = M.stackSave();
  try {
    const at = M.stackAlloc(4 * MALLINFO_FIELDS.length);
    M._mallinfo(at);
    const words = M.HEAPU32.subarray(at >> 2, (at >> 2) + MALLINFO_FIELDS.length);
    return {
      heapBase: value(M.___heap_base),
      heapEnd: M.HEAPU32[M._emscripten_get_sbrk_ptr() >> 2],
      mallinfo: Object.fromEntries(MALLINFO_FIELDS.map((name, i) => [name, words[i]])),
      stack: { low: value(M.___stack_low), pointer: saved },
    };
  } finally {
    M.stackRestore(saved);
  }
}

export function scrubPyodide(py) {
  return scrubHeap(py._module.HEAPU8, heapFacts(py));
}

// Python's sys.stdin, sys.stdout and sys.stderr each own a buffer (128 KiB
// in 3.14) that holds whatever the chunk held before: nothing reads stdin at
// build and the writers are flushed first, so none of those bytes is data.
// Each buffer is found as the one pointer in the stream's C object to the
// payload of an in-use heap chunk of at least 4 KiB; anything else (none,
// or several) throws, and the build fails.
export function zeroStdioBuffers(py) {
  const M = py._module;
  const memory = M.HEAPU8;
  const view = new DataView(memory.buffer);
  const { heapBase, heapEnd } = heapFacts(py);
  const starts = new Set();
  for (let chunk = heapBase; chunk < heapEnd; chunk += view.getUint32(chunk + 4, true) & ~7) starts.add(chunk);
  const ids = py.runPython(`
__import__("sys").stdout.flush()
__import__("sys").stderr.flush()
[id(s.buffer) for s in (__import__("sys").stdin, __import__("sys").stdout, __import__("sys").stderr)]
`);
  const objects = ids.toJs();
  ids.destroy();
  let zeroed = 0;
  for (const object of objects) {
    const found = [];
    for (let at = object; at < object + 64; at += 4) {
      const payload = view.getUint32(at, true);
      const chunk = payload - 8;
      if (!starts.has(chunk)) continue;
      const head = view.getUint32(chunk + 4, true);
      if (head & CINUSE && (head & ~7) >= 4096) found.push([payload, chunk + (head & ~7)]);
    }
    if (found.length !== 1) {
      throw new Error(`found ${found.length} buffers for the stdio object at ${object}; CPython's buffered ` +
        "I/O layout assumptions no longer hold for this Pyodide: see guidebuild/snapshot-heap.mjs");
    }
    const [[from, to]] = found;
    memory.fill(0, from, to);
    zeroed += to - from;
  }
  return zeroed;
}
