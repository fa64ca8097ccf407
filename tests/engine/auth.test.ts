/** Optional strict SigV4 verification, and the default: any signature accepted. */
import { execFile } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeprecateDomainCommand,
  DescribeDomainCommand,
  ListDomainsCommand,
  RegisterDomainCommand,
  SWFClient,
} from "@aws-sdk/client-swf";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCredentials } from "../../lib/engine/auth";
import { D, attrs, decide, history, lastOf, pollDecision, setup, start } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";
import { killGroup, spawnEngine } from "./process";

const KEYS = { AKIDGOOD: "s3cret/key+value", AKIDOTHER: "another" };

function client(url: string, accessKeyId: string, secretAccessKey: string, sessionToken?: string) {
  return new SWFClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    maxAttempts: 1,
  });
}

type Bytes = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (d: Bytes) =>
  typeof d === "string"
    ? Buffer.from(d)
    : ArrayBuffer.isView(d)
      ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
      : Buffer.from(d);

/** SHA-256 for the SDK signer (what @smithy/hash-node does), to sign requests by hand. */
class Sha256 {
  private chunks: Buffer[] = [];
  constructor(private readonly secret?: Bytes) {}
  update(data: Bytes) {
    this.chunks.push(toBuffer(data));
  }
  async digest() {
    const h =
      this.secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", toBuffer(this.secret));
    for (const c of this.chunks) h.update(c);
    return new Uint8Array(h.digest());
  }
  reset() {
    this.chunks = [];
  }
}

/** A request signed by hand at `signingDate`, sent with fetch; optionally the body is changed after signing. */
async function signedFetch(
  url: string,
  body: string,
  opts: { signingDate?: Date; secret?: string; tamper?: string } = {},
) {
  const headers = await signRequest(url, body, opts);
  const res = await fetch(url, { method: "POST", headers, body: opts.tamper ?? body });
  return {
    status: res.status,
    json: (await res.json()) as { __type?: string; message?: string; domainInfos?: unknown[] },
  };
}

