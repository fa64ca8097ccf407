// The width of the timeline's name column, which the user drags or keys wider (long activity
// names, reasons), remembered per browser.
import { clampWidth } from "@/components/ui/resize-handle";
import { storedSetting } from "@/components/ui/stored-setting";

export const NAME_WIDTH = { initial: 280, min: 160, max: 800 } as const;

export function parseNameWidth(stored: unknown): number {
  return typeof stored === "number" && Number.isFinite(stored)
    ? clampWidth(stored, NAME_WIDTH.min, NAME_WIDTH.max)
    : NAME_WIDTH.initial;
}

export const nameWidth = storedSetting(
  "swf-console.timeline.name-width",
  NAME_WIDTH.initial as number,
  parseNameWidth,
);
