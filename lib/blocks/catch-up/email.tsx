import { SectionTitleEmail } from "../section-title.tsx";
import { Column, Img, Link, Row, Section, Text } from "react-email";
import { emailStylesFor } from "../../email/theme.ts";
import { emailImageProps } from "../../email/image-width.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import { safeWebUrl } from "../web-kit.tsx";
import type { CatchUpData } from "./schema.ts";

const THUMBNAIL = 120;

export function CatchUpEmail({ data, accent }: { data: CatchUpData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section>
      <SectionTitleEmail title={data.title} accent={accent} />
      {data.items.map((item) => {
        const url = safeWebUrl(item.url);
        const src = safeWebUrl(item.image?.src);
        return (
          <Row key={item.id} style={{ marginBottom: "16px" }}>
            {item.image && src ? (
              <Column style={{ width: `${THUMBNAIL + 16}px`, verticalAlign: "top" }}>
                <Img src={src} alt={item.image.alt} {...emailImageProps(src, THUMBNAIL)} />
                {item.image.credit ? <Text style={{ ...emailStyles.caption, fontSize: "11px", margin: "4px 0 0" }}>{item.image.credit}</Text> : null}
              </Column>
            ) : null}
            <Column style={{ verticalAlign: "top" }}>
              {item.headline ? (
                <Text style={emailStyles.itemHeadline}>
                  {url ? <Link href={url} style={emailStyles.link}>{item.headline}</Link> : item.headline}
                </Text>
              ) : null}
              <RichTextEmail source={item.text} style={{ fontSize: "15px", lineHeight: "23px", margin: "0 0 8px" }} accent={accent} />
            </Column>
          </Row>
        );
      })}
    </Section>
  );
}
