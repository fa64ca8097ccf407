import type { Metadata } from "next";
import { RegistrationAdmin } from "@/components/admin/registration-admin";
import { Forbidden } from "@/components/auth/forbidden";
import { requirePageUser } from "@/lib/console/page-auth";
import { roleAtLeast } from "@/lib/console/roles";

export const metadata: Metadata = { title: "Domains and types · SWF Console" };
export const dynamic = "force-dynamic";

export default async function RegistrationPage() {
  const user = await requirePageUser("/settings/registration");
  return (
    <section>
      <h1 className="mb-4 text-lg font-semibold">Domains and types</h1>
      {roleAtLeast(user.role, "admin") ? (
        <RegistrationAdmin />
      ) : (
        <Forbidden
          role="admin"
          current={user.role}
          what="Registering and deprecating domains and types"
        />
      )}
    </section>
  );
}
