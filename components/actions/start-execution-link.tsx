"use client";

import Link from "next/link";
import { requiresText, useSession } from "@/components/auth/session";
import { startHref } from "@/components/links";
import { buttonClass, Button } from "@/components/ui/button";

/** "Start execution" for a domain's page: a link to the start form, disabled for roles below operator. */
export function StartExecutionLink({ domain }: { domain: string }) {
  const { data: session } = useSession();
  const href = startHref(domain);
  if (!session?.can.start) {
    return (
      <Button
        variant="primary"
        disabled
        title={requiresText("start")}
        data-testid="start-execution-link"
      >
        Start execution
      </Button>
    );
  }
  return (
    <Link href={href} className={buttonClass("primary")} data-testid="start-execution-link">
      Start execution
    </Link>
  );
}
