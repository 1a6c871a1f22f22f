export function Spinner({ size = "md", label }: { size?: "sm" | "md" | "lg"; label?: string }) {
  if (label) {
    return (
      <span className={`spinner spinner-${size}`} role="status" aria-label={label}>
        <span className="visually-hidden">{label}</span>
      </span>
    );
  }
  return <span className={`spinner spinner-${size}`} aria-hidden="true" />;
}
