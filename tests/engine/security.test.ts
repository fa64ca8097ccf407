/**
 * What a hostile web page or client can reach: CORS, Host names (DNS rebinding), listening off
 * loopback, slow requests, connection and long-poll caps, and a task whose answer never reached
 * its poller. Everything over real HTTP against a real engine.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  GetWorkflowExecutionHistoryCommand,
  ListDomainsCommand,
  PollForDecisionTaskCommand,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEngine } from "../../lib/engine/server";
import { setup, start } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";
import { answerUntilClosed } from "./raw-http";
import { killGroup, spawnEngine } from "./process";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { __type?: string; message?: string; [k: string]: unknown };
}

/** One request through node:http, which (unlike fetch) lets the test choose the Host header. */
function send(
  url: string,
  opts: {
    method?: string;
    host?: string;
    action?: string;
    body?: unknown;
    /** The body as text, sent as it is (instead of `body`). */
    text?: string;
    headers?: Record<string, string>;
    agent?: Agent;
  } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: u.hostname,
        port: u.port,
        method: opts.method ?? "POST",
        path: "/",
        agent: opts.agent ?? false,
        headers: {
          ...(opts.host !== undefined ? { host: opts.host } : {}),
          ...(opts.action ? { "x-amz-target": `SimpleWorkflowService.${opts.action}` } : {}),
          "content-type": "application/x-amz-json-1.0",
          ...opts.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            json: text ? (JSON.parse(text) as Answer["json"]) : {},
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(opts.text ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)));
  });
}

const listDomains = { action: "ListDomains", body: { registrationStatus: "REGISTERED" } };

