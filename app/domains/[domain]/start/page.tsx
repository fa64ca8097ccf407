import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "@/components/auth/forbidden";
import { decodeSegment, domainHref, startHref } from "@/components/links";
import { StartFromRun } from "@/components/forms/start-from-run";
import { requirePageUser } from "@/lib/console/page-auth";
import { roleAtLeast } from "@/lib/console/roles";

export const metadata: Metadata = { title: "Start execution · SWF Console" };
export const dynamic = "force-dynamic";

export default async function StartExecutionPage({
  params,
  searchParams,
}: {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const domain = decodeSegment((await params).domain);
  const query = await searchParams;
  const user = await requirePageUser(startHref(domain));
  const from = typeof query.from === "string" ? query.from : undefined;
  const run = typeof query.run === "string" ? query.run : undefined;
  return (
    <section>
      <p className="mb-1 text-sm">
        <Link href={domainHref(domain)} className="text-sky-700 underline dark:text-sky-400">
          {domain}
        </Link>
      </p>
      <h1 className="mb-4 text-lg font-semibold">Start an execution</h1>
      {roleAtLeast(user.role, "operator") ? (
        <StartFromRun domain={domain} from={from} run={run} />
      ) : (
        <Forbidden role="operator" current={user.role} what="Starting executions" />
      )}
    </section>
  );
}
