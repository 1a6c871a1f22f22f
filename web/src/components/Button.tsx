import type { ButtonHTMLAttributes } from "react";
import { Spinner } from "./Spinner";

export type ButtonVariant = "primary" | "secondary" | "danger" | "ghost" | "danger-ghost";

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  /** pending disables the button and shows a spinner before its text. */
  pending?: boolean;
}

/** Button keeps its text plain (the spinner has none) so tests can find it by text. */
export function Button({ variant = "secondary", size = "md", pending, disabled, className, children, type, ...rest }: ButtonProps) {
  const cls = ["btn", `btn-${variant}`, size === "sm" ? "btn-sm" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <button type={type ?? "button"} className={cls} disabled={disabled || pending} aria-busy={pending || undefined} {...rest}>
      {pending && <Spinner size="sm" />}
      {children}
    </button>
  );
}
