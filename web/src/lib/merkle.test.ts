import { describe, expect, it } from "vitest";
import { bytesToHex, hexToBytes, leafHash, nodeHash, verifyInclusion } from "./merkle";

// The tree and audit paths straight from RFC 9162 §2.1.1 and §2.1.3.1
// (MTH and PATH, by their recursive definitions), independent of the
// verifier under test.
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leafHash(leaves[0]!);
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

async function path(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  if (m < k) return [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))];
  return [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

const leaves = Array.from({ length: 7 }, (_, i) => new TextEncoder().encode(`entry ${i}`));

describe("verifyInclusion", () => {
  it("accepts every leaf of every tree size up to 7", async () => {
    for (let size = 1; size <= leaves.length; size++) {
      const tree = leaves.slice(0, size);
      const root = await mth(tree);
      for (let m = 0; m < size; m++) {
        const ok = await verifyInclusion(m, size, await leafHash(tree[m]!), await path(m, tree), root);
        expect(ok, `leaf ${m} of ${size}`).toBe(true);
      }
    }
  });

  it("refuses a wrong leaf, a wrong index, a short path and another root", async () => {
    const root = await mth(leaves);
    const proof = await path(3, leaves);
    const leaf = await leafHash(leaves[3]!);
    expect(await verifyInclusion(3, 7, await leafHash(leaves[4]!), proof, root)).toBe(false);
    expect(await verifyInclusion(2, 7, leaf, proof, root)).toBe(false);
    expect(await verifyInclusion(3, 7, leaf, proof.slice(1), root)).toBe(false);
    expect(await verifyInclusion(3, 7, leaf, proof, await mth(leaves.slice(0, 6)))).toBe(false);
    expect(await verifyInclusion(7, 7, leaf, proof, root)).toBe(false);
  });

  it("round-trips hex", () => {
    expect(bytesToHex(hexToBytes("00ff10ab"))).toBe("00ff10ab");
    expect(() => hexToBytes("0g")).toThrow();
  });
});
