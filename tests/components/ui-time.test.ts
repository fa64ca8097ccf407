import { describe, expect, it } from "vitest";
import { formatCount, formatCountOf } from "@/components/ui/count";
import {
  durationBetween,
  formatDuration,
  formatRelative,
  formatSwfDuration,
  formatTimestamp,
  isoToLocalInput,
  localInputToIso,
  toMs,
} from "@/components/ui/time";

describe("time formatting", () => {
  it("formats timestamps in UTC and local time", () => {
    expect(formatTimestamp("2024-05-01T13:04:05.678Z", { utc: true })).toBe("2024-05-01 13:04:05");
    expect(formatTimestamp("2024-05-01T13:04:05.678Z", { utc: true, millis: true })).toBe(
      "2024-05-01 13:04:05.678",
    );
    expect(formatTimestamp(undefined)).toBe("—");
    expect(formatTimestamp("garbage")).toBe("—");
    expect(formatTimestamp(0)).toMatch(/^19(69|70)-/);
  });

  it("formats durations compactly", () => {
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(4200)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(185_000)).toBe("3m 05s");
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000)).toBe("2h 07m");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(-1)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
  });

  it("measures durations, open-ended ones up to now", () => {
    expect(durationBetween("2024-01-01T00:00:00Z", "2024-01-01T00:00:02Z")).toBe(2000);
    expect(
      durationBetween("2024-01-01T00:00:00Z", undefined, Date.parse("2024-01-01T00:01:00Z")),
    ).toBe(60_000);
    expect(durationBetween(undefined, "2024-01-01T00:00:00Z")).toBeUndefined();
  });

  it("formats relative times", () => {
    const now = Date.parse("2024-01-01T12:00:00Z");
    expect(formatRelative("2024-01-01T11:59:55Z", now)).toBe("5 s ago");
    expect(formatRelative("2024-01-01T11:57:00Z", now)).toBe("3 min ago");
    expect(formatRelative("2024-01-01T10:00:00Z", now)).toBe("2 h ago");
    expect(formatRelative("2024-01-03T12:00:00Z", now)).toBe("in 2 d");
  });

  it("formats SWF duration strings", () => {
    expect(formatSwfDuration("NONE")).toBe("none");
    expect(formatSwfDuration("30")).toBe("30 s");
    expect(formatSwfDuration("3600")).toBe("1h 00m (3600 s)");
    expect(formatSwfDuration(undefined)).toBe("—");
  });

  it("converts datetime-local values and ISO strings both ways", () => {
    const iso = "2024-05-01T10:20:30.000Z";
    expect(localInputToIso(isoToLocalInput(iso))).toBe(iso);
    expect(localInputToIso("")).toBeUndefined();
    expect(isoToLocalInput(undefined)).toBe("");
    expect(toMs(new Date(5))).toBe(5);
  });
});

describe("counts", () => {
  it("shows truncated counts as lower bounds", () => {
    expect(formatCount({ count: 1234 })).toBe("1,234");
    expect(formatCount({ count: 1000, truncated: true })).toBe("≥ 1,000");
    expect(formatCount(undefined)).toBe("—");
    expect(formatCountOf({ count: 1 }, "execution")).toBe("1 execution");
    expect(formatCountOf({ count: 0 }, "execution")).toBe("0 executions");
    expect(formatCountOf({ count: 1, truncated: true }, "execution")).toBe("≥ 1 executions");
  });
});
