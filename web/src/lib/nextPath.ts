// Where to go after signing in: only paths inside this app.

/**
 * safeNext returns `next` when it is a local absolute path ("/w/…"), else the
 * fallback; it refuses "//host", "/\\host" and any URL with a scheme, so a
 * crafted ?next= cannot send the user to another site.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(next)) return fallback;
  if (next === "/signin" || next.startsWith("/signin?") || next === "/signup" || next.startsWith("/signup?")) return fallback;
  return next;
}

/** signInPath builds /signin?next=… for the given location. */
export function signInPath(pathname: string, search = ""): string {
  const next = pathname + search;
  if (!next || next === "/" || isPublicPath(pathname)) return "/signin";
  return `/signin?next=${encodeURIComponent(next)}`;
}

/** isPublicPath reports pages that work signed out, where a 401 is expected. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/signin" ||
    pathname === "/signup" ||
    pathname === "/setup" ||
    pathname.startsWith("/invite/")
  );
}