describe("CORS", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ corsOrigins: ["http://console.example:3000"] });
  });
  afterAll(() => t.close());

  it("answers only listed origins, echoing the origin (never *)", async () => {
    const ok = await send(t.url, {
      ...listDomains,
      headers: { origin: "http://console.example:3000" },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe("http://console.example:3000");
    const preflight = await send(t.url, {
      method: "OPTIONS",
      headers: { origin: "http://console.example:3000" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-headers"]).toContain("x-amz-target");

    const other = await send(t.url, { ...listDomains, headers: { origin: "http://evil.example" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const otherPreflight = await send(t.url, {
      method: "OPTIONS",
      headers: { origin: "http://evil.example" },
    });
    expect(otherPreflight.status).toBe(403);
    expect(otherPreflight.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends no CORS headers at all when no origin is listed", async () => {
    const plain = await startTestEngine();
    try {
      const r = await send(plain.url, {
        ...listDomains,
        headers: { origin: "http://localhost:3000" },
      });
      expect(r.headers["access-control-allow-origin"]).toBeUndefined();
      expect(
        (await send(plain.url, { method: "OPTIONS", headers: { origin: "http://x" } })).status,
      ).toBe(403);
    } finally {
      await plain.close();
    }
  });
});

describe("Host names on a loopback engine (DNS rebinding)", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ allowHosts: ["engine.internal"] });
  });
  afterAll(() => t.close());

  it("accepts loopback names with or without a port, and listed names", async () => {
    const port = new URL(t.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      "localhost",
      `127.1.2.3:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
      `engine.internal:${port}`,
    ]) {
      const r = await send(t.url, { ...listDomains, host });
      expect(r.status, host).toBe(200);
    }
  });

  it("refuses any other Host with 403 AccessDeniedException, before doing any work", async () => {
    const port = new URL(t.url).port;
    for (const host of [
      `evil.example:${port}`,
      "evil.example",
      `127.0.0.1.evil.example:${port}`,
      `192.168.1.10:${port}`,
      `[::2]:${port}`,
      "not a host",
    ]) {
      const r = await send(t.url, { ...listDomains, host });
      expect(r.status, host).toBe(403);
      expect(r.json.__type).toBe("com.amazon.coral.service#AccessDeniedException");
      expect(r.json.message).toContain("--allow-host");
    }
    // Also for the GET endpoints.
    const m = await send(t.url, { method: "GET", host: `evil.example:${port}` });
    expect(m.status).toBe(403);
  });

  it("keeps each verdict while the engine remembers more Host names than it keeps", async () => {
    const port = new URL(t.url).port;
    // More distinct names than the engine remembers verdicts for (256), each refused.
    for (let i = 0; i < 300; i++) {
      const r = await send(t.url, { ...listDomains, host: `n${i}.evil.example:${port}` });
      expect(r.status).toBe(403);
    }
    for (const [host, status] of [
      [`evil.example:${port}`, 403],
      [`localhost:${port}`, 200],
      [`evil.example:${port}`, 403],
      [`localhost:${port}`, 200],
    ] as const) {
      expect((await send(t.url, { ...listDomains, host })).status, host).toBe(status);
    }
  });
});

describe("listening off loopback", () => {
  it("refuses a non-loopback address without credentials, unless insecure", async () => {
    await expect(startEngine({ db: ":memory:", host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without --credentials/,
    );
    const insecure = await startEngine({
      db: ":memory:",
      host: "0.0.0.0",
      port: 0,
      insecure: true,
    });
    await insecure.close();
    const signed = await startEngine({
      db: ":memory:",
      host: "0.0.0.0",
      port: 0,
      credentials: { AKID: "secret" },
    });
    await signed.close();
  });

  it("the engine process exits with the reason instead of listening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "swf-bind-"));
    try {
      const failure = await spawnEngine([
        "--port",
        "0",
        "--host",
        "0.0.0.0",
        "--db",
        join(dir, "e.sqlite"),
      ]).then(
        (engine) => {
          killGroup(engine.child, "SIGKILL");
          return "listened";
        },
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/exited \(1\) before listening/);
      expect(failure).toContain("refusing to listen on 0.0.0.0 without --credentials");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const hasBoto3 = await new Promise<boolean>((resolve) =>
  execFile("python3", ["-c", "import boto3"], (error) => resolve(!error)),
);

describe.skipIf(!hasBoto3)("honest local clients keep working", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());

  it("boto3 with dummy keys, through 127.0.0.1 and through localhost", async () => {
    const port = new URL(t.url).port;
    for (const endpoint of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          "python3",
          [
            "-c",
            `import boto3, json, sys
c = boto3.client("swf", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="x", aws_secret_access_key="x")
c.register_domain(name=sys.argv[2], workflowExecutionRetentionPeriodInDays="1")
print(json.dumps([d["name"] for d in c.list_domains(registrationStatus="REGISTERED")["domainInfos"]]))`,
            endpoint,
            `boto-${endpoint.includes("localhost") ? "name" : "ip"}`,
          ],
          { timeout: 60_000 },
          (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
        ),
      );
      expect(JSON.parse(out)).toContain(`boto-${endpoint.includes("localhost") ? "name" : "ip"}`);
    }
  });
});

describe("bodies nested deeper than any SWF request", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t?.close());

  it("are refused with SerializationException (400), not a failure the SDK would retry", async () => {
    const s = await setup(t.swf);
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    // Before: the engine walked the parsed body recursively, ran out of stack and answered 500.
    for (const [action, text] of [
      ["ListDomains", `{"registrationStatus":"REGISTERED","x":${deep(200_000)}}`],
      [
        "StartWorkflowExecution",
        `{"domain":"${s.domain}","workflowId":"w","workflowType":{"name":"${s.workflowType.name}","version":"${s.workflowType.version}"},"input":${deep(100_000)}}`,
      ],
    ] as const) {
      const answer = await send(t.url, { action, text });
      expect(answer.status).toBe(400);
      expect(answer.json.__type).toBe("com.amazon.coral.service#SerializationException");
      expect(answer.json.message).toBe("Request body nests deeper than 64 levels");
    }
    // Brackets inside strings are text, at any count; nesting within the limit is served as before.
    const input = `{"domain":"${s.domain}","workflowId":"brackets","workflowType":{"name":"${s.workflowType.name}","version":"${s.workflowType.version}"},"input":${JSON.stringify(deep(1_000) + '\\"[')}}`;
    expect((await send(t.url, { action: "StartWorkflowExecution", text: input })).status).toBe(200);
    const within = `{"registrationStatus":"REGISTERED","x":${deep(63)}}`;
    expect((await send(t.url, { action: "ListDomains", text: within })).status).toBe(200);
    await t.swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
  });
});

describe("connections", () => {
  it("answers a request whose body does not arrive in time with 408, and closes it", async () => {
    const t = await startTestEngine({ requestTimeoutMs: 300 });
    try {
      const { port } = new URL(t.url);
      // Without a request timeout the engine would wait for the rest forever.
      const answer = await answerUntilClosed(
        t.url,
        `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Target: SimpleWorkflowService.ListDomains\r\nContent-Length: 100\r\n\r\n{"regis`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(answer).toContain('"__type":"com.amazon.coral.service#RequestTimeoutException"');
      // The engine still serves, and a long poll longer than the request timeout is not cut.
      const slow = await startTestEngine({ requestTimeoutMs: 300, pollTimeoutSeconds: 1 });
      try {
        const s = await setup(slow.swf);
        const empty = await slow.swf.send(
          new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: "nothing" } }),
        );
        expect(empty.taskToken).toBeUndefined();
      } finally {
        await slow.close();
      }
      await t.swf.send(new ListDomainsCommand({ registrationStatus: "REGISTERED" }));
    } finally {
      await t.close();
    }
  });

  it("refuses requests on connections beyond the cap with LimitExceededFault", async () => {
    const t = await startTestEngine({ maxConnections: 2 });
    const agents = [0, 1].map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
    try {
      // Two kept-alive connections: the cap is reached.
      for (const agent of agents)
        expect((await send(t.url, { ...listDomains, agent })).status).toBe(200);
      const third = await send(t.url, listDomains);
      expect(third.status).toBe(400);
      expect(third.json.__type).toBe("com.amazonaws.swf.base.model#LimitExceededFault");
      expect(third.headers.connection).toBe("close");
      // Room again once a connection goes.
      agents[0].destroy();
      await waitFor(async () => (await send(t.url, listDomains)).status === 200);
    } finally {
      for (const agent of agents) agent.destroy();
      await t.close();
    }
  });

  it("caps long polls held at once across all task lists", async () => {
    const t = await startTestEngine({ maxHeldPolls: 2, pollTimeoutSeconds: 60 });
    try {
      const s = await setup(t.swf);
      const held = ["a", "b"].map((list) =>
        t.swf.send(new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: list } })),
      );
      await waitFor(() => t.running.engine.dispatcher.held === 2);
      const f = await faultOf(
        t.swf.send(new PollForDecisionTaskCommand({ domain: s.domain, taskList: { name: "c" } })),
      );
      expect(f.name).toBe("LimitExceededFault");
      expect(f.message).toContain("More than 2 long polls");
      // Shutting down answers the held polls empty.
      await t.running.close();
      for (const poll of held) expect((await poll).taskToken).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe("a task whose answer never reached its poller", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({ pollTimeoutSeconds: 5 });
  });
  afterAll(() => t.close());

  it("is scheduled again at once instead of waiting out its start-to-close timeout", async () => {
    // Decision tasks time out after an hour here: without the release, no second task comes.
    const s = await setup(t.swf, { workflowDefaults: { defaultTaskStartToCloseTimeout: "3600" } });
    const run = await start(s);
    // Two pipelined requests on one connection: a long poll that holds the connection, then a
    // poll that claims the task. Its answer must wait behind the first one's, so when the client
    // goes away it has not been written.
    const { port } = new URL(t.url);
    const socket: Socket = connect(Number(port), "127.0.0.1");
    const post = (action: string, body: unknown) => {
      const text = JSON.stringify(body);
      return `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Amz-Target: SimpleWorkflowService.${action}\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
    };
    socket.write(
      post("PollForActivityTask", { domain: s.domain, taskList: { name: "nothing-here" } }) +
        post("PollForDecisionTask", { domain: s.domain, taskList: { name: s.taskList } }),
    );
    const lastEvent = async () =>
      (
        await t.swf.send(
          new GetWorkflowExecutionHistoryCommand({
            domain: s.domain,
            execution: run,
            reverseOrder: true,
            maximumPageSize: 1,
          }),
        )
      ).events![0].eventType;
    await waitFor(async () => (await lastEvent()) === "DecisionTaskStarted");
    socket.destroy();

    const again = await t.swf.send(
      new PollForDecisionTaskCommand({
        domain: s.domain,
        taskList: { name: s.taskList },
        reverseOrder: true,
        maximumPageSize: 3,
      }),
    );
    expect(again.taskToken).toBeDefined();
    expect(again.events!.map((e) => e.eventType)).toEqual([
      "DecisionTaskStarted",
      "DecisionTaskScheduled",
      "DecisionTaskTimedOut",
    ]);
  });
});

/** Waits for a condition the test can observe (never a fixed sleep). */
async function waitFor(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("condition not reached");
}
