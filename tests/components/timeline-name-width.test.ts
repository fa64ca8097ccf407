import { describe, expect, it } from "vitest";
import { NAME_WIDTH, parseNameWidth } from "@/components/timeline/name-width";
import { clampWidth } from "@/components/ui/resize-handle";

describe("timeline name column width", () => {
  it("reads a stored width inside its bounds, anything else as the initial width", () => {
    expect(parseNameWidth(420)).toBe(420);
    expect(parseNameWidth(10)).toBe(NAME_WIDTH.min);
    expect(parseNameWidth(1e6)).toBe(NAME_WIDTH.max);
    expect(parseNameWidth("420")).toBe(NAME_WIDTH.initial);
    expect(parseNameWidth(Number.NaN)).toBe(NAME_WIDTH.initial);
    expect(parseNameWidth(null)).toBe(NAME_WIDTH.initial);
  });

  it("clamps and rounds a dragged width", () => {
    expect(clampWidth(300.6, 100, 400)).toBe(301);
    expect(clampWidth(50, 100, 400)).toBe(100);
    expect(clampWidth(900, 100, 400)).toBe(400);
  });
});
