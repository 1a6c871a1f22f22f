import { describe, expect, it } from "vitest";
import { describeUserAgent, formatDate, humanize, initials, personLabel, relativeTime, roleLabel, userTypeLabel } from "./format";

describe("labels", () => {
  it("names roles and user types", () => {
    expect(roleLabel("workforce_manager")).toBe("Workforce manager");
    expect(roleLabel("admin")).toBe("Admin");
    expect(roleLabel("project_owner")).toBe("Project owner");
    expect(userTypeLabel("external")).toBe("External");
    expect(humanize("")).toBe("");
  });
});

describe("initials", () => {
  it.each([
    ["Ada Lovelace", "", "AL"],
    ["Grace Brewster Murray Hopper", "", "GH"],
    ["ada", "", "A"],
    ["", "zed@example.com", "Z"],
    ["", "", "?"],
    ["  émile   zola ", "", "ÉZ"],
  ])("%j %j → %s", (name, email, want) => {
    expect(initials(name, email)).toBe(want);
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it.each([
    ["2026-11-24T11:59:40Z", "just now"],
    ["2026-11-24T11:55:00Z", "5 minutes ago"],
    ["2026-11-24T09:00:00Z", "3 hours ago"],
    ["2026-11-23T12:00:00Z", "yesterday"],
    ["2026-11-27T12:00:00Z", "in 3 days"],
    ["2026-12-08T12:00:00Z", "in 2 weeks"],
    ["2025-11-24T12:00:00Z", "last year"],
  ])("%s → %s", (iso, want) => {
    expect(relativeTime(iso, now)).toBe(want);
  });

  it("shows a dash for missing or bad input", () => {
    expect(relativeTime(undefined, now)).toBe("—");
    expect(relativeTime("not a date", now)).toBe("—");
  });
});

describe("formatDate", () => {
  it("formats valid times and dashes the rest", () => {
    expect(formatDate("2026-11-24T12:00:00Z", "en-US")).toMatch(/2026/);
    expect(formatDate("", "en-US")).toBe("—");
    expect(formatDate("garbage", "en-US")).toBe("—");
  });
});

describe("describeUserAgent", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on Linux"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Windows"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on Windows"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"],
    ["curl/8.5.0", "curl"],
    ["", "Unknown device"],
    ["loupe-cli/1.0", "loupe-cli/1.0"],
  ])("%s → %s", (ua, want) => {
    expect(describeUserAgent(ua)).toBe(want);
  });
});

describe("personLabel", () => {
  const known = [{ id: "u1", name: "Ada", email: "ada@x.io" }, { id: "u2", name: "", email: "bob@x.io" }];
  it("names a user object or an id", () => {
    expect(personLabel({ id: "u9", name: "Grace", email: "g@x.io" })).toBe("Grace");
    expect(personLabel("u1", known)).toBe("Ada");
    expect(personLabel("u2", known)).toBe("bob@x.io");
    expect(personLabel("u3", known)).toBe("—");
    expect(personLabel(null)).toBe("—");
  });
});
