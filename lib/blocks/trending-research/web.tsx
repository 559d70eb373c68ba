import { SectionTitleWeb } from "../section-title.tsx";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { AnchoredHeading } from "../web-kit.tsx";
import type { WebRenderOptions } from "../types.ts";
import type { TrendingResearchData } from "./schema.ts";

export function TrendingResearchWeb({ data, permalinks }: { data: TrendingResearchData } & WebRenderOptions) {
  return (
    <section className="block block-trending-research">
      <SectionTitleWeb title={data.title} />
      {data.papers.map((paper) => {
        return (
          <article key={paper.id} id={paper.id} className="paper">
            <AnchoredHeading id={paper.id} text={paper.title} url={paper.url} permalinks={permalinks} />
            {paper.authors ? <p className="byline">{paper.authors}</p> : null}
            <RichTextWeb source={paper.summary} />
          </article>
        );
      })}
    </section>
  );
}
