import {
  DeprecateDomainCommand,
  DescribeDomainCommand,
  ListDomainsCommand,
  ListTagsForResourceCommand,
  RegisterDomainCommand,
  TagResourceCommand,
  UndeprecateDomainCommand,
  UntagResourceCommand,
  type SWFClient,
} from "@aws-sdk/client-swf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../../lib/engine/clock";
import { uniq } from "./fixtures";
import { faultOf, startTestEngine, type TestEngine } from "./harness";

const register = (swf: SWFClient, name: string, extra: Record<string, unknown> = {}) =>
  swf.send(
    new RegisterDomainCommand({ name, workflowExecutionRetentionPeriodInDays: "3", ...extra }),
  );

async function listAll(
  swf: SWFClient,
  status: "REGISTERED" | "DEPRECATED",
  pageSize?: number,
  reverseOrder?: boolean,
) {
  const names: string[] = [];
  let nextPageToken: string | undefined;
  let pages = 0;
  do {
    const page = await swf.send(
      new ListDomainsCommand({
        registrationStatus: status,
        maximumPageSize: pageSize,
        reverseOrder,
        nextPageToken,
      }),
    );
    names.push(...page.domainInfos!.map((d) => d.name!));
    nextPageToken = page.nextPageToken;
    pages++;
  } while (nextPageToken);
  return { names, pages };
}

describe("domains", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());

  it("registers and describes a domain with its ARN, description and retention", async () => {
    const name = uniq("d");
    await register(t.swf, name, {
      description: "my domain",
      workflowExecutionRetentionPeriodInDays: "NONE",
    });
    const d = await t.swf.send(new DescribeDomainCommand({ name }));
    expect(d.domainInfo).toEqual({
      name,
      status: "REGISTERED",
      description: "my domain",
      arn: `arn:aws:swf:us-east-1:123456789012:/domain/${name}`,
    });
    expect(d.configuration).toEqual({ workflowExecutionRetentionPeriodInDays: "NONE" });
  });

  it("refuses a second registration of a name, registered or deprecated", async () => {
    const name = uniq("d");
    await register(t.swf, name);
    expect(await faultOf(register(t.swf, name))).toEqual({
      name: "DomainAlreadyExistsFault",
      message: name,
    });
    await t.swf.send(new DeprecateDomainCommand({ name }));
    expect((await faultOf(register(t.swf, name))).name).toBe("DomainAlreadyExistsFault");
  });

  it("deprecates and undeprecates, with the fault for each wrong state", async () => {
    const name = uniq("d");
    await register(t.swf, name);
    expect((await faultOf(t.swf.send(new UndeprecateDomainCommand({ name })))).name).toBe(
      "DomainAlreadyExistsFault",
    );
    await t.swf.send(new DeprecateDomainCommand({ name }));
    expect((await t.swf.send(new DescribeDomainCommand({ name }))).domainInfo!.status).toBe(
      "DEPRECATED",
    );
    expect((await faultOf(t.swf.send(new DeprecateDomainCommand({ name })))).name).toBe(
      "DomainDeprecatedFault",
    );
    expect((await listAll(t.swf, "DEPRECATED")).names).toContain(name);
    expect((await listAll(t.swf, "REGISTERED")).names).not.toContain(name);
    await t.swf.send(new UndeprecateDomainCommand({ name }));
    expect((await t.swf.send(new DescribeDomainCommand({ name }))).domainInfo!.status).toBe(
      "REGISTERED",
    );
  });

  it("answers UnknownResourceFault naming an unknown domain in every domain operation", async () => {
    const name = uniq("nope");
    const expected = { name: "UnknownResourceFault", message: `Unknown domain: ${name}` };
    expect(await faultOf(t.swf.send(new DescribeDomainCommand({ name })))).toEqual(expected);
    expect(await faultOf(t.swf.send(new DeprecateDomainCommand({ name })))).toEqual(expected);
    expect(await faultOf(t.swf.send(new UndeprecateDomainCommand({ name })))).toEqual(expected);
  });

  it("validates names, retention and page sizes", async () => {
    const bad = await faultOf(
      register(t.swf, uniq("d"), { workflowExecutionRetentionPeriodInDays: "91" }),
    );
    expect(bad.name).toBe("ValidationException");
    expect(bad.message).toContain("workflowExecutionRetentionPeriodInDays");
    const colon = await faultOf(register(t.swf, "a:b"));
    expect(colon.name).toBe("ValidationException");
    expect(colon.message).toContain("'name'");
    const long = await faultOf(register(t.swf, "x".repeat(257)));
    expect(long.message).toContain("Member must have length less than or equal to 256");
    const size = await faultOf(
      t.swf.send(
        new ListDomainsCommand({ registrationStatus: "REGISTERED", maximumPageSize: 1001 }),
      ),
    );
    expect(size.name).toBe("ValidationException");
    expect(size.message).toContain("maximumPageSize");
  });
});

