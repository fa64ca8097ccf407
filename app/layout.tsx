import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Header } from "@/components/layout/header";
import { SwfTargetProvider } from "@/components/layout/swf-target";
import { THEME_SCRIPT } from "@/components/layout/theme";
import { swfTarget } from "@/lib/swf/client";
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

export default function RootLayout({ children }: { children: ReactNode }) {
  const target = swfTarget();
  return (
    // The theme script sets class/data-theme on <html> before hydration.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only rounded bg-sky-700 px-3 py-1 text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <Providers>
          <SwfTargetProvider target={target}>
            <Header target={target} />
            <main id="main" tabIndex={-1} className="px-4 py-3 focus:outline-none">
              {children}
            </main>
          </SwfTargetProvider>
        </Providers>
      </body>
    </html>
  );
}
