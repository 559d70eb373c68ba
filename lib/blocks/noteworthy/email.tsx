import { SectionTitleEmail } from "../section-title.tsx";
import { Link, Section } from "react-email";
import { emailStylesFor } from "../../email/theme.ts";
import { safeWebUrl } from "../web-kit.tsx";
import type { NoteworthyData } from "./schema.ts";

export function NoteworthyEmail({ data, accent }: { data: NoteworthyData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section>
      <SectionTitleEmail title={data.title} accent={accent} />
      <ul style={emailStyles.list}>
        {data.items.map((item, index) => {
          const url = safeWebUrl(item.url);
          return (
            <li key={index} style={emailStyles.listItem}>
              {item.text}
              {item.source ? (
                <>
                  {" — "}
                  {url ? <Link href={url} style={emailStyles.link}>{item.source}</Link> : item.source}
                </>
              ) : url ? (
                <>
                  {" "}
                  <Link href={url} style={emailStyles.link}>(link)</Link>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
