// My account → Two-factor authentication: an authenticator app (QR code and secret, confirmed by a
// code), passkeys and security keys, and recovery codes shown once.
import { useState, type FormEvent } from "react";
import { asFormError, type FormError } from "../../api/client";
import {
  BrowserRefusal,
  useAddPasskey,
  useBeginTOTP,
  useConfirmTOTP,
  useMyMFA,
  useRegenerateRecoveryCodes,
  useRemovePasskey,
  useRemoveTOTP,
  useRenamePasskey,
  type FactorProof,
  type MFAStatus,
  type Passkey,
  type TOTPEnrollment,
} from "../../api/mfa";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { CopyButton } from "../../components/CopyButton";
import { FormAlert, TextField } from "../../components/Field";
import { ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatDate, relativeTime } from "../../lib/format";
import { factorCount, factorSummary, groupSecret, normalizeCode, recoveryCodesFile } from "../../lib/mfa";
import { passkeyErrorMessage, passkeysSupported } from "../../lib/webauthn";
import "./MFASection.css";

/** errorOf turns a failed MFA call, the server's or the browser's, into what a form shows. */
function errorOf(err: unknown): FormError | undefined {
  if (!err) return undefined;
  if (err instanceof BrowserRefusal) return { message: passkeyErrorMessage(err.cause), fields: {} };
  return asFormError(err);
}

type Removal = { kind: "totp" } | { kind: "passkey"; passkey: Passkey };

export function MFASection({ email }: { email: string }) {
  const status = useMyMFA();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removal, setRemoval] = useState<Removal | null>(null);

  let body;
  if (status.isPending) body = <LoadingState label="Loading your second factors…" />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else {
    const s = status.data;
    const counts = { totp: s.totp, passkeys: s.passkeys.length };
    const names = s.required_by.map((w) => w.name).join(", ");
    body = (
      <>
        <p className="mfa-summary" data-testid="mfa-summary">
          {factorSummary(counts)}
        </p>
        {s.required_by.length > 0 && !s.enrolled && (
          <p className="notice notice-warning" data-testid="mfa-required-notice">
            <strong>{names}</strong> {s.required_by.length === 1 ? "requires" : "require"} two-factor authentication. Until you add an
            authenticator app or a passkey, you can reach nothing there, and your API keys for {s.required_by.length === 1 ? "it" : "them"} stop
            working.
          </p>
        )}
        {s.required_by.length > 0 && s.enrolled && (
          <p className="muted small">
            Required by {names}: without a second factor you could reach nothing there, and your API keys for{" "}
            {s.required_by.length === 1 ? "it" : "them"} would stop working.
          </p>
        )}
        {codes && <RecoveryCodesPanel codes={codes} email={email} onDone={() => setCodes(null)} />}
        <section className="mfa-part" aria-labelledby="mfa-totp-title">
          <h3 className="section-title" id="mfa-totp-title">
            Authenticator app
          </h3>
          <TOTPPart status={s} email={email} onCodes={setCodes} onRemove={() => setRemoval({ kind: "totp" })} />
        </section>
        <section className="mfa-part" aria-labelledby="mfa-passkeys-title">
          <h3 className="section-title" id="mfa-passkeys-title">
            Passkeys and security keys
          </h3>
          <PasskeysPart passkeys={s.passkeys} onCodes={setCodes} onRemove={(p) => setRemoval({ kind: "passkey", passkey: p })} />
        </section>
        {s.enrolled && (
          <section className="mfa-part" aria-labelledby="mfa-codes-title">
            <h3 className="section-title" id="mfa-codes-title">
              Recovery codes
            </h3>
            <RecoveryPart status={s} onCodes={setCodes} />
          </section>
        )}
        {removal && <RemoveDialog removal={removal} last={factorCount(counts) === 1} onDone={() => setRemoval(null)} />}
      </>
    );
  }
  return (
    <Card
      title="Two-factor authentication"
      description="A second step when you sign in, after your password: a code from an authenticator app, or a passkey or security key."
    >
      <div className="mfa" data-testid="mfa-section">
        {body}
      </div>
    </Card>
  );
}

