import { initials } from "../lib/format";

/** Avatar shows initials on a colour picked from the name, so people are easy to tell apart. */
export function Avatar({ name, email, size = "md" }: { name: string; email?: string; size?: "sm" | "md" }) {
  const seed = Array.from(email || name).reduce((h, c) => (h * 31 + c.codePointAt(0)!) >>> 0, 7);
  return (
    <span className={`avatar avatar-${size} avatar-c${seed % 6}`} aria-hidden="true">
      {initials(name, email)}
    </span>
  );
}
