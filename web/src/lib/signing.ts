// The borrower's contract-signing key: Ed25519 made by WebCrypto in this
// browser, its private half non-extractable (no script, ours included, can
// read it out) and kept in IndexedDB per enterprise. The platform holds only
// the public key (POST /v1/enterprises/{id}/signing-key) and checks every
// contract signature against it.

const DB_NAME = "smecredit-signing";
const STORE = "keys";

interface StoredKey {
  privateKey: CryptoKey;
  publicKeyHex: string;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB is not available"));
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = use(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error("IndexedDB request failed"));
    });
  } finally {
    db.close();
  }
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function storedPublicKey(enterpriseId: string): Promise<string | null> {
  const stored = await withStore<StoredKey | undefined>("readonly", (s) => s.get(enterpriseId));
  return stored?.publicKeyHex ?? null;
}

// Makes a new key pair for the enterprise, replacing any earlier one, and
// returns the public key as 64 hex digits.
export async function createSigningKey(enterpriseId: string): Promise<string> {
  const pair = (await crypto.subtle.generateKey({ name: "Ed25519" }, false, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicKeyHex = hex(await crypto.subtle.exportKey("raw", pair.publicKey));
  const value: StoredKey = { privateKey: pair.privateKey, publicKeyHex };
  await withStore("readwrite", (s) => s.put(value, enterpriseId));
  return publicKeyHex;
}

// The signature (128 hex digits) of the message's UTF-8 bytes.
export async function signMessage(enterpriseId: string, message: string): Promise<string> {
  const stored = await withStore<StoredKey | undefined>("readonly", (s) => s.get(enterpriseId));
  if (!stored) throw new Error("no signing key on this device");
  const signature = await crypto.subtle.sign(
    { name: "Ed25519" },
    stored.privateKey,
    new TextEncoder().encode(message),
  );
  return hex(signature);
}
