import { describe, expect, it } from "vitest";
import { confirmStatus, projectAbilities, rolesFor, statusAction, statusLabel, tagStyle } from "./access";

describe("projectAbilities", () => {
  it("lets project admins and workspace admins do everything", () => {
    for (const a of [projectAbilities("member", "admin", "in_progress"), projectAbilities("admin", null, "in_progress")]) {
      expect(a).toMatchObject({ changeStatus: true, editSettings: true, deleteProject: true, managePeople: true, seeTasks: true });
      expect(a.grantable).toContain("admin");
    }
  });

  it("lets team managers manage annotators and reviewers only", () => {
    const a = projectAbilities("member", "team_manager", "in_progress");
    expect(a).toMatchObject({ changeStatus: false, editSettings: false, deleteProject: false, managePeople: true, seeTasks: true });
    expect(a.grantable).toEqual(["annotator", "reviewer", "annotator_reviewer"]);
  });

  it("gives annotators and reviewers nothing to change", () => {
    const a = projectAbilities("tasker", "annotator", "in_progress");
    expect(a).toMatchObject({ editSettings: false, managePeople: false, seeTasks: false, join: false, grantable: [] });
  });

  it("offers a workspace admin who is not on the project to join it", () => {
    expect(projectAbilities("admin", null, "paused").join).toBe(true);
    expect(projectAbilities("admin", "annotator", "paused").join).toBe(false);
    expect(projectAbilities("workforce_manager", null, "paused").join).toBe(false);
  });

  it("keeps an archived project read-only but for its status", () => {
    const a = projectAbilities("admin", "admin", "archived");
    expect(a).toMatchObject({ archived: true, changeStatus: true, editSettings: false, managePeople: false, join: false, grantable: [] });
  });
});

describe("roles", () => {
  it("offers groups no managing role", () => {
    expect(rolesFor(["admin", "team_manager", "annotator", "reviewer"], true)).toEqual(["annotator", "reviewer"]);
    expect(rolesFor(["admin", "annotator"], false)).toEqual(["admin", "annotator"]);
  });
});

describe("statuses", () => {
  it("names each move", () => {
    expect(statusAction("not_started", "in_progress")).toBe("Start");
    expect(statusAction("paused", "in_progress")).toBe("Resume");
    expect(statusAction("completed", "in_progress")).toBe("Reopen");
    expect(statusAction("in_progress", "paused")).toBe("Pause");
    expect(statusAction("in_progress", "completed")).toBe("Complete");
    expect(statusAction("archived", "completed")).toBe("Restore");
    expect(statusAction("in_progress", "cancelled")).toBe("Cancel project");
    expect(statusAction("completed", "archived")).toBe("Archive");
    expect(statusLabel("not_started")).toBe("Not started");
  });

  it("asks before cancelling and archiving only", () => {
    expect(confirmStatus("cancelled")).toBeTruthy();
    expect(confirmStatus("archived")).toBeTruthy();
    expect(confirmStatus("paused")).toBeNull();
  });

  it("colours tags by their colour, grey when odd", () => {
    expect(tagStyle("#1d4ed8")).toEqual({ "--tag": "#1d4ed8" });
    expect(tagStyle("red")).toEqual({ "--tag": "#64748b" });
  });
});