describe("strict SigV4 mode", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ credentials: KEYS });
  });
  afterAll(() => t.close());

  it("serves requests signed with a configured key pair, including temporary credentials", async () => {
    for (const [id, secret] of Object.entries(KEYS)) {
      const swf = client(t.url, id, secret);
      await swf.send(
        new RegisterDomainCommand({
          name: `signed-${id}`,
          workflowExecutionRetentionPeriodInDays: "1",
        }),
      );
      expect(
        (await swf.send(new DescribeDomainCommand({ name: `signed-${id}` }))).domainInfo!.name,
      ).toBe(`signed-${id}`);
      swf.destroy();
    }
    const temp = client(t.url, "AKIDGOOD", KEYS.AKIDGOOD, "session-token-123");
    await temp.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
    temp.destroy();
  });

  it("refuses a wrong secret (InvalidSignatureException) and an unknown key (UnrecognizedClientException)", async () => {
    const wrong = client(t.url, "AKIDGOOD", "not-the-secret");
    const f = await faultOf(
      wrong.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" })),
    );
    expect(f.name).toBe("InvalidSignatureException");
    expect(f.message).toContain("does not match");
    wrong.destroy();
    const unknown = client(t.url, "AKIDNOBODY", "x");
    expect(
      await faultOf(unknown.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }))),
    ).toEqual({
      name: "UnrecognizedClientException",
      message: "The security token included in the request is invalid.",
    });
    unknown.destroy();
  });

  it("refuses a request without a signature (MissingAuthenticationTokenException, 403) or with a malformed one", async () => {
    const res = await fetch(t.url, {
      method: "POST",
      headers: {
        "x-amz-target": "SimpleWorkflowService.ListDomains",
        "content-type": "application/x-amz-json-1.0",
      },
      body: JSON.stringify({ registrationStatus: "REGISTERED" }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      __type: "com.amazon.coral.service#MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
    const bad = await fetch(t.url, {
      method: "POST",
      headers: {
        "x-amz-target": "SimpleWorkflowService.ListDomains",
        authorization: "AWS4-HMAC-SHA256 Credential=oops",
      },
      body: "{}",
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { __type: string }).__type).toBe(
      "com.amazon.coral.service#IncompleteSignatureException",
    );
  });

  it("checks the signed body and the signing time (at most 15 minutes off)", async () => {
    const body = JSON.stringify({ registrationStatus: "REGISTERED" });
    const fresh = await signedFetch(t.url, body);
    expect(fresh.status).toBe(200);
    expect(Array.isArray(fresh.json.domainInfos)).toBe(true);
    const recent = await signedFetch(t.url, body, {
      signingDate: new Date(Date.now() - 14 * 60_000),
    });
    expect(recent.status).toBe(200);
    const stale = await signedFetch(t.url, body, {
      signingDate: new Date(Date.now() - 16 * 60_000),
    });
    expect(stale.status).toBe(403);
    expect(stale.json.__type).toBe("com.amazon.coral.service#InvalidSignatureException");
    expect(stale.json.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await signedFetch(t.url, body, {
      signingDate: new Date(Date.now() + 16 * 60_000),
    });
    expect(future.json.message).toMatch(/^Signature not yet current/);
    const tampered = await signedFetch(t.url, body, {
      tamper: JSON.stringify({ registrationStatus: "DEPRECATED" }),
    });
    expect(tampered.status).toBe(403);
    expect(tampered.json.__type).toBe("com.amazon.coral.service#InvalidSignatureException");
  });

  it.skipIf(!existsSync("/usr/bin/aws"))(
    "accepts the AWS CLI's (botocore's) signatures",
    async () => {
      const home = mkdtempSync(join(tmpdir(), "swf-auth-cli-"));
      try {
        const run = (secret: string) =>
          new Promise<{ code: number; stderr: string }>((resolve) => {
            execFile(
              "/usr/bin/aws",
              [
                "swf",
                "list-domains",
                "--registration-status",
                "REGISTERED",
                "--endpoint-url",
                t.url,
              ],
              {
                env: {
                  PATH: process.env.PATH,
                  HOME: home,
                  AWS_ACCESS_KEY_ID: "AKIDGOOD",
                  AWS_SECRET_ACCESS_KEY: secret,
                  AWS_DEFAULT_REGION: "us-east-1",
                  AWS_CONFIG_FILE: join(home, "none"),
                  AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
                } as unknown as NodeJS.ProcessEnv,
                timeout: 60_000,
              },
              (error: (Error & { code?: unknown }) | null, _stdout: string, stderr: string) =>
                resolve({ code: error ? Number(error.code) || -1 : 0, stderr }),
            );
          });
        expect(await run(KEYS.AKIDGOOD)).toEqual({ code: 0, stderr: "" });
        const refused = await run("wrong");
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain("(InvalidSignatureException)");
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
  );
});

/** A request signed by hand, as headers and body, so that a test can alter or resend it. */
async function signRequest(
  url: string,
  body: string,
  opts: {
    region?: string;
    service?: string;
    unsignable?: string[];
    headers?: Record<string, string>;
    signingDate?: Date;
    secret?: string;
  } = {},
) {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: "AKIDGOOD", secretAccessKey: opts.secret ?? KEYS.AKIDGOOD },
    region: opts.region ?? "us-east-1",
    service: opts.service ?? "swf",
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: u.hostname,
      port: Number(u.port),
      path: "/",
      query: {},
      headers: {
        host: u.host,
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "SimpleWorkflowService.ListDomains",
        ...opts.headers,
      },
      body,
    },
    {
      signingDate: opts.signingDate ?? new Date(),
      unsignableHeaders: new Set(opts.unsignable ?? []),
    },
  );
  const headers = { ...(signed.headers as Record<string, string>) };
  delete headers.host;
  return headers;
}

async function sendSigned(url: string, headers: Record<string, string>, body: string) {
  const res = await fetch(url, { method: "POST", headers, body });
  return { status: res.status, json: (await res.json()) as { __type?: string; message?: string } };
}

describe("strict SigV4: what the signature must cover", () => {
  let t: TestEngine;
  const body = JSON.stringify({ registrationStatus: "REGISTERED" });
  beforeAll(async () => {
    t = await startTestEngine({ credentials: KEYS, region: "us-east-1" });
  });
  afterAll(() => t.close());

  const INCOMPLETE = "com.amazon.coral.service#IncompleteSignatureException";
  const INVALID = "com.amazon.coral.service#InvalidSignatureException";

  it("refuses a missing or malformed X-Amz-Date", async () => {
    const headers = await signRequest(t.url, body);
    const { "x-amz-date": _date, ...withoutDate } = headers;
    const missing = await sendSigned(t.url, withoutDate, body);
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      __type: INCOMPLETE,
      message: "Authorization header requires existence of a valid 'X-Amz-Date' header.",
    });
    for (const bad of ["yesterday", "2026-12-06T10:00:00Z", "20261306T100000Z1"]) {
      const malformed = await sendSigned(t.url, { ...headers, "x-amz-date": bad }, body);
      expect(malformed.json.__type, bad).toBe(INCOMPLETE);
    }
  });

  it("refuses a credential scope whose date is not the signing date", async () => {
    const headers = await signRequest(t.url, body);
    const day = headers["x-amz-date"].slice(0, 8);
    const otherDay = day === "20200101" ? "20200102" : "20200101";
    const r = await sendSigned(
      t.url,
      { ...headers, authorization: headers.authorization.replace(`/${day}/`, `/${otherDay}/`) },
      body,
    );
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      __type: INVALID,
      message: `Credential should be scoped to a valid date, not ${otherDay}.`,
    });
  });

  it("refuses a payload hash that does not describe the body", async () => {
    const wrongHash = createHash("sha256").update("another body").digest("hex");
    const headers = await signRequest(t.url, body, {
      headers: { "x-amz-content-sha256": wrongHash },
    });
    const r = await sendSigned(t.url, headers, body);
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      __type: INVALID,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it("refuses a signature that leaves Host or X-Amz-Target unsigned", async () => {
    for (const [header, shown] of [
      ["host", "Host"],
      ["x-amz-target", "X-Amz-Target"],
    ]) {
      const headers = await signRequest(t.url, body, { unsignable: [header] });
      expect(headers.authorization).not.toMatch(new RegExp(`SignedHeaders=[^,]*\\b${header}\\b`));
      const r = await sendSigned(t.url, headers, body);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({
        __type: INCOMPLETE,
        message: `'${shown}' must be a 'SignedHeader' in the AWS Authorization.`,
      });
    }
  });

  it("refuses a scope naming another service or another region", async () => {
    const s3 = await sendSigned(t.url, await signRequest(t.url, body, { service: "s3" }), body);
    expect(s3.json).toEqual({
      __type: INVALID,
      message: "Credential should be scoped to correct service: 'swf'.",
    });
    const eu = await sendSigned(
      t.url,
      await signRequest(t.url, body, { region: "eu-west-1" }),
      body,
    );
    expect(eu.status).toBe(403);
    expect(eu.json.__type).toBe(INVALID);
    expect(eu.json.message).toContain("not 'eu-west-1'");
  });

  it("serves a signature once: the same signed request sent again is refused", async () => {
    const headers = await signRequest(t.url, body);
    expect((await sendSigned(t.url, headers, body)).status).toBe(200);
    const replay = await sendSigned(t.url, headers, body);
    expect(replay.status).toBe(403);
    expect(replay.json).toEqual({
      __type: INVALID,
      message: "Signature already used: a request is served once.",
    });
    // A fresh signature of the same request is served.
    expect(
      (
        await sendSigned(
          t.url,
          await signRequest(t.url, body, { signingDate: new Date(Date.now() + 1000) }),
          body,
        )
      ).status,
    ).toBe(200);
  });
});