function TOTPPart({
  status,
  email,
  onCodes,
  onRemove,
}: {
  status: MFAStatus;
  email: string;
  onCodes: (c: string[]) => void;
  onRemove: () => void;
}) {
  const begin = useBeginTOTP();
  const [enrollment, setEnrollment] = useState<TOTPEnrollment | null>(null);
  const beginErr = errorOf(begin.error);

  function start() {
    begin.mutate(undefined, { onSuccess: setEnrollment });
  }

  if (enrollment)
    return (
      <TOTPEnroll
        enrollment={enrollment}
        email={email}
        onCancel={() => setEnrollment(null)}
        onDone={(codes) => {
          setEnrollment(null);
          if (codes.length) onCodes(codes);
        }}
      />
    );
  return (
    <>
      <FormAlert message={beginErr?.message} />
      {status.totp ? (
        <div className="mfa-row">
          <span>
            <Badge tone="success">On</Badge>{" "}
            <span className="muted small">Added {status.totp_enrolled_at ? formatDate(status.totp_enrolled_at) : ""}</span>
          </span>
          <span className="mfa-row-actions">
            <Button size="sm" onClick={start} pending={begin.isPending} title="Move to another app or phone">
              Replace
            </Button>
            <Button size="sm" variant="danger-ghost" onClick={onRemove}>
              Remove
            </Button>
          </span>
        </div>
      ) : (
        <div className="mfa-row">
          <span className="muted small">An app such as 1Password, Google Authenticator or Authy shows a new 6-digit code every 30 seconds.</span>
          <Button variant="primary" onClick={start} pending={begin.isPending}>
            Add an authenticator app
          </Button>
        </div>
      )}
    </>
  );
}

