import { auditExport, auditFilterFrom, auditPage } from "@/lib/console/audit-export";
import { ConsoleFault } from "@/lib/console/faults";
import { CAPABILITIES, roleAtLeast } from "@/lib/console/roles";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/**
 * The audit log, newest first: `?user=&action=&outcome=&from=&to=&target=&bulk=&before=&limit=`
 * (any signed-in user). `format=csv` or `format=json` downloads every matching entry, streamed
 * (admins only: an export is the whole log).
 */
export const GET = route({
  role: "viewer",
  action: "Audit.Read",
  handle: ({ db, query, user }) => {
    const filter = auditFilterFrom(query);
    const format = query.get("format");
    if (format === "csv" || format === "json") {
      if (!roleAtLeast(user.role, CAPABILITIES.auditExport))
        throw new ConsoleFault(
          403,
          "AccessDenied",
          `Exporting the audit log requires the admin role; ${user.username} has the ${user.role} role`,
        );
      return auditExport(db, filter, format);
    }
    return auditPage(db, filter, query.get("limit"));
  },
});
