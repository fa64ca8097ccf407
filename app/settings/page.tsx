import type { Metadata } from "next";
import { SettingsAdmin } from "@/components/admin/settings-admin";
import { AdminPage } from "@/components/auth/admin-page";
import { HooksSettings } from "@/components/inbox/hooks-settings";

export const metadata: Metadata = { title: "Settings · SWF Console" };
export const dynamic = "force-dynamic";

export default function SettingsPage() {
  return (
    <AdminPage path="/settings" title="Settings" what="Changing settings">
      <SettingsAdmin />
      <HooksSettings />
    </AdminPage>
  );
}