function TOTPEnroll({
  enrollment,
  email,
  onCancel,
  onDone,
}: {
  enrollment: TOTPEnrollment;
  email: string;
  onCancel: () => void;
  onDone: (codes: string[]) => void;
}) {
  const confirm = useConfirmTOTP();
  const toast = useToast();
  const [code, setCode] = useState("");
  const err = errorOf(confirm.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    confirm.mutate(normalizeCode(code), {
      onSuccess: (out) => {
        toast.success("Authenticator app added");
        onDone(out.recovery_codes ?? []);
      },
    });
  }

  return (
    <div className="mfa-enroll" data-testid="totp-enrollment">
      <img className="mfa-qr" src={enrollment.qr_code} width={200} height={200} alt={`QR code for Loupe (${email}) in your authenticator app`} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <ol className="mfa-steps">
          <li>Scan the QR code with your authenticator app.</li>
          <li>
            Or enter this key by hand:
            <div className="copy-row">
              <code className="copy-text mono" data-testid="totp-secret" data-secret={enrollment.secret}>
                {groupSecret(enrollment.secret)}
              </code>
              <CopyButton text={enrollment.secret} label="Copy key" />
            </div>
          </li>
          <li>Enter the 6-digit code the app shows now.</li>
        </ol>
        <FormAlert message={err && !err.fields.code ? err.message : undefined} />
        <TextField
          name="totp_code"
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          required
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={err?.fields.code}
        />
        <div className="form-actions">
          <Button onClick={onCancel} disabled={confirm.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={confirm.isPending}>
            Confirm
          </Button>
        </div>
      </form>
    </div>
  );
}

function PasskeysPart({
  passkeys,
  onCodes,
  onRemove,
}: {
  passkeys: Passkey[];
  onCodes: (c: string[]) => void;
  onRemove: (p: Passkey) => void;
}) {
  const add = useAddPasskey();
  const toast = useToast();
  const [name, setName] = useState("");
  const err = errorOf(add.error);
  const supported = passkeysSupported();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    add.mutate(name, {
      onSuccess: (out) => {
        setName("");
        toast.success(`Passkey “${out.passkey.name}” added`);
        if (out.recovery_codes?.length) onCodes(out.recovery_codes);
      },
    });
  }

  return (
    <>
      {passkeys.length > 0 && (
        <div className="table-wrap">
          <table className="table table-compact" data-testid="passkeys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Added</th>
                <th>Last used</th>
                <th className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {passkeys.map((p) => (
                <PasskeyRow key={p.id} passkey={p} onRemove={() => onRemove(p)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {supported ? (
        <form className="form form-inline mfa-add-passkey" onSubmit={onSubmit} noValidate>
          <TextField
            name="passkey_name"
            label="New passkey's name"
            placeholder="YubiKey, work laptop…"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={err?.fields.name}
            fieldClassName="field-grow"
          />
          <div className="field-button">
            <Button type="submit" variant={passkeys.length ? "secondary" : "primary"} pending={add.isPending}>
              Add a passkey
            </Button>
          </div>
        </form>
      ) : (
        <p className="notice">This browser cannot use passkeys. Use another browser, or an authenticator app.</p>
      )}
      <FormAlert message={err && !err.fields.name ? err.message : undefined} />
    </>
  );
}

function PasskeyRow({ passkey, onRemove }: { passkey: Passkey; onRemove: () => void }) {
  const rename = useRenamePasskey();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(passkey.name);
  const err = errorOf(rename.error);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    rename.mutate(
      { id: passkey.id, name },
      {
        onSuccess: (p) => {
          setEditing(false);
          toast.success(`Renamed to “${p.name}”`);
        },
      },
    );
  }

  return (
    <tr data-passkey={passkey.name}>
      <td>
        {editing ? (
          <form className="form form-inline mfa-rename" onSubmit={onSubmit} noValidate>
            <TextField
              name="rename_passkey"
              label={<span className="visually-hidden">Name</span>}
              value={name}
              maxLength={100}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              error={err?.fields.name ?? (err && !err.fields.name ? err.message : undefined)}
            />
            <Button size="sm" type="submit" variant="primary" pending={rename.isPending}>
              Save
            </Button>
            <Button
              size="sm"
              onClick={() => {
                setEditing(false);
                setName(passkey.name);
                rename.reset();
              }}
            >
              Cancel
            </Button>
          </form>
        ) : (
          passkey.name
        )}
      </td>
      <td className="cell-muted cell-nowrap">{formatDate(passkey.created_at)}</td>
      <td className="cell-muted cell-nowrap">{passkey.last_used_at ? relativeTime(passkey.last_used_at) : "Never"}</td>
      <td className="cell-actions">
        {!editing && (
          <>
            <Button size="sm" variant="ghost" onClick={() => setEditing(true)}>
              Rename
            </Button>
            <Button size="sm" variant="danger-ghost" onClick={onRemove}>
              Remove
            </Button>
          </>
        )}
      </td>
    </tr>
  );
}

function RecoveryPart({ status, onCodes }: { status: MFAStatus; onCodes: (c: string[]) => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const [asking, setAsking] = useState(false);
  const left = status.recovery_codes_left;
  return (
    <div className="mfa-row">
      <span className={left <= 3 ? "mfa-codes-low" : "muted small"} data-testid="recovery-codes-left">
        {left} of 10 unused
        {status.recovery_codes_created_at ? ` · made ${formatDate(status.recovery_codes_created_at)}` : ""}
        {left <= 3 && ": make new ones before you run out."}
      </span>
      <Button
        size="sm"
        onClick={() => {
          regenerate.reset();
          setAsking(true);
        }}
      >
        Make new codes
      </Button>
      <ConfirmDialog
        open={asking}
        title="Make new recovery codes?"
        confirmLabel="Make new codes"
        pending={regenerate.isPending}
        error={errorOf(regenerate.error)?.message}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          regenerate.mutate(undefined, {
            onSuccess: (out) => {
              setAsking(false);
              onCodes(out.recovery_codes ?? []);
            },
          })
        }
      >
        Your current recovery codes stop working. You will see the new ones once.
      </ConfirmDialog>
    </div>
  );
}

export function RecoveryCodesPanel({ codes, email, onDone }: { codes: string[]; email: string; onDone: () => void }) {
  function download() {
    const blob = new Blob([recoveryCodesFile(codes, email, new Date())], { type: "text/plain" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = "loupe-recovery-codes.txt";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <div className="invite-result mfa-codes" role="status" data-testid="recovery-codes">
      <p>
        <strong>Save your recovery codes now.</strong> If you lose your authenticator app or passkey, each code signs you in once in its
        place. Loupe keeps only their hashes: nobody can show them again.
      </p>
      <ol className="mfa-code-list">
        {codes.map((c) => (
          <li key={c} className="mono">
            {c}
          </li>
        ))}
      </ol>
      <div className="form-actions">
        <CopyButton text={codes.join("\n")} label="Copy codes" />
        <Button size="sm" onClick={download}>
          Download
        </Button>
        <Button size="sm" variant="primary" onClick={onDone}>
          I have saved them
        </Button>
      </div>
    </div>
  );
}

function RemoveDialog({ removal, last, onDone }: { removal: Removal; last: boolean; onDone: () => void }) {
  const removeTOTP = useRemoveTOTP();
  const removePasskey = useRemovePasskey();
  const toast = useToast();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const m = removal.kind === "totp" ? removeTOTP : removePasskey;
  const err = errorOf(m.error);
  const what = removal.kind === "totp" ? "your authenticator app" : `“${removal.passkey.name}”`;

  function confirm() {
    const proof: FactorProof = last ? { password: password || undefined, code: code.trim() || undefined } : {};
    const done = {
      onSuccess: () => {
        toast.success(removal.kind === "totp" ? "Authenticator app removed" : "Passkey removed");
        onDone();
      },
    };
    if (removal.kind === "totp") removeTOTP.mutate(proof, done);
    else removePasskey.mutate({ id: removal.passkey.id, proof }, done);
  }

  return (
    <ConfirmDialog
      open
      title={`Remove ${what}?`}
      confirmLabel="Remove"
      pending={m.isPending}
      error={err && !err.fields.password && !err.fields.code ? err.message : undefined}
      onCancel={onDone}
      onConfirm={confirm}
    >
      {last ? (
        <>
          <p>
            This is your last second factor: your password alone will sign you in, and your recovery codes stop working. Confirm with your
            password, or with a current code.
          </p>
          <input type="text" name="username" autoComplete="username" hidden readOnly />
          <TextField
            name="proof_password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={err?.fields.password}
          />
          <TextField
            name="proof_code"
            label="Or a code"
            autoComplete="one-time-code"
            hint="From your authenticator app, or one of your recovery codes."
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={err?.fields.code}
          />
        </>
      ) : (
        <p>You keep your other second factors and your recovery codes.</p>
      )}
    </ConfirmDialog>
  );
}
