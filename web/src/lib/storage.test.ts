import { describe, expect, it } from "vitest";
import { buildConfig, buildCredentials, describeLocation, kindLabel, LOUPE_STORAGE, storageName } from "./storage";

describe("describeLocation", () => {
  it.each([
    ["s3", { bucket: "raw", prefix: "cams/" }, "s3://raw/cams/"],
    ["s3", { bucket: "raw" }, "s3://raw"],
    ["gcs", { bucket: "g", prefix: "/x" }, "gs://g/x"],
    ["azure", { bucket: "c", account: "acct", prefix: "p" }, "azure://acct/c/p"],
  ])("%s %j → %s", (kind, config, want) => {
    expect(describeLocation(kind, config)).toBe(want);
  });
});

describe("kindLabel", () => {
  it("names known kinds and passes others through", () => {
    expect(kindLabel("gcs")).toBe("Google Cloud Storage");
    expect(kindLabel("ftp")).toBe("ftp");
  });
});

describe("buildConfig", () => {
  const values = { bucket: "b", prefix: "p/", region: "eu-west-1", endpoint: "http://minio:9000", account: "acct" };

  it("keeps the fields of the kind only", () => {
    expect(buildConfig("s3", values, true)).toEqual({
      bucket: "b",
      prefix: "p/",
      region: "eu-west-1",
      endpoint: "http://minio:9000",
      path_style: true,
    });
    expect(buildConfig("gcs", values, true)).toEqual({ bucket: "b", prefix: "p/" });
    expect(buildConfig("azure", values, false)).toEqual({ bucket: "b", prefix: "p/", endpoint: "http://minio:9000", account: "acct" });
  });

  it("leaves out empty text and an unticked path style", () => {
    expect(buildConfig("s3", { bucket: "b", prefix: "", region: "" }, false)).toEqual({ bucket: "b" });
    expect(buildConfig("s3", {}, false)).toEqual({ bucket: "" });
  });
});

describe("buildCredentials", () => {
  it("sends the typed credentials of the kind", () => {
    expect(buildCredentials("s3", { access_key_id: " AK ", secret_access_key: "SK", sas_token: "x" }, "new", false)).toEqual({
      ok: true,
      value: { access_key_id: "AK", secret_access_key: "SK" },
    });
    expect(buildCredentials("gcs", { service_account_json: '{"type":"service_account"}' }, "new", true)).toEqual({
      ok: true,
      value: { service_account_json: '{"type":"service_account"}' },
    });
    expect(buildCredentials("azure", { sas_token: "sv=1" }, "new", false)).toEqual({ ok: true, value: { sas_token: "sv=1" } });
  });

  it("leaves credentials out to keep them, or to use the environment on create", () => {
    expect(buildCredentials("s3", { access_key_id: "AK" }, "keep", true)).toEqual({ ok: true, value: undefined });
    expect(buildCredentials("s3", {}, "environment", false)).toEqual({ ok: true, value: undefined });
  });

  it("sends {} to switch an integration to the environment's credentials", () => {
    expect(buildCredentials("s3", { access_key_id: "AK" }, "environment", true)).toEqual({ ok: true, value: {} });
  });

  it("points at the field that is missing", () => {
    expect(buildCredentials("s3", {}, "new", false)).toEqual({
      ok: false,
      field: "access_key_id",
      error: "Enter the credentials, or use the server's environment.",
    });
    expect(buildCredentials("s3", { access_key_id: "AK" }, "new", false)).toMatchObject({ ok: false, field: "secret_access_key" });
    expect(buildCredentials("azure", { account_key: "k", sas_token: "t" }, "new", false)).toMatchObject({ ok: false, field: "sas_token" });
  });
});

describe("storageName", () => {
  const gs = [{ id: "g1", name: "Raw S3" }];
  it("names Loupe's storage, an integration, or falls back", () => {
    expect(storageName(null, gs)).toBe(LOUPE_STORAGE);
    expect(storageName("", gs)).toBe(LOUPE_STORAGE);
    expect(storageName("g1", gs)).toBe("Raw S3");
    expect(storageName("g2", gs)).toBe("Workspace bucket");
    expect(storageName("g1", undefined)).toBe("Workspace bucket");
  });
});
