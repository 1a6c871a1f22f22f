import { useEffect, useRef, useState, type FormEvent } from "react";
import { asFormError, type Import } from "../../api/client";
import { useStartImport, useUploadManifest } from "../../api/imports";
import { Button } from "../../components/Button";
import { FileField, FormAlert, TextField } from "../../components/Field";
import { useToast } from "../../components/Toasts";
import { formatBytes, plural } from "../../lib/format";
import { formFields } from "../../lib/form";
import { checkManifestFile, inspectManifest, MANIFEST_EXTENSIONS, type ManifestCheck } from "../../lib/manifest";

type Mode = "prefix" | "manifest";

const MODES: readonly { value: Mode; label: string }[] = [
  { value: "prefix", label: "Prefix" },
  { value: "manifest", label: "Manifest" },
];

interface ImportFormProps {
  workspaceId: string;
  datasetId: string;
  /** Where the dataset's objects live, as s3://bucket/prefix, when known. */
  location?: string;
  /** Called with each import started, and the lines of its manifest when they were counted. */
  onStarted: (imp: Import, lines: number | undefined) => void;
}

/**
 * ImportForm starts an import: every object under a prefix of the bucket, or
 * the objects a JSON Lines manifest names. Both forms stay mounted, so a
 * manifest upload goes on while the other is shown.
 */
export function ImportForm({ workspaceId, datasetId, location, onStarted }: ImportFormProps) {
  const [mode, setMode] = useState<Mode>("prefix");
  return (
    <div className="import-form">
      <div className="segmented" role="radiogroup" aria-label="Register">
        {MODES.map((m) => (
          <label key={m.value} className={m.value === mode ? "segmented-option is-selected" : "segmented-option"}>
            <input
              type="radio"
              name="import_mode"
              value={m.value}
              checked={m.value === mode}
              onChange={() => setMode(m.value)}
              className="visually-hidden"
            />
            {m.label}
          </label>
        ))}
      </div>
      <PrefixForm workspaceId={workspaceId} datasetId={datasetId} location={location} onStarted={onStarted} hidden={mode !== "prefix"} />
      <ManifestForm workspaceId={workspaceId} datasetId={datasetId} onStarted={onStarted} hidden={mode !== "manifest"} />
    </div>
  );
}

interface ModeFormProps extends ImportFormProps {
  hidden: boolean;
}

function PrefixForm({ workspaceId, datasetId, location, onStarted, hidden }: ModeFormProps) {
  const start = useStartImport(workspaceId, datasetId);
  const toast = useToast();
  const err = start.error ? asFormError(start.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const { prefix = "" } = formFields(form);
    start.mutate(prefix, {
      onSuccess: (imp) => {
        form.reset();
        onStarted(imp, undefined);
        toast.success(imp.prefix ? `Registering the objects under ${imp.prefix}` : "Registering every object in the bucket");
      },
    });
  }

  return (
    <form className="form form-inline" onSubmit={onSubmit} noValidate hidden={hidden} aria-label="Register the objects under a prefix">
      <FormAlert message={err && !err.fields.prefix ? err.message : undefined} className="form-inline-full" />
      <TextField
        name="prefix"
        label="Prefix"
        maxLength={1024}
        placeholder="images/2024/"
        spellCheck={false}
        autoComplete="off"
        hint={
          location ? (
            <>
              Under <code>{location}</code>; leave it empty to register everything there.
            </>
          ) : (
            "Under the storage's own prefix; leave it empty to register everything there."
          )
        }
        error={err?.fields.prefix}
        fieldClassName="field-grow"
      />
      <div className="field field-button">
        <Button type="submit" variant="primary" pending={start.isPending}>
          Register objects
        </Button>
      </div>
    </form>
  );
}

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError";
}

function ManifestForm({ workspaceId, datasetId, onStarted, hidden }: Omit<ModeFormProps, "location">) {
  const upload = useUploadManifest(workspaceId, datasetId);
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState("");
  const [checking, setChecking] = useState(false);
  const [sent, setSent] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const err = upload.error && !isAbort(upload.error) ? asFormError(upload.error) : undefined;
  const busy = checking || upload.isPending;

  // Leaving the page cancels the upload; closing the tab asks first.
  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!upload.isPending) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [upload.isPending]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    if (busy) return;
    upload.reset();
    if (!file) {
      setLocalError("Choose a manifest file.");
      return;
    }
    const refused = checkManifestFile(file);
    if (refused) {
      setLocalError(refused);
      return;
    }
    setChecking(true);
    let check: ManifestCheck;
    try {
      check = await inspectManifest(file);
    } catch {
      check = { error: "The file could not be read. Choose it again.", lines: undefined };
    } finally {
      setChecking(false);
    }
    if (check.error) {
      setLocalError(check.error);
      return;
    }
    setLocalError("");
    const ctl = new AbortController();
    abort.current = ctl;
    setSent({ name: file.name, loaded: 0, total: file.size });
    upload.mutate(
      { file, signal: ctl.signal, onProgress: (loaded, total) => setSent({ name: file.name, loaded, total }) },
      {
        onSuccess: (imp) => {
          form.reset();
          setFile(null);
          onStarted(imp, check.lines);
          toast.success(`Manifest uploaded: registering ${check.lines ? plural(check.lines, "line") : "its objects"}`);
        },
        onSettled: () => {
          setSent(null);
          if (abort.current === ctl) abort.current = null;
        },
      },
    );
  }

  function cancel() {
    abort.current?.abort();
    abort.current = null;
    setSent(null);
    upload.reset();
  }

  const pct = sent && sent.total > 0 ? Math.min(100, Math.floor((sent.loaded / sent.total) * 100)) : 0;

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate hidden={hidden} aria-label="Register the objects a manifest names">
      <FormAlert message={err && !err.fields.manifest ? err.message : undefined} />
      <div className="form form-inline">
        <FileField
          name="manifest"
          label="Manifest"
          accept={MANIFEST_EXTENSIONS.join(",")}
          data-testid="manifest-input"
          disabled={busy}
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setLocalError("");
            upload.reset();
          }}
          hint={
            <>
              JSON Lines, one object a line: <code>{'{"key": "images/a.jpg", "metadata": {"split": "train"}}'}</code>, optionally with type,
              size, width, height and duration_ms.
            </>
          }
          error={localError || err?.fields.manifest}
          fieldClassName="field-grow"
        />
        <div className="field field-button">
          <Button type="submit" variant="primary" pending={busy}>
            Upload manifest
          </Button>
        </div>
      </div>
      {sent && (
        <div className="upload-row upload-row-uploading manifest-upload" data-testid="manifest-upload">
          <div className="upload-row-head">
            <span className="upload-name" title={sent.name}>
              {sent.name}
            </span>
            <span className="muted small cell-nowrap">{formatBytes(sent.total)}</span>
            <span className="upload-status muted">{pct < 100 ? `${pct}%` : "Storing the manifest…"}</span>
            <Button size="sm" variant="ghost" onClick={cancel} aria-label={`Cancel the upload of ${sent.name}`}>
              Cancel
            </Button>
          </div>
          <div
            className="progress"
            role="progressbar"
            aria-label={`Upload of ${sent.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          >
            <div className="progress-bar" style={{ width: `${pct}%` }} />
          </div>
        </div>
      )}
    </form>
  );
}
