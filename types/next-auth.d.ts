import "next-auth";

declare module "next-auth" {
  interface Session {
    /** The member's id, copied from the JWT's `sub` (see lib/auth/auth-options.ts). */
    userId?: string;
    /** When this session began (ms since the epoch); 0 for sessions from before it was recorded. */
    authAt?: number;
  }
}
