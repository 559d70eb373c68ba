import { feedResponse } from "@/lib/archive/feed-response";

export const dynamic = "force-dynamic";

export function GET() {
  return feedResponse("json");
}
