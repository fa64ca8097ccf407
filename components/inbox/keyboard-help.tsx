"use client";

import { Dialog } from "@/components/ui/dialog";

export const KEYS: [string, string][] = [
  ["j / k", "next / previous task"],
  ["Enter", "open the task (move focus to it)"],
  ["a a", "approve the open task: a, then a again to confirm (or the selected ones)"],
  ["r r", "reject the open task: r, then r again to confirm (or the selected ones)"],
  ["c", "write a comment"],
  ["x", "select or unselect the task for a bulk decision"],
  ["?", "this list"],
  ["Esc", "cancel a, r; leave a text field, close a dialog; on a narrow screen, back to the list"],
];

export function KeyboardHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose} testId="inbox-keys">
      <dl className="grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
        {KEYS.map(([k, what]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 px-1 font-mono text-xs dark:border-slate-600">
                {k}
              </kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
