import { createHash } from 'node:crypto';

/**
 * MeMo requires a version-4 UUID. A random one would give a re-sent letter a new identity, so
 * Digital Post could not recognise the duplicate; this hashes the letter's id and sets the
 * version (4) and variant (10xx) bits, which keeps the v4 pattern and is the same on every send.
 */
export function messageUuidFor(letterId: string): string {
  const bytes = createHash('sha256').update(`memo-message/${letterId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
