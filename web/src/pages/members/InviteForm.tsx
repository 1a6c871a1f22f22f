import { useState, type FormEvent } from "react";
import { asFormError, type CreatedInvitation, type Role, type UserType } from "../../api/client";
import { useCreateInvitation } from "../../api/workspaces";
import { Button } from "../../components/Button";
import { CopyButton } from "../../components/CopyButton";
import { FormAlert, SelectField, TextField } from "../../components/Field";
import { roleLabel, USER_TYPES, userTypeLabel } from "../../lib/format";
import { invitableRoles, roleAllowedFor } from "../../lib/permissions";

/** InviteForm creates an invitation and shows its link to copy (there is no mail server). */
export function InviteForm({ workspaceId, myRole }: { workspaceId: string; myRole: Role }) {
  const invite = useCreateInvitation(workspaceId);
  const roles = invitableRoles(myRole);
  const [role, setRole] = useState<Role>(roles.includes("member") ? "member" : roles[0]);
  const [userType, setUserType] = useState<UserType>("internal");
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const err = invite.error ? asFormError(invite.error) : undefined;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const email = (new FormData(form).get("email") as string | null)?.trim() ?? "";
    setCreated(null);
    invite.mutate(
      { email, role, user_type: userType },
      {
        onSuccess: (inv) => {
          setCreated(inv);
          form.reset();
        },
      },
    );
  }

  return (
    <div className="invite">
      <form className="form form-inline" onSubmit={onSubmit} noValidate>
        <FormAlert message={err?.message} className="form-inline-full" />
        <TextField
          name="email"
          label="Email"
          type="email"
          required
          placeholder="name@example.com"
          autoComplete="off"
          error={err?.fields.email}
          fieldClassName="field-grow"
        />
        <SelectField
          name="role"
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={roles.map((r) => ({ value: r, label: roleLabel(r), disabled: !roleAllowedFor(r, userType) }))}
          error={err?.fields.role}
        />
        <SelectField
          name="user_type"
          label="User type"
          value={userType}
          onChange={(e) => setUserType(e.target.value as UserType)}
          options={USER_TYPES.map((t) => ({ value: t, label: userTypeLabel(t), disabled: !roleAllowedFor(role, t) }))}
          error={err?.fields.user_type}
        />
        <div className="field field-button">
          <Button type="submit" variant="primary" pending={invite.isPending}>
            Invite
          </Button>
        </div>
      </form>
      {created && (
        <div className="invite-result" role="status">
          <p>
            Invitation created for <strong>{created.email}</strong>. Send them this link:
          </p>
          <div className="copy-row">
            <code className="copy-text" data-testid="invite-link">
              {created.link}
            </code>
            <CopyButton text={created.link} />
          </div>
        </div>
      )}
    </div>
  );
}
