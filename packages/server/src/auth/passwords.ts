// Password hashing with argon2id (@node-rs/argon2 defaults: m=19 MiB, t=2, p=1).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the time of a real check when there is no user, so timing does not reveal who exists. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
  return false;
}

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 20 letters and digits without look-alikes (~115 bits): generated passwords people copy. */
export function generatePassword(): string {
  // 256 % 56 != 0, so reject bytes past the last full multiple to keep the choice uniform.
  const limit = 256 - (256 % ALPHANUMERIC.length);
  let out = '';
  while (out.length < 20) {
    for (const b of randomBytes(32)) {
      if (b < limit && out.length < 20) out += ALPHANUMERIC[b % ALPHANUMERIC.length];
    }
  }
  return out;
}
