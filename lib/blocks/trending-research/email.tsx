import { SectionTitleEmail } from "../section-title.tsx";
import { Link, Section, Text } from "react-email";
import { emailStylesFor } from "../../email/theme.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import { safeWebUrl } from "../web-kit.tsx";
import type { TrendingResearchData } from "./schema.ts";

export function TrendingResearchEmail({ data, accent }: { data: TrendingResearchData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section>
      <SectionTitleEmail title={data.title} accent={accent} />
      {data.papers.map((paper) => {
        const url = safeWebUrl(paper.url);
        return (
          <Section key={paper.id} style={{ marginBottom: "8px" }}>
            <Text style={emailStyles.itemHeadline}>
              {url ? <Link href={url} style={emailStyles.link}>{paper.title}</Link> : paper.title}
            </Text>
            {paper.authors ? <Text style={{ ...emailStyles.muted, margin: "0 0 6px" }}>{paper.authors}</Text> : null}
            <RichTextEmail source={paper.summary} accent={accent} />
          </Section>
        );
      })}
    </Section>
  );
}
