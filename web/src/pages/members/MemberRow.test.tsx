// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render } from "@testing-library/react";
import type { Member } from "../../api/client";
import { MemberRow, type MemberRowProps } from "./MemberRow";

afterEach(cleanup);

const ada: Member = {
  user: { id: "0193a0b2-0000-7000-8000-000000000001", email: "ada@example.com", name: "Ada Lovelace" },
  role: "member",
  user_type: "external",
  created_at: "2026-11-01T10:00:00Z",
};

function renderRow(props: Partial<MemberRowProps> = {}) {
  const all: MemberRowProps = {
    member: ada,
    isSelf: false,
    canManage: true,
    saving: false,
    onChange: vi.fn(),
    onRemove: vi.fn(),
    ...props,
  };
  const { container } = render(
    <table>
      <tbody>
        <MemberRow {...all} />
      </tbody>
    </table>,
  );
  const row = container.querySelector('tr[data-email="ada@example.com"]')!;
  return {
    row,
    role: row.querySelector('select[name="role"]') as HTMLSelectElement,
    type: row.querySelector('select[name="user_type"]') as HTMLSelectElement,
    props: all,
  };
}

describe("MemberRow", () => {
  it("is a tr[data-email] holding the role and user type selects", () => {
    const { row, role, type } = renderRow();
    expect(row).toBeTruthy();
    expect(role.value).toBe("member");
    expect(type.value).toBe("external");
    expect(row.textContent).toContain("Remove");
  });

  it("reports changes", () => {
    const { role, type, props } = renderRow();
    fireEvent.change(role, { target: { value: "tasker" } });
    expect(props.onChange).toHaveBeenCalledWith({ role: "tasker" });
    fireEvent.change(type, { target: { value: "workforce" } });
    expect(props.onChange).toHaveBeenCalledWith({ user_type: "workforce" });
  });

  it("does not offer admin to a non-internal user", () => {
    const { role } = renderRow();
    const admin = Array.from(role.options).find((o) => o.value === "admin")!;
    expect(admin.disabled).toBe(true);
  });

  it("offers an admin's two-factor reset only when asked to", () => {
    const onResetMFA = vi.fn();
    const { row } = renderRow({ onResetMFA });
    const b = Array.from(row.querySelectorAll("button")).find((x) => x.textContent === "Reset two-factor")!;
    fireEvent.click(b);
    expect(onResetMFA).toHaveBeenCalled();
    expect(renderRow({ onResetMFA, canManage: false }).row.textContent).not.toContain("Reset two-factor");
    cleanup();
    expect(renderRow().row.textContent).not.toContain("Reset two-factor");
  });

  it("is read-only without the right", () => {
    const { row, role, type } = renderRow({ canManage: false });
    expect(role.disabled).toBe(true);
    expect(type.disabled).toBe(true);
    expect(row.querySelector("button")).toBeNull();
  });

  it("lets a read-only user leave from their own row", () => {
    const { row, props } = renderRow({ canManage: false, isSelf: true });
    const b = row.querySelector("button")!;
    expect(b.textContent).toBe("Leave");
    fireEvent.click(b);
    expect(props.onRemove).toHaveBeenCalled();
  });

  it("marks the current user", () => {
    const { row } = renderRow({ isSelf: true });
    expect(row.textContent).toContain("You");
  });
});
