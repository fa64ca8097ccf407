import type { Role } from "@/lib/console/roles";

/** Shown instead of a page the signed-in role may not use. */
export function Forbidden({ role, what, current }: { role: Role; what: string; current: Role }) {
  return (
    <div
      role="alert"
      className="max-w-xl rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      data-testid="forbidden"
    >
      <p className="font-medium">Not allowed</p>
      <p>
        {what} requires the {role} role; you have the {current} role. Ask an admin if you need it.
      </p>
    </div>
  );
}
