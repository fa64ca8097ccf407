import { describe, expect, it } from "vitest";
import { compareHref, parseWithParam, withParam } from "@/components/compare/compare-url";
import { payloadDiff } from "@/components/compare/payload-diff";

describe("compare URL", () => {
  it("round-trips run ids with '/', '+' and '=' (base64) through ?with=", () => {
    const a = { workflowId: "order/1 a", runId: "x+y/z==" };
    const b = { workflowId: "order-2", runId: "Ab/+c=" };
    const href = compareHref("dom ain", a, b);
    expect(
      href.startsWith("/domains/dom%20ain/executions/order%2F1%20a/x%2By%2Fz%3D%3D/compare?with="),
    ).toBe(true);
    const value = new URL(href, "http://x").searchParams.get("with");
    expect(parseWithParam(value)).toEqual(b);
    expect(parseWithParam(withParam(a))).toEqual(a);
  });

  it("reads hand-typed values and rejects what is not workflowId/runId", () => {
    expect(parseWithParam("order-1/run-9")).toEqual({ workflowId: "order-1", runId: "run-9" });
    expect(parseWithParam("nonsense")).toBeUndefined();
    expect(parseWithParam("/run")).toBeUndefined();
    expect(parseWithParam("wf/")).toBeUndefined();
    expect(parseWithParam(undefined)).toBeUndefined();
  });
});

describe("payloadDiff", () => {
  const changed = (a?: string, b?: string) =>
    payloadDiff(a, b)
      .filter((p) => p.kind !== "same")
      .map((p) => `${p.kind === "added" ? "+" : "-"}${p.text.trim()}`);

  it("diffs JSON by value: key order and spacing are not changes", () => {
    expect(changed('{"a":1,"b":2}', '{ "b": 2, "a": 1 }')).toEqual([]);
    expect(changed('{"a":1,"b":2}', '{"a":1,"b":3}')).toEqual(['-"b": 2', '+"b": 3']);
  });

  it("shows a payload only one side has, pretty-printed, and plain text as lines", () => {
    expect(changed('{"amount":99.5}', undefined)).toEqual(['-{\n  "amount": 99.5\n}']);
    expect(changed("card declined", "gateway down")).toEqual(["-card declined", "+gateway down"]);
  });
});
