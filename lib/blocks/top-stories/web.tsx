import { SectionTitleWeb } from "../section-title.tsx";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { AnchoredHeading } from "../web-kit.tsx";
import type { WebRenderOptions } from "../types.ts";
import type { TopStoriesData } from "./schema.ts";

export function TopStoriesWeb({ data, permalinks }: { data: TopStoriesData } & WebRenderOptions) {
  return (
    <section className="block block-top-stories">
      <SectionTitleWeb title={data.title} />
      <ol className="top-stories">
        {data.stories.map((story) => {
          return (
            <li key={story.id} id={story.id} className="story">
              <AnchoredHeading id={story.id} text={story.headline} url={story.url} permalinks={permalinks} />
              <RichTextWeb source={story.body} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
