import Link from "next/link";
import type { SwfTarget } from "@/lib/swf/client";
import { MainNav } from "./nav";
import { ThemeToggle } from "./theme-toggle";
import { TimeSettingsMenu } from "./time-settings-menu";
import { ConsoleNav } from "@/components/auth/console-nav";
import { UserMenu } from "@/components/auth/user-menu";

/** The console's top bar: product, navigation, the SWF endpoint in use, theme, and the user menu. */
export function Header({ target }: { target: SwfTarget }) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/95 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
      {/* Below xl the bar wraps onto more rows rather than widening the page. The endpoint's URL and
          region show from 2xl on; narrower, its badge stays, with the rest in its title and for
          screen readers. */}
      <div className="flex min-h-11 flex-wrap items-center gap-x-4 gap-y-1 px-4 py-1 xl:flex-nowrap xl:py-0">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 font-semibold tracking-tight whitespace-nowrap"
        >
          <span
            aria-hidden="true"
            className="rounded bg-sky-700 px-1 py-0.5 text-[10px] leading-none font-bold tracking-wide text-white dark:bg-sky-500 dark:text-slate-950"
          >
            SWF
          </span>
          <span>SWF Console</span>
        </Link>
        <MainNav />
        <ConsoleNav />
        <div className="ml-auto flex min-w-0 flex-wrap items-center gap-3 xl:flex-nowrap">
          <p
            data-testid="endpoint"
            title={`The console calls SWF at ${target.endpoint} in ${target.region}`}
            className="hidden min-w-0 items-center gap-1.5 text-xs text-slate-600 lg:flex dark:text-slate-400"
          >
            <span
              className={`rounded px-1.5 py-px text-[10px] font-semibold uppercase ${
                target.local
                  ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200"
                  : "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200"
              }`}
            >
              {target.local ? "local" : "AWS"}
            </span>
            <span className="sr-only min-w-0 items-center gap-1.5 2xl:not-sr-only 2xl:flex">
              <span className="sr-only">Endpoint</span>
              <span className="truncate font-mono">{target.endpoint}</span>
              <span aria-hidden="true">·</span>
              <span className="sr-only">Region</span>
              <span className="font-mono whitespace-nowrap">{target.region}</span>
            </span>
          </p>
          <div className="flex shrink-0 items-center gap-3">
            <TimeSettingsMenu />
            <ThemeToggle />
          </div>
          <div data-slot="user-menu" className="flex shrink-0 items-center">
            <UserMenu />
          </div>
        </div>
      </div>
    </header>
  );
}