describe("deny lists: the engine's stand-in for IAM", () => {
  const DECISIONS = [
    "ScheduleActivityTask",
    "RequestCancelActivityTask",
    "RecordMarker",
    "StartTimer",
    "CancelTimer",
    "SignalExternalWorkflowExecution",
    "RequestCancelExternalWorkflowExecution",
    "StartChildWorkflowExecution",
    "CompleteWorkflowExecution",
  ];
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({
      credentials: {
        ADMIN: "admin",
        LIMITED: { secret: "limited", deny: ["DeprecateDomain", ...DECISIONS] },
      },
    });
  });
  afterAll(() => t.close());

  it("refuses denied actions with OperationNotPermittedFault", async () => {
    const limited = client(t.url, "LIMITED", "limited");
    await limited.send(
      new RegisterDomainCommand({ name: "perm", workflowExecutionRetentionPeriodInDays: "1" }),
    );
    expect(await faultOf(limited.send(new DeprecateDomainCommand({ name: "perm" })))).toEqual({
      name: "OperationNotPermittedFault",
      message: "User: LIMITED is not authorized to perform: swf:DeprecateDomain",
    });
    limited.destroy();
    const admin = client(t.url, "ADMIN", "admin");
    await admin.send(new DeprecateDomainCommand({ name: "perm" }));
    admin.destroy();
  });

  it("records OPERATION_NOT_PERMITTED for each denied decision, at once and without …Initiated events", async () => {
    const limited = client(t.url, "LIMITED", "limited");
    const s = await setup(limited);
    const run = await start(s);
    const task = await pollDecision(s);
    await decide(s, task.taskToken, [
      D.scheduleActivity(s, "a"),
      D.cancelActivity("a"),
      D.marker("m"),
      D.startTimer("t", 1),
      D.cancelTimer("t"),
      D.signalExternal("other", "sig", { control: "c" }),
      D.cancelExternal("other"),
      D.startChild(s, "kid"),
      D.complete(),
    ]);
    const events = await history(s, run);
    const completed = lastOf(events, "DecisionTaskCompleted")!;
    const after = events.filter((e) => e.eventId! > completed.eventId!);
    expect(after.map((e) => e.eventType)).toEqual([
      "ScheduleActivityTaskFailed",
      "RequestCancelActivityTaskFailed",
      "RecordMarkerFailed",
      "StartTimerFailed",
      "CancelTimerFailed",
      "SignalExternalWorkflowExecutionFailed",
      "RequestCancelExternalWorkflowExecutionFailed",
      "StartChildWorkflowExecutionFailed",
      "CompleteWorkflowExecutionFailed",
      "DecisionTaskScheduled",
    ]);
    for (const e of after.slice(0, -1)) expect(attrs(e).cause).toBe("OPERATION_NOT_PERMITTED");
    expect(attrs(after[2])).toEqual({
      markerName: "m",
      cause: "OPERATION_NOT_PERMITTED",
      decisionTaskCompletedEventId: completed.eventId,
    });
    expect(attrs(after[5])).toEqual({
      workflowId: "other",
      initiatedEventId: 0,
      control: "c",
      cause: "OPERATION_NOT_PERMITTED",
      decisionTaskCompletedEventId: completed.eventId,
    });
    // Another key may make the same decisions.
    const admin = client(t.url, "ADMIN", "admin");
    const next = await pollDecision({ ...s, swf: admin });
    await decide({ ...s, swf: admin }, next.taskToken, [D.marker("ok"), D.complete()]);
    expect((await history(s, run)).at(-1)!.eventType).toBe("WorkflowExecutionCompleted");
    limited.destroy();
    admin.destroy();
  });

  it("reads deny lists from the credentials file", () => {
    expect(parseCredentials('{"A": {"secret": "s", "deny": ["RecordMarker"]}, "B": "t"}')).toEqual({
      A: { secret: "s", deny: ["RecordMarker"] },
      B: "t",
    });
    expect(
      parseCredentials('[{"accessKeyId": "A", "secretAccessKey": "s", "deny": ["X"]}]'),
    ).toEqual({ A: { secret: "s", deny: ["X"] } });
    expect(() => parseCredentials('{"A": {"secret": "s", "deny": "RecordMarker"}}')).toThrow(
      /deny/,
    );
  });
});

