import { SectionTitleEmail } from "../section-title.tsx";
import { Heading, Img, Link, Section, Text } from "react-email";
import { CONTENT_WIDTH } from "../../email/styles.ts";
import { emailStylesFor } from "../../email/theme.ts";
import { emailImageProps } from "../../email/image-width.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import { safeWebUrl } from "../web-kit.tsx";
import type { RoundupData } from "./schema.ts";

export function RoundupEmail({ data, accent }: { data: RoundupData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section>
      <SectionTitleEmail title={data.title} accent={accent} />
      {data.stories.map((story) => {
        const url = safeWebUrl(story.url);
        const src = safeWebUrl(story.image?.src);
        return (
          <Section key={story.id}>
            <Heading as="h3" style={emailStyles.storyHeadline}>
              {url ? (
                <Link href={url} style={{ ...emailStyles.link, color: "inherit" }}>
                  {story.headline}
                </Link>
              ) : (
                story.headline
              )}
            </Heading>
            {story.image && src ? (
              <>
                <Img src={src} alt={story.image.alt} {...emailImageProps(src, CONTENT_WIDTH)} />
                {story.image.credit ? <Text style={emailStyles.caption}>{story.image.credit}</Text> : null}
              </>
            ) : null}
            {story.parts.map((part, index) => (
              <RichTextEmail key={index} source={part.body} lead={part.label ? <strong>{part.label}:</strong> : undefined} accent={accent} />
            ))}
          </Section>
        );
      })}
    </Section>
  );
}
