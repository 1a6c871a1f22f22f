import { describe, expect, it } from "vitest";
import {
  describeUserAgent,
  formatBytes,
  formatDate,
  formatDuration,
  humanize,
  initials,
  personLabel,
  plural,
  relativeTime,
  roleLabel,
  userTypeLabel,
} from "./format";

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

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [10 * 1024, "10 KB"],
    [1024 * 1024 - 1, "1 MB"],
    [5 * 1024 * 1024, "5 MB"],
    [2.25 * 1024 ** 3, "2.3 GB"],
    [3 * 1024 ** 5, "3 PB"],
  ])("%d → %s", (n, want) => {
    expect(formatBytes(n)).toBe(want);
  });

  it("dashes what is not a size", () => {
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0:00"],
    [400, "0.4 s"],
    [5_000, "0:05"],
    [65_000, "1:05"],
    [59_600, "1:00"],
    [600_000, "10:00"],
    [3_723_000, "1:02:03"],
  ])("%d ms → %s", (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  it("dashes what is not a duration", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(-5)).toBe("—");
  });
});

describe("plural", () => {
  it("picks the form by count", () => {
    expect(plural(1, "item")).toBe("1 item");
    expect(plural(0, "item")).toBe("0 items");
    expect(plural(1200, "item")).toBe("1,200 items");
    expect(plural(2, "dataset", "datasets")).toBe("2 datasets");
  });
});
