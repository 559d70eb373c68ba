import { Heading, Section, Text } from "react-email";
import { emailStylesFor } from "../../email/theme.ts";
import { RichTextEmail } from "../../rich-text/rich-text-email.tsx";
import type { MyTakeData } from "./schema.ts";

export function MyTakeEmail({ data, accent }: { data: MyTakeData; accent?: string }) {
  const emailStyles = emailStylesFor(accent);
  return (
    <Section style={emailStyles.quote}>
      <Text style={{ ...emailStyles.sectionTitle, margin: "0 0 8px" }}>My take</Text>
      {data.title ? (
        <Heading as="h3" style={{ ...emailStyles.storyHeadline, marginTop: 0 }}>
          {data.title}
        </Heading>
      ) : null}
      <RichTextEmail source={data.body} accent={accent} />
    </Section>
  );
}
