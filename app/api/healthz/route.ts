import { NextResponse } from "next/server";
import { checkHealth } from "@/lib/console/health";
import { route } from "@/lib/console/route";
import { swfClient } from "@/lib/swf/client";

export const dynamic = "force-dynamic";

/** Health for load balancers and probes (no session): 200 when the database and SWF answer, else 503. */
export const GET = route({
  role: "public",
  action: "Health",
  handle: async ({ db }) => {
    const health = await checkHealth(db, swfClient());
    return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503 });
  },
});
