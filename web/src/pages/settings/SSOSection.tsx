import { useState, type FormEvent, type ReactNode } from "react";
import { asFormError, type FormError } from "../../api/client";
import {
  useDeleteSSO,
  usePutOIDC,
  usePutSAML,
  useSetSSOOnly,
  useSSO,
  useTestSSO,
  type SSOConfig,
  type SSOConnection,
  type SSOTestInput,
  type SSOTestReport,
} from "../../api/sso";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { CopyButton } from "../../components/CopyButton";
import { FormAlert, SelectField, TextAreaField, TextField } from "../../components/Field";
import { TagInput } from "../../components/TagInput";
import { ErrorState, LoadingState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { splitDomains } from "../../lib/domains";
import "./SSOSection.css";

const ROLES = [
  { value: "member", label: "Member" },
  { value: "tasker", label: "Tasker" },
  { value: "workforce_manager", label: "Workforce manager" },
];
const USER_TYPES = [
  { value: "internal", label: "Internal (employed by your organization)" },
  { value: "external", label: "External" },
  { value: "workforce", label: "Workforce (contracted)" },
];

/** SSOSection is where a workspace's admins set up single sign-on: OpenID Connect, SAML, and "SSO only". */
export function SSOSection({ workspaceId }: { workspaceId: string }) {
  const sso = useSSO(workspaceId);
  let body: ReactNode;
  if (sso.isPending) body = <LoadingState label="Loading single sign-on…" />;
  else if (sso.isError) body = <ErrorState error={sso.error} onRetry={() => void sso.refetch()} />;
  else
    body = (
      <>
        <SSOOnlyToggle workspaceId={workspaceId} config={sso.data} />
        <OIDCForm key={`oidc-${sso.data.oidc?.updated_at ?? "new"}`} workspaceId={workspaceId} config={sso.data} />
        <SAMLForm key={`saml-${sso.data.saml?.updated_at ?? "new"}`} workspaceId={workspaceId} config={sso.data} />
      </>
    );
  return (
    <Card
      title="Single sign-on"
      description="Let people sign in through your identity provider. Those who sign in for the first time join this workspace with the role and user type you choose here; nobody becomes an admin this way."
      className="sso-section"
    >
      <div className="form" data-testid="sso-section">
        {body}
      </div>
    </Card>
  );
}

function SSOOnlyToggle({ workspaceId, config }: { workspaceId: string; config: SSOConfig }) {
  const set = useSetSSOOnly(workspaceId);
  const toast = useToast();
  const err = set.error ? asFormError(set.error) : undefined;
  const enabled = !!config.oidc?.enabled || !!config.saml?.enabled;
  return (
    <div className="field field-check">
      <label className="check">
        <input
          type="checkbox"
          name="sso_only"
          checked={config.sso_only}
          disabled={set.isPending || (!enabled && !config.sso_only)}
          onChange={(e) =>
            set.mutate(e.target.checked, { onSuccess: (c) => toast.success(c.sso_only ? "SSO only is on" : "SSO only is off") })
          }
        />
        <span>
          <span className="check-label">SSO only</span>
          <span className="field-hint">
            Members who belong to this workspace alone can no longer sign in with a password: they are told to use single sign-on.
            Admins keep their password as a way in if the identity provider fails (each such sign-in is in the audit log), and so
            do members of other workspaces too, whom your provider may not sign in. {!enabled && "Enable a provider first."}
          </span>
        </span>
      </label>
      {(err?.fields.sso_only || err?.message) && <p className="field-error">{err?.fields.sso_only ?? err?.message}</p>}
    </div>
  );
}

/** UrlToCopy shows a URL the identity provider's admin needs, with a copy button. */
function UrlToCopy({ label, url, hint }: { label: string; url: string; hint: string }) {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <div className="copy-row">
        <code className="copy-text" data-testid={`copy-${label}`}>
          {url}
        </code>
        <CopyButton text={url} />
      </div>
      <p className="field-hint">{hint}</p>
    </div>
  );
}

