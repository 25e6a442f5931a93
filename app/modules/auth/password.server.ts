// argon2id through @node-rs/argon2 (prebuilt, no install script). OWASP's minimum parameters:
// 19 MiB memory, 2 iterations, 1 lane.
import { hash, verify } from "@node-rs/argon2";

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash is a failed log-in, not a crash
  }
}

// Verified against when the account does not exist, so a miss costs the same time as a hit
// (no user enumeration by timing).
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword("chợ-nông-no-such-account"));
}
