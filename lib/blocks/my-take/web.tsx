import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import type { MyTakeData } from "./schema.ts";

export function MyTakeWeb({ data }: { data: MyTakeData }) {
  return (
    <aside id={data.id} className="block block-my-take">
      <p className="kicker">My take</p>
      {data.title ? (
        <h3>
          {data.title}{" "}
          <a className="anchor" href={`#${data.id}`} aria-label={`Link to “${data.title}”`}>
            #
          </a>
        </h3>
      ) : null}
      <RichTextWeb source={data.body} />
    </aside>
  );
}
