import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from "react";
import { XIcon } from "./icons";

interface ModalProps {
  title: ReactNode;
  /** Called on Escape, on the close button and on a click on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  size?: "md" | "lg";
  /** Extra controls in the title bar, before the close button. */
  actions?: ReactNode;
  className?: string;
  /** Keys pressed inside this modal (not inside a dialog opened over it). */
  onKeyDown?: (e: KeyboardEvent<HTMLDialogElement>) => void;
}

/**
 * Modal is a modal <dialog> with a title bar and a close button. Render it
 * only while it is open; it opens itself on mount.
 */
export function Modal({ title, onClose, children, size = "md", actions, className, onKeyDown }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (typeof d.showModal === "function" && !d.open) d.showModal();
    else d.setAttribute("open", "");
    return () => {
      if (typeof d.close === "function" && d.open) d.close();
    };
  }, []);
  const cls = ["dialog", "modal", `modal-${size}`, className ?? ""].filter(Boolean).join(" ");
  return (
    <dialog
      ref={ref}
      className={cls}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => {
        if (onKeyDown && (e.target as Element).closest("dialog") === e.currentTarget) onKeyDown(e);
      }}
      onClick={(e) => {
        // A click on the dialog itself, not its content, is on the backdrop.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="modal-inner">
        <header className="modal-header">
          <h2 id={titleId} className="dialog-title modal-title">
            {title}
          </h2>
          {actions && <div className="modal-actions">{actions}</div>}
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            <XIcon />
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </dialog>
  );
}
