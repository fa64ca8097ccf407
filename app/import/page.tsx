import type { Metadata } from "next";
import { ImportView } from "@/components/import/import-view";

export const metadata: Metadata = { title: "Import a history · SWF Console" };

/** Read a history from a file or the clipboard, in the browser only. */
export default function ImportPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Import a history</h1>
      <ImportView />
    </div>
  );
}
