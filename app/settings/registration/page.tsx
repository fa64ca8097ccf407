import type { Metadata } from "next";
import { RegistrationAdmin } from "@/components/admin/registration-admin";
import { AdminPage } from "@/components/auth/admin-page";

export const metadata: Metadata = { title: "Domains and types · SWF Console" };
export const dynamic = "force-dynamic";

export default function RegistrationPage() {
  return (
    <AdminPage
      path="/settings/registration"
      title="Domains and types"
      what="Registering and deprecating domains and types"
    >
      <RegistrationAdmin />
    </AdminPage>
  );
}
