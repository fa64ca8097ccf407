"use client";

import { Button } from "@/components/ui/button";
import { FaultAlert } from "@/components/ui/alert";

export default function DomainError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div className="flex flex-col items-start gap-2">
      <FaultAlert error={error} title="This page failed" />
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