describe("ListDomains paging", () => {
  const clock = new FakeClock(Date.now());
  let t: TestEngine;
  const names = ["d-c", "d-a", "d-e", "d-b", "d-g", "d-f", "d-d"];
  beforeAll(async () => {
    t = await startTestEngine({ clock });
    for (const n of names) await register(t.swf, n);
  });
  afterAll(() => t.close());

  it("lists by name ascending, in pages, and descending with reverseOrder", async () => {
    const sorted = [...names].sort();
    const all = await listAll(t.swf, "REGISTERED");
    expect(all).toEqual({ names: sorted, pages: 1 });
    const paged = await listAll(t.swf, "REGISTERED", 3);
    expect(paged).toEqual({ names: sorted, pages: 3 });
    const reversed = await listAll(t.swf, "REGISTERED", 2, true);
    expect(reversed).toEqual({ names: [...sorted].reverse(), pages: 4 });
    const exact = await listAll(t.swf, "REGISTERED", 7);
    expect(exact.pages).toBe(1);
  });

  it("keeps a page token stable while domains are added", async () => {
    const first = await t.swf.send(
      new ListDomainsCommand({ registrationStatus: "REGISTERED", maximumPageSize: 2 }),
    );
    expect(first.domainInfos!.map((d) => d.name)).toEqual(["d-a", "d-b"]);
    await register(t.swf, "d-0"); // sorts before the cursor: not in later pages
    await register(t.swf, "d-ca"); // sorts after it: shows up where it belongs
    const rest: string[] = [];
    let token = first.nextPageToken;
    while (token) {
      const page = await t.swf.send(
        new ListDomainsCommand({
          registrationStatus: "REGISTERED",
          maximumPageSize: 2,
          nextPageToken: token,
        }),
      );
      rest.push(...page.domainInfos!.map((d) => d.name!));
      token = page.nextPageToken;
    }
    expect(rest).toEqual(["d-c", "d-ca", "d-d", "d-e", "d-f", "d-g"]);
  });

  it("refuses forged, foreign and expired page tokens with ValidationException", async () => {
    const page = await t.swf.send(
      new ListDomainsCommand({ registrationStatus: "REGISTERED", maximumPageSize: 1 }),
    );
    const token = page.nextPageToken!;
    expect(token).toBeTruthy();
    const forged = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    for (const bad of [forged, "garbage", `${token}x`]) {
      const f = await faultOf(
        t.swf.send(
          new ListDomainsCommand({ registrationStatus: "REGISTERED", nextPageToken: bad }),
        ),
      );
      expect(f.name).toBe("ValidationException");
    }
    // A token only continues the query it came from.
    const foreign = await faultOf(
      t.swf.send(
        new ListDomainsCommand({ registrationStatus: "DEPRECATED", nextPageToken: token }),
      ),
    );
    expect(foreign.name).toBe("ValidationException");
    clock.advance(24 * 3600_000 + 1000);
    const expired = await faultOf(
      t.swf.send(
        new ListDomainsCommand({ registrationStatus: "REGISTERED", nextPageToken: token }),
      ),
    );
    expect(expired).toEqual({
      name: "ValidationException",
      message: "Specified token has exceeded its maximum lifetime",
    });
  });
});

describe("domain limit", () => {
  it("allows 100 domains including deprecated ones, then LimitExceededFault", async () => {
    const t = await startTestEngine();
    try {
      for (let i = 0; i < 100; i++) {
        await register(t.swf, `limit-${i}`);
        if (i % 10 === 0) await t.swf.send(new DeprecateDomainCommand({ name: `limit-${i}` }));
      }
      expect((await faultOf(register(t.swf, "one-too-many"))).name).toBe("LimitExceededFault");
    } finally {
      await t.close();
    }
  });
});

describe("domain tags", () => {
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine();
  });
  afterAll(() => t.close());
  const arnOf = (name: string) => `arn:aws:swf:us-east-1:123456789012:/domain/${name}`;

  it("tags at registration, overwrites, lists and untags", async () => {
    const name = uniq("tagged");
    await register(t.swf, name, { tags: [{ key: "team", value: "a" }, { key: "env" }] });
    const resourceArn = arnOf(name);
    expect((await t.swf.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual([
      { key: "env", value: "" },
      { key: "team", value: "a" },
    ]);
    await t.swf.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { key: "team", value: "b" },
          { key: "x.y:z", value: "1 2" },
        ],
      }),
    );
    await t.swf.send(new UntagResourceCommand({ resourceArn, tagKeys: ["env", "missing"] }));
    expect((await t.swf.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual([
      { key: "team", value: "b" },
      { key: "x.y:z", value: "1 2" },
    ]);
  });

  it("limits a domain to 50 tags (TooManyTagsFault) and validates tag characters", async () => {
    const tags = (n: number, prefix = "k") =>
      Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: "v" }));
    expect((await faultOf(register(t.swf, uniq("d"), { tags: tags(51) }))).name).toBe(
      "TooManyTagsFault",
    );
    const name = uniq("d");
    await register(t.swf, name, { tags: tags(50) });
    const resourceArn = arnOf(name);
    // Overwriting existing keys is fine; a 51st key is not.
    await t.swf.send(new TagResourceCommand({ resourceArn, tags: tags(50) }));
    expect(
      (await faultOf(t.swf.send(new TagResourceCommand({ resourceArn, tags: [{ key: "new" }] }))))
        .name,
    ).toBe("TooManyTagsFault");
    const chars = await faultOf(
      t.swf.send(new TagResourceCommand({ resourceArn, tags: [{ key: "bad#key" }] })),
    );
    expect(chars.name).toBe("ValidationException");
    expect(chars.message).toContain("tags.1.member.key");
  });

  it("answers UnknownResourceFault for an unknown ARN", async () => {
    for (const resourceArn of [
      arnOf(uniq("none")),
      "arn:aws:swf:us-east-1:123456789012:/domain/",
      "not-an-arn",
    ]) {
      expect(
        (await faultOf(t.swf.send(new ListTagsForResourceCommand({ resourceArn })))).name,
      ).toBe("UnknownResourceFault");
      expect(
        (await faultOf(t.swf.send(new TagResourceCommand({ resourceArn, tags: [{ key: "a" }] }))))
          .name,
      ).toBe("UnknownResourceFault");
      expect(
        (await faultOf(t.swf.send(new UntagResourceCommand({ resourceArn, tagKeys: ["a"] })))).name,
      ).toBe("UnknownResourceFault");
    }
  });
});