describe("default mode", () => {
  it("accepts any signature, and none", async () => {
    const t = await startTestEngine();
    try {
      const swf = client(t.url, "anything", "whatever");
      await swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
      swf.destroy();
      const res = await fetch(t.url, {
        method: "POST",
        headers: { "x-amz-target": "SimpleWorkflowService.ListDomains" },
        body: JSON.stringify({ registrationStatus: "REGISTERED" }),
      });
      expect(res.status).toBe(200);
      const stale = await signedFetch(t.url, JSON.stringify({ registrationStatus: "REGISTERED" }), {
        signingDate: new Date(Date.now() - 3600_000),
        secret: "wrong",
      });
      expect(stale.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("--credentials FILE", () => {
  it("parses JSON objects, JSON lists and AKID:SECRET lines", () => {
    expect(parseCredentials('{"A": "1", "B": "2"}')).toEqual({ A: "1", B: "2" });
    expect(parseCredentials('[{"accessKeyId": "A", "secretAccessKey": "x:y"}]')).toEqual({
      A: "x:y",
    });
    expect(parseCredentials("# keys\nA:1\n\n  B : with:colon  \n")).toEqual({
      A: "1",
      B: "with:colon",
    });
    expect(() => parseCredentials("")).toThrow(/no key pairs/);
    expect(() => parseCredentials("just-a-key")).toThrow(/line 1/);
  });

  it("turns on verification in the engine process", async () => {
    const dir = mkdtempSync(join(tmpdir(), "swf-creds-"));
    const file = join(dir, "keys.txt");
    writeFileSync(file, "AKIDGOOD:s3cret/key+value\n");
    const engine = await spawnEngine([
      "--port",
      "0",
      "--db",
      join(dir, "e.sqlite"),
      "--credentials",
      file,
    ]);
    try {
      const good = client(engine.url, "AKIDGOOD", KEYS.AKIDGOOD);
      await good.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
      good.destroy();
      const bad = client(engine.url, "AKIDGOOD", "nope");
      expect(
        (await faultOf(bad.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }))))
          .name,
      ).toBe("InvalidSignatureException");
      bad.destroy();
    } finally {
      killGroup(engine.child, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
