// Discord's request signatures for HTTP interactions: Ed25519 over the timestamp and the raw body,
// with the application's public key. A request older than the window, or one already seen, is refused.
import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** How old a signed request may be, and how long a signature is remembered to refuse its replay. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export function publicKeyFromHex(hex: string): KeyObject {
  const x = Buffer.from(hex, 'hex').toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export class SignatureCheck {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly key: KeyObject,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the request is genuine, fresh and new; otherwise why not. */
  problem(signature: string | undefined, timestamp: string | undefined, body: Buffer): string | undefined {
    if (!signature || !timestamp) return 'unsigned request';
    if (!/^[0-9a-f]{128}$/i.test(signature) || !/^\d{1,12}$/.test(timestamp)) return 'malformed signature';
    const at = Number(timestamp) * 1000;
    if (Math.abs(this.now() - at) > SIGNATURE_WINDOW_MS) return 'stale request';
    const message = Buffer.concat([Buffer.from(timestamp), body]);
    if (!verify(null, message, this.key, Buffer.from(signature, 'hex'))) return 'bad signature';
    this.forgetOld();
    if (this.seen.has(signature)) return 'replayed request';
    this.seen.set(signature, at);
    return undefined;
  }

  private forgetOld(): void {
    const before = this.now() - 2 * SIGNATURE_WINDOW_MS;
    for (const [signature, at] of this.seen) {
      if (at >= before) break;
      this.seen.delete(signature);
    }
  }
}
