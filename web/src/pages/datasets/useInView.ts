import { useEffect, useState, type RefObject } from "react";

/**
 * useInView reports whether the element has come within rootMargin of the
 * viewport (and stays true after); without IntersectionObserver it is true
 * at once. The default margin reaches a screen or so below the fold, so the
 * next rows are ready before they are scrolled to.
 */
export function useInView(ref: RefObject<Element | null>, rootMargin = "1000px 0px"): boolean {
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, rootMargin, seen]);
  return seen;
}
