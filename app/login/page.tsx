import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { loginErrorMessage } from "@/lib/console/login-errors";
import { parseOidcConfig, safeReturnTo } from "@/lib/console/oidc";
import { pageUser } from "@/lib/console/page-auth";

export const metadata: Metadata = { title: "Sign in · SWF Console" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnTo(typeof params.next === "string" ? params.next : "/");
  if (await pageUser()) redirect(next);
  let oidc: { label: string } | null = null;
  try {
    const config = parseOidcConfig();
    if (config) oidc = { label: config.label };
  } catch {
    // misconfigured: logged at start-up; local sign-in still works
  }
  // Only the console's own sentences, never text taken from the URL.
  const error = loginErrorMessage(params.error);
  return (
    <section className="mx-auto mt-12 max-w-sm">
      <h1 className="mb-4 text-lg font-semibold">Sign in to the SWF Console</h1>
      <LoginForm next={next} oidc={oidc} error={error} />
    </section>
  );
}
