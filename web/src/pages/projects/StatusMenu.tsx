// StatusMenu moves a project to one of the statuses the server offers next,
// asking first before it is cancelled or archived.
import { useEffect, useRef, useState } from "react";
import { asFormError } from "../../api/client";
import { useSetProjectStatus, type ProjectDetail, type ProjectStatus } from "../../api/projects";
import { Button } from "../../components/Button";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ChevronDownIcon } from "../../components/icons";
import { useToast } from "../../components/Toasts";
import { confirmStatus, statusAction, statusLabel } from "./access";

export function StatusMenu({ workspaceId, project }: { workspaceId: string; project: ProjectDetail }) {
  const set = useSetProjectStatus(workspaceId, project.id);
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState<ProjectStatus | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const next = project.next_statuses as ProjectStatus[];

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (next.length === 0) return null;

  function move(to: ProjectStatus) {
    set.mutate(to, {
      onSuccess: () => {
        setAsking(null);
        toast.success(`The project is now ${statusLabel(to).toLowerCase()}`);
      },
      onError: (e) => {
        if (!asking) toast.error(`Could not change the status: ${asFormError(e).message}`);
      },
    });
  }

  return (
    <div className="menu" ref={root}>
      <Button aria-haspopup="menu" aria-expanded={open} pending={set.isPending && !asking} onClick={() => setOpen((o) => !o)}>
        Change status <ChevronDownIcon />
      </Button>
      {open && (
        <div className="menu-popover" role="menu" aria-label="Change status">
          {next.map((s) => (
            <button
              key={s}
              type="button"
              role="menuitem"
              className="menu-item"
              data-status-to={s}
              onClick={() => {
                setOpen(false);
                set.reset();
                if (confirmStatus(s)) setAsking(s);
                else move(s);
              }}
            >
              {statusAction(project.status, s)}
              <span className="muted small">→ {statusLabel(s)}</span>
            </button>
          ))}
        </div>
      )}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? `${statusAction(project.status, asking)} “${project.name}”?` : ""}
        confirmLabel={asking ? statusAction(project.status, asking) : ""}
        pending={set.isPending}
        error={set.error ? asFormError(set.error).message : undefined}
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && move(asking)}
      >
        {asking ? confirmStatus(asking) : null}
      </ConfirmDialog>
    </div>
  );
}
