import type { Metadata } from "next";
import { SettingsAdmin } from "@/components/admin/settings-admin";
import { AdminPage } from "@/components/auth/admin-page";

export const metadata: Metadata = { title: "Settings · SWF Console" };
export const dynamic = "force-dynamic";

export default function SettingsPage() {
  return (
    <AdminPage path="/settings" title="Settings" what="Changing settings">
      <SettingsAdmin />
    </AdminPage>
  );
}
