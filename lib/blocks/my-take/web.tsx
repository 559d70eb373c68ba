import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import type { WebRenderOptions } from "../types.ts";
import type { MyTakeData } from "./schema.ts";

export function MyTakeWeb({ data, permalinks = true }: { data: MyTakeData } & WebRenderOptions) {
  return (
    <aside id={data.id} className="block block-my-take">
      <p className="kicker">My take</p>
      {data.title ? (
        <h3>
          {data.title}
          {permalinks ? (
            <>
              {" "}
              <a className="anchor" href={`#${data.id}`} aria-label={`Link to “${data.title}”`}>
                #
              </a>
            </>
          ) : null}
        </h3>
      ) : null}
      <RichTextWeb source={data.body} />
    </aside>
  );
}
