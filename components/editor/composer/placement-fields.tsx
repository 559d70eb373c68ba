"use client";
import type { Channel } from "./use-autosave";

const CHANNEL_OPTIONS: { value: Channel; label: string }[] = [
  { value: "everywhere", label: "Email and web" },
  { value: "web_only", label: "Web only" },
  { value: "email_only", label: "Email only" },
];

type Props = {
  idPrefix: string;
  /** Names the fields for assistive technology ("Issue", "Block 3"). */
  label: string;
  channel: Channel;
  topics: string[];
  allTopics: { id: string; name: string }[];
  disabled: boolean;
  /** The channel cannot change once an issue went out; its topics still can. */
  channelLocked?: boolean;
  onChange: (change: { channel?: Channel; topics?: string[] }) => void;
};

/** Where an issue or a block appears, and the topics it belongs to. */
export function PlacementFields({ idPrefix, label, channel, topics, allTopics, disabled, channelLocked = false, onChange }: Props) {
  const chosen = new Set(topics);
  return (
    <div className="placement">
      <label htmlFor={`${idPrefix}-channel`}>
        Appears in <span className="visually-hidden">({label})</span>
      </label>
      <select id={`${idPrefix}-channel`} value={channel} disabled={disabled || channelLocked} onChange={(event) => onChange({ channel: event.target.value as Channel })}>
        {CHANNEL_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {allTopics.length ? (
        <fieldset className="topics">
          <legend>
            Topics <span className="visually-hidden">({label})</span>
          </legend>
          {allTopics.map((topic) => (
            <label key={topic.id} className="check">
              <input
                type="checkbox"
                checked={chosen.has(topic.id)}
                disabled={disabled}
                onChange={(event) => onChange({ topics: event.target.checked ? [...topics, topic.id] : topics.filter((id) => id !== topic.id) })}
              />{" "}
              {topic.name}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
