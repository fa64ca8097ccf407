import type { Metadata } from "next";
import { AuditView } from "@/components/audit/audit-view";
import { requirePageUser } from "@/lib/console/page-auth";

export const metadata: Metadata = { title: "Audit log · SWF Console" };
export const dynamic = "force-dynamic";

export default async function AuditPage() {
  await requirePageUser("/audit");
  return (
    <section>
      <h1 className="mb-4 text-lg font-semibold">Audit log</h1>
      <AuditView />
    </section>
  );
}
