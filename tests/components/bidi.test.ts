import { describe, expect, it } from "vitest";
import {
  escapeBidiControls,
  hasBidiControls,
  revealBidiControls,
  splitBidiControls,
} from "@/components/ui/bidi";

describe("direction controls in workflow data", () => {
  it("cuts an override out of a faked amount, keeping the digits in their real order", () => {
    const parts = splitBidiControls("Refund EUR \u202e00001\u202c now?");
    expect(parts.map((p) => (typeof p === "string" ? p : p.abbr))).toEqual([
      "Refund EUR ",
      "RLO",
      "00001",
      "PDF",
      " now?",
    ]);
    expect(parts[1]).toMatchObject({ char: "\u202e", title: expect.stringContaining("U+202E") });
  });

  it("names embeddings and isolates too, at the start and end of a text", () => {
    expect(revealBidiControls("\u2067abc\u2069\u202b1 2\u202c")).toBe("[RLI]abc[PDI][RLE]1 2[PDF]");
    expect(revealBidiControls("\u202dx")).toBe("[LRO]x");
  });

  it("leaves plain text and right-to-left writing with its marks as it is", () => {
    const hebrew = "שלום \u200fעולם\u200e 123";
    expect(hasBidiControls(hebrew)).toBe(false);
    expect(splitBidiControls(hebrew)).toEqual([hebrew]);
    expect(splitBidiControls("")).toEqual([""]);
  });

  it("writes them as escapes in JSON, which still means the same", () => {
    const value = { amount: "\u202e00001\u202c", note: "plain" };
    const shown = escapeBidiControls(JSON.stringify(value));
    expect(shown).toBe('{"amount":"\\u202E00001\\u202C","note":"plain"}');
    expect(JSON.parse(shown)).toEqual(value);
  });
});
