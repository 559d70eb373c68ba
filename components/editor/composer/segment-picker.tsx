"use client";
import { useEffect, useState } from "react";
import { recipientCountAction, setIssueSegmentAction } from "@/app/editor/actions";

export type SegmentValue = { tagIds: string[]; match: "any" | "all" };

type Props = {
  issueId: string;
  tags: { id: string; name: string }[];
  /** The stored segment; the composer keeps it, so it survives switching tabs. */
  value: SegmentValue;
  onSaved: (value: SegmentValue) => void;
  /** Only an unsent issue's audience can change, and only by those who may send. */
  editable: boolean;
  /** Bumped when something else may have changed the count (a status change). */
  refreshKey: string;
};

/**
 * "Send to": everyone active, or the subscribers with any (or all) of some
 * tags. Each change is stored at once (setIssueSegment) and answered with the
 * new recipient count, so the number shown is what a send would take.
 */
export function SegmentPicker({ issueId, tags, value, onSaved, editable, refreshKey }: Props) {
  const [segment, setSegment] = useState<SegmentValue>(value);
  const [recipients, setRecipients] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    void recipientCountAction({ issueId })
      .then((count) => {
        if (!stopped && typeof count === "number") setRecipients(count);
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [issueId, refreshKey]);

  async function change(next: SegmentValue) {
    const previous = segment;
    setSegment(next);
    setBusy(true);
    setError(null);
    try {
      const result = await setIssueSegmentAction({ issueId, ...next });
      if ("ok" in result && result.ok) {
        setRecipients(result.recipients);
        onSaved(next);
      } else {
        setSegment(previous);
        setError("message" in result ? result.message : result.reason === "not-editable" ? "The audience of an issue that went out cannot change." : "That audience could not be saved. Reload the page.");
      }
    } catch {
      setSegment(previous);
      setError("The server could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  }

  const tagged = segment.tagIds.length > 0;
  const [choosingTags, setChoosingTags] = useState(tagged);
  const chosen = new Set(segment.tagIds);
  return (
    <fieldset className="segment">
      <legend>Send to</legend>
      <label className="radio">
        <input type="radio" name="segment-kind" checked={!choosingTags} disabled={!editable || busy} onChange={() => {
            setChoosingTags(false);
            void change({ tagIds: [], match: segment.match });
          }} /> All active subscribers
      </label>
      <label className="radio">
        <input type="radio" name="segment-kind" checked={choosingTags} disabled={!editable || busy || tags.length === 0} onChange={() => setChoosingTags(true)} /> Subscribers with tags
        {tags.length === 0 ? <span className="muted"> (no tags yet: add them under Subscribers → Tags)</span> : null}
      </label>
      {choosingTags ? (
        <div className="segment-tags">
          <label htmlFor="segment-match">Matching</label>{" "}
          <select id="segment-match" value={segment.match} disabled={!editable || busy} onChange={(event) => void change({ ...segment, match: event.target.value as "any" | "all" })}>
            <option value="any">any of these tags</option>
            <option value="all">all of these tags</option>
          </select>
          <div role="group" aria-label="Tags">
            {tags.map((tag) => (
              <label key={tag.id} className="check">
                <input
                  type="checkbox"
                  checked={chosen.has(tag.id)}
                  disabled={!editable || busy}
                  onChange={(event) => void change({ ...segment, tagIds: event.target.checked ? [...segment.tagIds, tag.id] : segment.tagIds.filter((id) => id !== tag.id) })}
                />{" "}
                {tag.name}
              </label>
            ))}
          </div>
          {!tagged ? <p className="hint">No tag ticked yet: the issue still goes to every active subscriber.</p> : null}
        </div>
      ) : null}
      <p aria-live="polite" data-testid="recipient-count">
        {recipients === null
          ? "Counting recipients…"
          : `${recipients.toLocaleString("en")} ${recipients === 1 ? "recipient" : "recipients"}${editable ? "" : ", as the send took them"}`}
      </p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
