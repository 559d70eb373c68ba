/** The send benchmark's baseline worker: `npm run worker`, but with react-email rendered per recipient (naive-email.ts). */
import { runWorkerProcess } from "../../scripts/lib/worker-process";
import { renderPerRecipient } from "./naive-email.ts";

await runWorkerProcess({ prepareEmail: renderPerRecipient });
