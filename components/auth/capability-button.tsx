"use client";

import { Button, type ButtonProps } from "@/components/ui/button";
import type { Capability } from "@/lib/console/roles";
import { requiresText, useCan } from "./session";

/**
 * A button for an action that needs a capability: for a user without it, disabled and saying
 * which role it takes (the server checks again; this only spares a refused request).
 */
export function CapabilityButton({
  needs,
  disabled,
  title,
  ...rest
}: ButtonProps & { needs: Capability }) {
  const can = useCan(needs);
  return <Button {...rest} disabled={!can || disabled} title={can ? title : requiresText(needs)} />;
}
