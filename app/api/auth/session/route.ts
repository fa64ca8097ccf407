import { sessionInfo } from "@/lib/console/session-info";
import { route } from "@/lib/console/route";

export const dynamic = "force-dynamic";

/** The signed-in user, their role and what the UI may offer them. 401 when signed out. */
export const GET = route({
  role: "viewer",
  action: "Session.Read",
  handle: ({ user }) => sessionInfo(user),
});
