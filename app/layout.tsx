import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { keys } from "@/components/api/keys";
import { PENDING_COUNT_QUERY } from "@/components/inbox/inbox-url";
import { SessionEndedNotice } from "@/components/auth/session-ended-notice";
import { Header } from "@/components/layout/header";
import { SwfTargetProvider } from "@/components/layout/swf-target";
import { THEME_SCRIPT } from "@/components/layout/theme";
import { serverInbox } from "@/lib/console/inbox-http";
import { pageUser } from "@/lib/console/page-auth";
import { NONCE_HEADER } from "@/lib/console/security-headers";
import { sessionInfo } from "@/lib/console/session-info";
import { CONSOLE_SWF, swfTarget } from "@/lib/swf/client";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "SWF Console",
  description: "Amazon SWF workflows, observed and operated",
};
export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};
export const dynamic = "force-dynamic";

/**
 * What the header shows of the signed-in user, read with the first request: the session (its
 * navigation by role, the user menu) and the inbox's pending count are in the HTML rather than
 * after two browser round trips. Nothing when signed out; a count that cannot be read is left to
 * the browser.
 */
async function headerSeed(): Promise<QueryClient> {
  const client = new QueryClient();
  // Every page passes through here, the sign-in page too: a console database that does not
  // answer leaves the header to the browser rather than failing the page.
  const user = await pageUser().catch(() => undefined);
  if (!user) return client;
  client.setQueryData(keys.session(), sessionInfo(user));
  // prefetchQuery keeps a failure to itself: the query is then simply not seeded.
  await client.prefetchQuery({
    queryKey: keys.inbox.count(),
    queryFn: () => serverInbox(user).list(PENDING_COUNT_QUERY),
  });
  return client;
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const target = swfTarget(CONSOLE_SWF);
  // The Content-Security-Policy admits inline scripts only with this response's nonce (proxy.ts).
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  const seed = await headerSeed();
  return (
    // The theme script sets class/data-theme on <html> before hydration.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only rounded bg-sky-700 px-3 py-1 text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <Providers>
          <HydrationBoundary state={dehydrate(seed)}>
            <SwfTargetProvider target={target}>
              <Header target={target} />
              <SessionEndedNotice />
              <main id="main" tabIndex={-1} className="px-4 py-3 focus:outline-none">
                {children}
              </main>
            </SwfTargetProvider>
          </HydrationBoundary>
        </Providers>
      </body>
    </html>
  );
}
