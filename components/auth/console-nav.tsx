"use client";

import Link from "next/link";
import { InboxNavLink } from "@/components/inbox/inbox-nav-link";
import { useSession } from "./session";
import { auditHref, registrationHref, settingsHref, usersHref } from "@/components/links";

const linkClass = "rounded px-2 py-1 whitespace-nowrap hover:bg-slate-100 dark:hover:bg-slate-800";

/** The console's navigation links for the header, by role (nothing when signed out). */
export function ConsoleNav() {
  const { data: session } = useSession();
  if (!session) return null;
  return (
    <nav
      aria-label="Console"
      className="flex flex-wrap items-center gap-1 text-sm xl:flex-nowrap"
      data-testid="console-nav"
    >
      <InboxNavLink className={linkClass} />
      <Link href={auditHref()} className={linkClass} data-testid="nav-audit">
        Audit
      </Link>
      {session.can.register ? (
        <Link href={registrationHref()} className={linkClass} data-testid="nav-registration">
          Domains &amp; types
        </Link>
      ) : null}
      {session.can.users ? (
        <Link href={usersHref()} className={linkClass} data-testid="nav-users">
          Users
        </Link>
      ) : null}
      {session.can.settings ? (
        <Link href={settingsHref()} className={linkClass} data-testid="nav-settings">
          Settings
        </Link>
      ) : null}
    </nav>
  );
}
