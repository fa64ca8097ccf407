import { describe, expect, it } from "vitest";
import {
  domainTabHref,
  parseDomainTab,
  parseRegistration,
  registrationParams,
} from "@/components/domains/domain-tabs";
import { executionHref } from "@/components/links";
import { shortRunId } from "@/components/ui/format";
import { isDark, NEXT_THEME, parseTheme } from "@/components/layout/theme";

describe("domain tabs", () => {
  it("parses the tab param with a default", () => {
    expect(parseDomainTab(null)).toBe("executions");
    expect(parseDomainTab("overview")).toBe("overview");
    expect(parseDomainTab("nope")).toBe("executions");
  });

  it("builds tab links that keep the other params", () => {
    expect(domainTabHref("/domains/d", "task-lists", "state=closed&tab=overview")).toBe(
      "/domains/d?state=closed&tab=task-lists",
    );
    expect(domainTabHref("/domains/d", "executions", "tab=overview&state=closed")).toBe(
      "/domains/d?state=closed",
    );
    expect(domainTabHref("/domains/d", "executions")).toBe("/domains/d");
  });

  it("reads and writes the registration toggle", () => {
    expect(parseRegistration(null)).toBe("REGISTERED");
    expect(parseRegistration("deprecated")).toBe("DEPRECATED");
    expect(registrationParams("DEPRECATED", "tab=x").toString()).toBe("tab=x&status=deprecated");
    expect(registrationParams("REGISTERED", "tab=x&status=deprecated").toString()).toBe("tab=x");
    expect(registrationParams("DEPRECATED", "", "types").toString()).toBe("types=deprecated");
  });
});

describe("execution links", () => {
  it("encodes workflow and run ids (run ids contain / + =)", () => {
    expect(executionHref("my domain", "order/1", "22a+b/c=")).toBe(
      "/domains/my%20domain/executions/order%2F1/22a%2Bb%2Fc%3D",
    );
    expect(shortRunId("0123456789")).toBe("01234567…");
    expect(shortRunId("abc")).toBe("abc");
  });
});

describe("theme", () => {
  it("follows the OS unless a choice was stored", () => {
    expect(parseTheme(null)).toBe("system");
    expect(parseTheme("dark")).toBe("dark");
    expect(isDark("system", true)).toBe(true);
    expect(isDark("system", false)).toBe(false);
    expect(isDark("light", true)).toBe(false);
    expect(isDark("dark", false)).toBe(true);
    expect(NEXT_THEME.system).toBe("light");
  });
});
