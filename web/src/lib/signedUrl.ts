// Short-lived file URLs: when to fetch a fresh one before the old one expires.

/** A signed URL with its expiry on this browser's clock. */
export interface SignedURL {
  url: string;
  /** When it stops working, in ms since the epoch on the client's clock. */
  expiresAt: number;
  /** How long it was valid for when it arrived, in ms. */
  lifetime: number;
}

/** Never refetch more often than this, even for URLs that live only seconds. */
export const MIN_REFRESH_MS = 5_000;
/** At most this long before expiry; 60 s covers a slow request and a skewed clock. */
export const MAX_MARGIN_MS = 60_000;

/**
 * toSignedURL reads the server's {url, expires_at}. The lifetime is measured
 * on the server's clock (its Date header, when present) and then placed on
 * the client's, so a browser whose clock is off still refreshes in time.
 */
export function toSignedURL(body: { url: string; expires_at: string }, receivedAt: number, serverDate?: string | null): SignedURL {
  const expires = Date.parse(body.expires_at);
  const serverNow = serverDate ? Date.parse(serverDate) : Number.NaN;
  const issued = Number.isNaN(serverNow) ? receivedAt : serverNow;
  const lifetime = Number.isNaN(expires) ? 0 : Math.max(0, expires - issued);
  return { url: body.url, expiresAt: receivedAt + lifetime, lifetime };
}

/** refreshMargin is how long before expiry to fetch again: a quarter of the lifetime, 1 s to 60 s. */
export function refreshMargin(lifetime: number): number {
  return Math.min(MAX_MARGIN_MS, Math.max(1_000, lifetime / 4));
}

/**
 * refreshDelay is how long from now to wait before fetching a fresh URL:
 * the margin before expiry, but never less than MIN_REFRESH_MS.
 */
export function refreshDelay(u: SignedURL, now: number): number {
  return Math.max(MIN_REFRESH_MS, Math.round(u.expiresAt - refreshMargin(u.lifetime) - now));
}

/**
 * freshFor is how long after it arrived a URL counts as fresh (a query's
 * staleTime): its lifetime less the refresh margin.
 */
export function freshFor(u: SignedURL): number {
  return Math.max(0, u.lifetime - refreshMargin(u.lifetime));
}

/** isFresh reports whether the URL may still be handed to an <img> or <video>. */
export function isFresh(u: SignedURL | undefined, now: number): u is SignedURL {
  return !!u && now < u.expiresAt - 1_000;
}
