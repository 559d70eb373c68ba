import { SectionTitleEmail } from "../section-title.tsx";
import { Heading, Link, Section } from "react-email";
import { emailStylesFor } from "../../email/theme.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import { safeWebUrl } from "../web-kit.tsx";
import type { TopStoriesData } from "./schema.ts";

export function TopStoriesEmail({ data, accent }: { data: TopStoriesData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section>
      <SectionTitleEmail title={data.title} accent={accent} />
      {data.stories.map((story, index) => {
        const url = safeWebUrl(story.url);
        return (
          <Section key={story.id}>
            <Heading as="h3" style={emailStyles.storyHeadline}>
              <span style={{ color: emailStyles.accent }}>{index + 1}.</span>{" "}
              {url ? <Link href={url} style={{ ...emailStyles.link, color: "inherit" }}>{story.headline}</Link> : story.headline}
            </Heading>
            <RichTextEmail source={story.body} accent={accent} />
          </Section>
        );
      })}
    </Section>
  );
}
