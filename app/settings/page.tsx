import type { Metadata } from "next";
import { SettingsAdmin } from "@/components/admin/settings-admin";
import { Forbidden } from "@/components/auth/forbidden";
import { HooksSettings } from "@/components/inbox/hooks-settings";
import { requirePageUser } from "@/lib/console/page-auth";
import { roleAtLeast } from "@/lib/console/roles";

export const metadata: Metadata = { title: "Settings · SWF Console" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await requirePageUser("/settings");
  return (
    <section>
      <h1 className="mb-4 text-lg font-semibold">Settings</h1>
      {roleAtLeast(user.role, "admin") ? (
        <>
          <SettingsAdmin />
          <HooksSettings />
        </>
      ) : (
        <Forbidden role="admin" current={user.role} what="Changing settings" />
      )}
    </section>
  );
}
