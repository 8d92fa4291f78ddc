// How the memory snapshot travels (packed at build by guidebuild/snapshot.mjs,
// unpacked by worker.mjs before its sha256 check, so the check covers exactly
// the bytes Pyodide's makeMemorySnapshot() wrote).
//
// Packed form (then gzip):
//   0  u32 MAGIC                     "KMCS"
//   4  u32 length of the snapshot    (Pyodide header + the whole wasm memory)
//   8  u32 where the memory starts   (Pyodide's header size)
//  12  u32 length of the data image  (see dataImage: from the wasm)
//  16  the snapshot, its trailing zeros dropped, with the memory's first
//      `image length` bytes XORed with the data image.
//
// The wasm's data segments (CPython's static data, 3.8 MB) are still almost
// unchanged in a booted runtime's memory; stored as their difference from
// the wasm they cost next to nothing, and a wasm memory ends in megabytes of
// zeros that need not travel at all.

export const MAGIC = 0x53434d4b; // "KMCS" little-endian
const HEADER = 16;

// The wasm memory as the module's active data segments lay it out (before
// any code runs): the same bytes at build and in the browser for one wasm.
export function dataImage(wasm) {
  const b = wasm instanceof Uint8Array ? wasm : new Uint8Array(wasm);
  if (b[0] !== 0 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) throw new Error("snapshot: not a wasm module");
  let p = 8;
  const uleb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = b[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const segments = [];
  let end = 0;
  while (p < b.length) {
    const id = b[p++];
    const size = uleb();
    const next = p + size;
    if (id === 11) {
      for (let n = uleb(); n > 0; n--) {
        const flags = uleb();
        if (flags === 1) {
          p += uleb(); // passive: laid out by code, not part of the image
          continue;
        }
        if (flags === 2 && uleb() !== 0) throw new Error("snapshot: data segment for another memory");
        if (flags > 2) throw new Error(`snapshot: unknown data segment kind ${flags}`);
        if (b[p++] !== 0x41) throw new Error("snapshot: data segment offset is not i32.const");
        const offset = uleb(); // an i32 address below 2 GiB: its signed LEB128 reads the same
        if (b[p++] !== 0x0b) throw new Error("snapshot: data segment offset is not a constant");
        const length = uleb();
        segments.push([offset, p, length]);
        end = Math.max(end, offset + length);
        p += length;
      }
    }
    p = next;
  }
  const image = new Uint8Array(end);
  for (const [offset, at, length] of segments) image.set(b.subarray(at, at + length), offset);
  return image;
}

// target ^= image, a word at a time where both are 4-byte aligned (the
// memory starts at a multiple of 16 in the snapshot; the image is its own buffer).
function xorInto(target, image) {
  let i = 0;
  if ((target.byteOffset | image.byteOffset) % 4 === 0) {
    const words = image.length >>> 2;
    const t = new Uint32Array(target.buffer, target.byteOffset, words);
    const m = new Uint32Array(image.buffer, image.byteOffset, words);
    for (let w = 0; w < words; w++) t[w] ^= m[w];
    i = words * 4;
  }
  for (; i < image.length; i++) target[i] ^= image[i];
}

function words(bytes, count) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 4);
  return Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true));
}

// snapshot: Pyodide's snapshot (Uint8Array; Uint32 header: magic, header
// size, ...). Returns the packed form; the snapshot is left unchanged.
export function pack(snapshot, wasm) {
  const image = dataImage(wasm);
  const [, start] = words(snapshot, 2);
  if (start % 4 || start + image.length > snapshot.length) throw new Error("snapshot: its memory does not hold the data image");
  const work = snapshot.slice();
  xorInto(work.subarray(start), image);
  let end = work.length;
  while (end > 0 && work[end - 1] === 0) end--;
  const packed = new Uint8Array(HEADER + end);
  const view = new DataView(packed.buffer);
  [MAGIC, snapshot.length, start, image.length].forEach((word, i) => view.setUint32(i * 4, word, true));
  packed.set(work.subarray(0, end), HEADER);
  return packed;
}

// Undo pack(): Pyodide's snapshot, byte for byte (the caller checks its sha256).
export function unpack(packed, wasm) {
  if (packed.length < HEADER) throw new Error("snapshot: packed form too short");
  const [magic, length, start, imageLength] = words(packed, 4);
  if (magic !== MAGIC) throw new Error("snapshot: not a packed snapshot");
  if (packed.length - HEADER > length || start + imageLength > length) throw new Error("snapshot: packed form damaged");
  const image = dataImage(wasm);
  if (image.length !== imageLength) throw new Error("snapshot: packed for another wasm");
  const snapshot = new Uint8Array(length); // the dropped trailing zeros come back as zeros
  snapshot.set(packed.subarray(HEADER));
  xorInto(snapshot.subarray(start), image);
  return snapshot;
}
