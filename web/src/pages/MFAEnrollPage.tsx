// Where members of a workspace that requires two-factor authentication are sent until they have a
// second factor: the account's MFA section, and the way back once it is on.
import { Link, useNavigate, useSearchParams } from "react-router";
import { useMe } from "../api/auth";
import { useMyMFA } from "../api/mfa";
import { Button } from "../components/Button";
import { PageHeader } from "../components/Card";
import { LoadingState } from "../components/States";
import { safeNext } from "../lib/nextPath";
import { MFASection } from "./account/MFASection";

export function MFAEnrollPage() {
  const [params] = useSearchParams();
  const workspaceId = params.get("workspace") ?? "";
  const next = safeNext(params.get("next"), workspaceId ? `/w/${workspaceId}` : "/");
  const me = useMe();
  const status = useMyMFA();
  const navigate = useNavigate();
  if (!me.data) return <LoadingState />;

  const requiring = status.data?.required_by ?? [];
  const named = requiring.find((w) => w.id === workspaceId)?.name ?? me.data.memberships.find((m) => m.workspace.id === workspaceId)?.workspace.name;
  const enrolled = !!status.data?.enrolled;
  return (
    <div className="page page-narrow">
      <PageHeader
        title="Set up two-factor authentication"
        description={
          named
            ? `${named} requires two-factor authentication. Until you add an authenticator app or a passkey, you can reach nothing of it, and your API keys for it stop working.`
            : "A workspace of yours requires two-factor authentication. Until you add an authenticator app or a passkey, you can reach nothing of it, and your API keys for it stop working."
        }
      />
      {enrolled && (
        <div className="invite-result" role="status" data-testid="mfa-enrolled">
          <p>
            <strong>Two-factor authentication is on.</strong> Save your recovery codes if they are shown below, then go on.
          </p>
          <div className="form-actions">
            <Button variant="primary" onClick={() => navigate(next, { replace: true })}>
              Continue{named ? ` to ${named}` : ""}
            </Button>
          </div>
        </div>
      )}
      <MFASection email={me.data.user.email} />
      <p className="muted small">
        You can change your second factors later on <Link to="/account">your account page</Link>.
      </p>
    </div>
  );
}
