import { config } from "../config.ts";

/**
 * Outside production a fixed secret keeps the two-command start free of
 * setup; links signed with it are worthless anywhere else. Production refuses
 * to start without AUTH_SECRET (lib/config.ts).
 */
const DEVELOPMENT_SECRET = "weekly-development-secret-never-use-in-production";

export function signingSecret(): string {
  return config().AUTH_SECRET ?? DEVELOPMENT_SECRET;
}
