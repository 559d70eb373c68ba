import { spawn } from "node:child_process";
import path from "node:path";

const prismaBin = path.resolve("node_modules", ".bin", "prisma");

/** Runs the Prisma CLI against `databaseUrl`; resolves with its exit code. */
export function runPrisma(args: string[], databaseUrl: string, options: { quiet?: boolean } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(prismaBin, args, {
      stdio: options.quiet ? ["ignore", "pipe", "inherit"] : "inherit",
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** `prisma migrate deploy`, throwing when it fails. */
export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean } = {}): Promise<void> {
  const code = await runPrisma(["migrate", "deploy"], databaseUrl, options);
  if (code !== 0) throw new Error(`prisma migrate deploy failed with exit code ${code}`);
}
