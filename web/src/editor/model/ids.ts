// Object and track ids: short random strings, unique in their label. They
// are stable: once given, an object keeps its id through every edit, undo
// and save, so reviews and issues can point at it.

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** randomId gives n random characters from a–z and 0–9 (crypto-random where the platform has it). */
export function randomId(n = 8): string {
  const bytes = new Uint8Array(n);
  if (globalThis.crypto?.getRandomValues) globalThis.crypto.getRandomValues(bytes);
  else for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
  let s = "";
  // A letter first, so that an id never reads as a number.
  for (let i = 0; i < n; i++) s += i === 0 ? ALPHABET[bytes[i] % 26] : ALPHABET[bytes[i] % ALPHABET.length];
  return s;
}

/** freshId draws ids from gen until one is not taken (after a few collisions it lengthens them). */
export function freshId(gen: () => string, taken: ReadonlySet<string>): string {
  for (let i = 0; i < 16; i++) {
    const id = gen();
    if (id && !taken.has(id)) return id;
  }
  for (;;) {
    const id = gen() + randomId(4);
    if (!taken.has(id)) return id;
  }
}

/** sequentialIds gives "o1", "o2", … : a deterministic id source for tests and fixtures. */
export function sequentialIds(prefix = "o", start = 1): () => string {
  let n = start;
  return () => `${prefix}${n++}`;
}
