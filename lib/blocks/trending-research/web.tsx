import { SectionTitleWeb } from "../section-title.tsx";
import { RichTextWeb } from "../../rich-text/rich-text-web.tsx";
import { AnchoredHeading } from "../web-kit.tsx";
import type { TrendingResearchData } from "./schema.ts";

export function TrendingResearchWeb({ data }: { data: TrendingResearchData }) {
  return (
    <section className="block block-trending-research">
      <SectionTitleWeb title={data.title} />
      {data.papers.map((paper) => {
        return (
          <article key={paper.id} id={paper.id} className="paper">
            <AnchoredHeading id={paper.id} text={paper.title} url={paper.url} />
            {paper.authors ? <p className="byline">{paper.authors}</p> : null}
            <RichTextWeb source={paper.summary} />
          </article>
        );
      })}
    </section>
  );
}
