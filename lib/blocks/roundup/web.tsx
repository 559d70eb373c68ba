import { SectionTitleWeb } from "../section-title.tsx";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { AnchoredHeading, safeWebUrl, wideImageBox } from "../web-kit.tsx";
import type { WebRenderOptions } from "../types.ts";
import type { RoundupData } from "./schema.ts";

export function RoundupWeb({ data, permalinks }: { data: RoundupData } & WebRenderOptions) {
  return (
    <section className="block block-roundup">
      <SectionTitleWeb title={data.title} />
      {data.stories.map((story) => {
        const src = safeWebUrl(story.image?.src);
        return (
          <article key={story.id} id={story.id} className="story">
            <AnchoredHeading id={story.id} text={story.headline} url={story.url} permalinks={permalinks} />
            {story.image && src ? (
              <figure>
                {/* eslint-disable-next-line @next/next/no-img-element -- archive images are remote and arbitrary */}
                <img src={src} alt={story.image.alt} loading="lazy" decoding="async" {...wideImageBox(src)} />
                {story.image.credit ? <figcaption>{story.image.credit}</figcaption> : null}
              </figure>
            ) : null}
            {story.parts.map((part, index) => (
              <div key={index} className="part">
                <RichTextWeb source={part.body} lead={part.label ? <strong className="part-label">{part.label}:</strong> : undefined} />
              </div>
            ))}
          </article>
        );
      })}
    </section>
  );
}