/** TestResult lists what a connection test found, step by step. */
function TestResult({ report, error }: { report?: SSOTestReport; error?: FormError }) {
  if (error) return <FormAlert message={error.message} />;
  if (!report) return null;
  return (
    <div role="status" className={report.ok ? "alert sso-test-ok" : "alert alert-error"} data-testid="sso-test-result">
      <p>
        <strong>{report.ok ? "The connection works." : "The connection does not work."}</strong>
      </p>
      <ul className="sso-checks">
        {(report.checks ?? []).map((c, i) => (
          <li key={i} data-ok={c.ok}>
            {c.ok ? "✓" : "✗"} {c.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** useCommonFields holds what both protocols take: enabled, domains, role and user type. */
function useCommonFields(c: SSOConnection | null | undefined) {
  const [enabled, setEnabled] = useState(c?.enabled ?? true);
  const [domains, setDomains] = useState<string[]>(c?.email_domains ?? []);
  const [domainError, setDomainError] = useState("");
  const [role, setRole] = useState(c?.role ?? "member");
  const [userType, setUserType] = useState(c?.user_type ?? "internal");

  /** collect returns the fields to send, counting a domain still being typed, or null when one is not a domain. */
  function collect(form: HTMLFormElement) {
    const draft = (new FormData(form).get("email_domains") as string | null) ?? "";
    const { added, invalid } = splitDomains(draft, domains);
    if (invalid.length) {
      setDomainError(`Not a valid domain: ${invalid.join(", ")}`);
      return null;
    }
    setDomainError("");
    const all = [...domains, ...added];
    if (added.length) setDomains(all);
    return { enabled, email_domains: all, role, user_type: userType };
  }

  function render(err?: FormError, disabled?: boolean) {
    return (
      <>
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" name="enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            <span>
              <span className="check-label">Enabled</span>
              <span className="field-hint">Offer this provider on the sign-in page. An enabled provider must answer when you save.</span>
            </span>
          </label>
        </div>
        <TagInput
          name="email_domains"
          label="Allowed email domains"
          value={domains}
          onChange={(d) => {
            setDomains(d);
            setDomainError("");
          }}
          error={domainError || err?.fields.email_domains}
          placeholder="example.com"
          hint="Only people whose verified address is at one of these domains may sign in through this provider. Press Enter to add."
          disabled={disabled}
        />
        <div className="form-grid">
          <SelectField name="role" label="Role of people who join" options={ROLES} value={role} onChange={(e) => setRole(e.target.value)} error={err?.fields.role} />
          <SelectField
            name="user_type"
            label="Their user type"
            options={USER_TYPES}
            value={userType}
            onChange={(e) => setUserType(e.target.value)}
            error={err?.fields.user_type}
          />
        </div>
      </>
    );
  }
  return { collect, render };
}

/** ProviderActions are the buttons under a provider's form. */
function ProviderActions({ saved, saving, testing, removing, onTest, onRemove }: {
  saved: boolean;
  saving: boolean;
  testing: boolean;
  removing: boolean;
  onTest: () => void;
  onRemove: () => void;
}) {
  return (
    <div className="form-actions form-actions-split">
      <div className="sso-buttons">
        <Button onClick={onTest} pending={testing}>
          Test connection
        </Button>
        {saved && (
          <Button variant="danger" onClick={onRemove} pending={removing}>
            Remove
          </Button>
        )}
      </div>
      <Button type="submit" variant="primary" pending={saving}>
        Save
      </Button>
    </div>
  );
}

function OIDCForm({ workspaceId, config }: { workspaceId: string; config: SSOConfig }) {
  const c = config.oidc;
  const put = usePutOIDC(workspaceId);
  const test = useTestSSO(workspaceId);
  const remove = useDeleteSSO(workspaceId);
  const toast = useToast();
  const common = useCommonFields(c);
  const [discoveryURL, setDiscoveryURL] = useState(c?.discovery_url ?? "");
  const [clientID, setClientID] = useState(c?.client_id ?? "");
  const [secret, setSecret] = useState("");
  const err = put.error ? asFormError(put.error) : remove.error ? asFormError(remove.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields = common.collect(e.currentTarget);
    if (!fields) return;
    put.mutate(
      { ...fields, discovery_url: discoveryURL.trim(), client_id: clientID.trim(), ...(secret ? { client_secret: secret } : {}) },
      { onSuccess: () => toast.success("OpenID Connect sign-in saved") },
    );
  }

  function onTest() {
    const body: SSOTestInput = { protocol: "oidc" };
    if (discoveryURL.trim()) body.discovery_url = discoveryURL.trim();
    test.mutate(body);
  }

  return (
    <form className="form sso-provider" onSubmit={onSubmit} noValidate aria-labelledby="sso-oidc-title" data-testid="sso-oidc">
      <h3 id="sso-oidc-title" className="section-title">
        OpenID Connect
      </h3>
      <FormAlert message={err && Object.keys(err.fields).length === 0 ? err.message : undefined} />
      <UrlToCopy
        label="Redirect URI"
        url={config.oidc_redirect_url}
        hint="Register this redirect URI for Loupe's client at your OpenID Provider (a web application using the authorization code flow)."
      />
      <TextField
        name="discovery_url"
        label="Issuer or discovery URL"
        value={discoveryURL}
        onChange={(e) => setDiscoveryURL(e.target.value)}
        placeholder="https://login.example.com"
        hint="The provider's issuer, or its /.well-known/openid-configuration URL."
        error={err?.fields.discovery_url}
      />
      <div className="form-grid">
        <TextField name="client_id" label="Client ID" value={clientID} onChange={(e) => setClientID(e.target.value)} error={err?.fields.client_id} autoComplete="off" />
        <TextField
          name="client_secret"
          label="Client secret"
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          placeholder={c?.has_client_secret ? "Saved — leave empty to keep it" : ""}
          hint="Kept encrypted under the workspace's key; never shown again."
          error={err?.fields.client_secret}
        />
      </div>
      {common.render(err, put.isPending)}
      <TestResult report={test.data} error={test.error ? asFormError(test.error) : undefined} />
      <ProviderActions
        saved={!!c}
        saving={put.isPending}
        testing={test.isPending}
        removing={remove.isPending}
        onTest={onTest}
        onRemove={() => remove.mutate("oidc", { onSuccess: () => toast.success("OpenID Connect sign-in removed") })}
      />
    </form>
  );
}

function SAMLForm({ workspaceId, config }: { workspaceId: string; config: SSOConfig }) {
  const c = config.saml;
  const put = usePutSAML(workspaceId);
  const test = useTestSSO(workspaceId);
  const remove = useDeleteSSO(workspaceId);
  const toast = useToast();
  const common = useCommonFields(c);
  const [source, setSource] = useState<"url" | "xml">(c && !c.metadata_url ? "xml" : "url");
  const [metadataURL, setMetadataURL] = useState(c?.metadata_url ?? "");
  const [metadataXML, setMetadataXML] = useState(c && !c.metadata_url ? (c.metadata_xml ?? "") : "");
  const err = put.error ? asFormError(put.error) : remove.error ? asFormError(remove.error) : undefined;

  function metadata() {
    return source === "url" ? { metadata_url: metadataURL.trim() } : { metadata_xml: metadataXML.trim() };
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const fields = common.collect(e.currentTarget);
    if (!fields) return;
    put.mutate({ ...fields, ...metadata() }, { onSuccess: () => toast.success("SAML sign-in saved") });
  }

  function onTest() {
    const m = metadata();
    test.mutate({ protocol: "saml", ...(m.metadata_url || m.metadata_xml ? m : {}) });
  }

  return (
    <form className="form sso-provider" onSubmit={onSubmit} noValidate aria-labelledby="sso-saml-title" data-testid="sso-saml">
      <h3 id="sso-saml-title" className="section-title">
        SAML 2.0
      </h3>
      <FormAlert message={err && Object.keys(err.fields).length === 0 ? err.message : undefined} />
      <UrlToCopy
        label="Service provider metadata"
        url={config.saml_metadata_url}
        hint="Give your identity provider this URL (it is also Loupe's entity ID); or its two values by hand: the entity ID and the ACS URL below."
      />
      <UrlToCopy label="Assertion consumer service (ACS) URL" url={config.saml_acs_url} hint="Where the identity provider posts its responses (HTTP-POST binding)." />
      <SelectField
        name="metadata_source"
        label="Identity provider metadata"
        options={[
          { value: "url", label: "From a URL" },
          { value: "xml", label: "Pasted XML" },
        ]}
        value={source}
        onChange={(e) => setSource(e.target.value as "url" | "xml")}
      />
      {source === "url" ? (
        <TextField
          name="metadata_url"
          label="Metadata URL"
          value={metadataURL}
          onChange={(e) => setMetadataURL(e.target.value)}
          placeholder="https://idp.example.com/metadata"
          hint="Fetched when you save; save again after the provider changes its certificate."
          error={err?.fields.metadata_url}
        />
      ) : (
        <TextAreaField
          name="metadata_xml"
          label="Metadata XML"
          rows={6}
          value={metadataXML}
          onChange={(e) => setMetadataXML(e.target.value)}
          placeholder="<EntityDescriptor …>"
          error={err?.fields.metadata_xml}
        />
      )}
      {common.render(err, put.isPending)}
      <TestResult report={test.data} error={test.error ? asFormError(test.error) : undefined} />
      <ProviderActions
        saved={!!c}
        saving={put.isPending}
        testing={test.isPending}
        removing={remove.isPending}
        onTest={onTest}
        onRemove={() => remove.mutate("saml", { onSuccess: () => toast.success("SAML sign-in removed") })}
      />
    </form>
  );
}
