import { SectionTitleWeb } from "../section-title.tsx";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { safeWebUrl, WEB_IMAGE_BOX } from "../web-kit.tsx";
import type { CatchUpData } from "./schema.ts";

export function CatchUpWeb({ data }: { data: CatchUpData }) {
  return (
    <section className="block block-catch-up">
      <SectionTitleWeb title={data.title} />
      {data.items.map((item) => {
        const url = safeWebUrl(item.url);
        const src = safeWebUrl(item.image?.src);
        return (
          <article key={item.id} id={item.id} className="catch-up-item">
            {item.image && src ? (
              <figure>
                {/* eslint-disable-next-line @next/next/no-img-element -- archive images are remote and arbitrary */}
                <img src={src} alt={item.image.alt} loading="lazy" decoding="async" {...WEB_IMAGE_BOX.thumbnail} />
                {item.image.credit ? <figcaption>{item.image.credit}</figcaption> : null}
              </figure>
            ) : null}
            <div>
              {item.headline ? <h3>{url ? <a href={url} rel="noopener noreferrer">{item.headline}</a> : item.headline}</h3> : null}
              <RichTextWeb source={item.text} />
            </div>
          </article>
        );
      })}
    </section>
  );
}
