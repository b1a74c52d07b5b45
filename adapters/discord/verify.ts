// Discord's request signatures for HTTP interactions: Ed25519 over the timestamp and the raw body,
// with the application's public key. A request older than the window is refused (a replay within it is
// refused by the replay guard, on the signature).
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** How old a signed request may be. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export function publicKeyFromHex(hex: string): KeyObject {
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export class SignatureCheck {
  constructor(
    private readonly key: KeyObject,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the request is genuine and fresh; otherwise why not. */
  problem(signature: string | undefined, timestamp: string | undefined, body: Buffer): string | undefined {
    if (!signature || !timestamp) return 'unsigned request';
    if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'malformed signature';
    const at = Number(timestamp) * 1000;
    if (Math.abs(this.now() - at) > SIGNATURE_WINDOW_MS) return 'stale request';
    const message = Buffer.concat([Buffer.from(timestamp), body]);
    if (!verify(null, message, this.key, Buffer.from(signature, 'hex'))) return 'bad signature';
    return undefined;
  }
}
