import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { swfTarget } from "@/lib/swf/client";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = { title: "SWF Console", description: "Amazon SWF workflows, observed and operated" };
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  const target = swfTarget();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <header className="flex items-center gap-4 border-b border-slate-200 px-4 py-2 text-sm dark:border-slate-800">
            <Link href="/" className="font-semibold">
              SWF Console
            </Link>
            <span className="ml-auto text-slate-500" data-testid="endpoint">
              {target.endpoint} · {target.region}
            </span>
          </header>
          <main className="p-4">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
