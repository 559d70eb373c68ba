/**
 * `npm run worker`: one send worker as its own process. Any number may run,
 * on any machines, against one database. SIGTERM/SIGINT stop it after the
 * batch in hand; a SIGKILL leaves that batch to be reclaimed when its lease
 * runs out.
 */
import { runWorkerProcess } from "./lib/worker-process";

await runWorkerProcess();
