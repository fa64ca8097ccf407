"use client";

import type { ReactNode } from "react";
import { FaultAlert, Success } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The end of a form that sends one SWF action: SWF's fault (if it refused), the success message
 * (once it accepted) and the submit button, busy while the request runs.
 */
export function SubmitFooter({
  busy,
  fault,
  faultTitle,
  success,
  label,
  busyLabel,
  testId,
}: {
  busy: boolean;
  fault: unknown;
  faultTitle: string;
  success?: ReactNode;
  label: string;
  busyLabel: string;
  testId: string;
}) {
  return (
    <>
      <FaultAlert error={fault} title={faultTitle} />
      {success ? <Success>{success}</Success> : null}
      <div>
        <Button type="submit" variant="primary" disabled={busy} data-testid={testId}>
          {busy ? busyLabel : label}
        </Button>
      </div>
    </>
  );
}
