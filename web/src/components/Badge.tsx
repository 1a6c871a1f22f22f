import type { ReactNode } from "react";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger";

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function roleTone(role: string): BadgeTone {
  switch (role) {
    case "admin":
      return "accent";
    case "workforce_manager":
      return "success";
    case "tasker":
      return "warning";
    default:
      return "neutral";
  }
}
