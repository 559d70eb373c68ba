/**
 * Records every optional platform package (darwin, win32, musl… builds of
 * next's SWC, esbuild, the eslint resolver) in package-lock.json.
 *
 * Why: the npm mirror these machines reach serves only the linux-x64 builds,
 * so `npm install` here writes a lockfile without the other platforms, and
 * `npm ci` then refuses it as "out of sync". An entry without `resolved` or
 * `integrity` is what npm itself writes when it cannot fetch a package; on a
 * machine with the full registry npm fills it in. Run after every
 * `npm install`: `npm run lock:complete`. A unit test fails if it was skipped.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type LockPackage = { version?: string; optional?: boolean; optionalDependencies?: Record<string, string>; [field: string]: unknown };
type Lockfile = { packages: Record<string, LockPackage> };

const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[\w.]+)?$/;

/** Optional dependencies that no lockfile path would resolve, with their exact versions. */
export function missingOptionalPackages(lock: Lockfile): Map<string, string> {
  const missing = new Map<string, string>();
  for (const [path, meta] of Object.entries(lock.packages)) {
    for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
      if (resolves(lock, path, name)) continue;
      if (!EXACT_VERSION.test(range)) {
        throw new Error(`${path || "package.json"} wants optional ${name}@${range}, not an exact version; add it by hand.`);
      }
      missing.set(`node_modules/${name}`, range);
    }
  }
  return missing;
}

// Node's resolution: the package's own node_modules, then each ancestor's, then the root.
function resolves(lock: Lockfile, fromPath: string, name: string): boolean {
  let dir = fromPath;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

export function completeLockfile(file = "package-lock.json"): number {
  const lock = JSON.parse(readFileSync(file, "utf8")) as Lockfile;
  const missing = missingOptionalPackages(lock);
  for (const [path, version] of missing) lock.packages[path] = { version, optional: true };
  if (missing.size > 0) writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  return missing.size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const added = completeLockfile();
  console.log(added ? `package-lock.json: recorded ${added} optional platform package(s).` : "package-lock.json is complete.");
}
