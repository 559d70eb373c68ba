import { feedResponse } from "@/lib/archive/feed-response";

export function GET() {
  return feedResponse("json");
}
