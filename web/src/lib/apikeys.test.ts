import { describe, expect, it } from "vitest";
import {
  curlExample,
  describeScope,
  expiryTime,
  groupActions,
  keyRequest,
  keyState,
  maskedKey,
  toggled,
  type KeyDraft,
} from "./apikeys";

const now = new Date(2026, 10, 25, 9, 0, 0);
const draft: KeyDraft = { name: " nightly export ", workspaceId: "ws1", expiry: "90", expiryDate: "", mode: "read_only", actions: [] };

describe("expiryTime", () => {
  it("counts days from now", () => {
    expect(expiryTime("30", "", now)?.getTime()).toBe(now.getTime() + 30 * 24 * 3600 * 1000);
    expect(expiryTime("never", "", now)).toBeNull();
  });

  it("lets a chosen date last to its end, local time", () => {
    expect(expiryTime("custom", "2026-12-31", now)).toEqual(new Date(2027, 0, 1));
  });

  it("refuses dates that are not", () => {
    for (const d of ["", "2026-02-30", "2026-13-01", "31/12/2026", "2026-1-1"]) {
      expect(expiryTime("custom", d, now)).toBeUndefined();
    }
  });
});

describe("keyRequest", () => {
  it("builds a read-only key that expires", () => {
    const r = keyRequest(draft, now);
    expect(r).toEqual({
      ok: true,
      body: {
        name: "nightly export",
        workspace_id: "ws1",
        expires_at: new Date(now.getTime() + 90 * 24 * 3600 * 1000).toISOString(),
        scope: { read_only: true },
      },
    });
  });

  it("sends no scope for a full key and no expiry for a lasting one", () => {
    expect(keyRequest({ ...draft, mode: "full", expiry: "never" }, now)).toEqual({ ok: true, body: { name: "nightly export", workspace_id: "ws1" } });
  });

  it("sends the chosen actions", () => {
    const r = keyRequest({ ...draft, mode: "actions", actions: ["dataset.read", "dataset.items.write"] }, now);
    expect(r.ok && r.body.scope).toEqual({ actions: ["dataset.read", "dataset.items.write"] });
  });

  it("names every field at fault at once", () => {
    const r = keyRequest({ ...draft, name: "  ", workspaceId: "", expiry: "custom", expiryDate: "2026-11-24", mode: "actions" }, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.fields).sort()).toEqual(["actions", "expires_at", "name", "workspace_id"]);
    const long = keyRequest({ ...draft, name: "é".repeat(101) }, now);
    expect(!long.ok && long.fields.name).toMatch(/100/);
    expect(keyRequest({ ...draft, name: "é".repeat(100) }, now).ok).toBe(true);
  });

  it("takes today as a date that still works until midnight", () => {
    expect(keyRequest({ ...draft, expiry: "custom", expiryDate: "2026-11-25" }, now).ok).toBe(true);
  });
});

describe("describing keys", () => {
  it("says what a scope allows", () => {
    expect(describeScope({ read_only: true, actions: [] })).toBe("Read-only");
    expect(describeScope({ read_only: false, actions: [] })).toBe("Everything its owner may do");
    expect(describeScope({ read_only: false, actions: ["a.read", "b.list"] })).toBe("a.read, b.list");
    expect(describeScope({ read_only: false, actions: ["a", "b", "c", "d", "e"] })).toBe("a, b and 3 more");
  });

  it("tells expired and soon-expiring keys", () => {
    const inDays = (d: number) => new Date(now.getTime() + d * 24 * 3600 * 1000).toISOString();
    expect(keyState({ expires_at: null }, now).label).toBe("No expiry");
    expect(keyState({ expires_at: inDays(-1) }, now)).toEqual({ label: "Expired", tone: "danger" });
    expect(keyState({ expires_at: inDays(3) }, now)).toEqual({ label: "Expires soon", tone: "warning" });
    expect(keyState({ expires_at: inDays(30) }, now).label).toBe("Active");
  });

  it("never shows more than the prefix", () => {
    expect(maskedKey("AbCd1234")).toBe("loupe_AbCd1234_…");
    expect(curlExample("https://loupe.example", "loupe_x_y")).toBe('curl -H "Authorization: Bearer loupe_x_y" https://loupe.example/api/v1/me');
  });
});

describe("the action picker", () => {
  it("groups actions by what they act on, reads first", () => {
    const g = groupActions([
      { action: "group.create", description: "create groups", writes: true },
      { action: "dataset.read", description: "see this dataset", writes: false },
      { action: "group.list", description: "list groups", writes: false },
    ]);
    expect(g.map((x) => [x.resource, x.actions.map((a) => a.action)])).toEqual([
      ["dataset", ["dataset.read"]],
      ["group", ["group.list", "group.create"]],
    ]);
  });

  it("toggles one action", () => {
    expect(toggled(["a", "b"], "c", true)).toEqual(["a", "b", "c"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
    expect(toggled(["a"], "a", true)).toEqual(["a"]);
  });
});
