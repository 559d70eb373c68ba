"use client";
import { useEffect, useRef, useState } from "react";
import {
  cancelScheduleAction,
  cancelSendAction,
  recipientCountAction,
  retryFailedAction,
  scheduleAction,
  sendNowAction,
  sendProgressAction,
  sendTestAction,
  submitForReviewAction,
} from "@/app/editor/actions";
import { PROVIDER_KEY_HOURS, type SendProgress } from "@/lib/delivery/get-send-progress";
import { SegmentPicker, type SegmentValue } from "./segment-picker";

type Props = {
  issueId: string;
  status: string;
  scheduledAtLocal: string | null;
  timezone: string;
  canSend: boolean;
  canSubmit: boolean;
  submittedForReview: boolean;
  /** Sending needs the server to have the content the editor sees. */
  saved: boolean;
  onStatus: (status: string, scheduledAtLocal?: string | null) => void;
  /** The version the editor is looking at: sending or scheduling anything newer is refused. */
  version: () => number;
  /** The publication's tags, to choose the audience from, and the issue's current segment. */
  tags: { id: string; name: string }[];
  segment: SegmentValue;
  onSegment: (segment: SegmentValue) => void;
  /** A web-only issue has no audience to choose. */
  webOnly: boolean;
};

/** Test, schedule, send, and the send's progress. The buttons call lib/delivery through server actions. */
export function SendPanel({ issueId, status, scheduledAtLocal, timezone, canSend, canSubmit, submittedForReview, saved, onStatus, version, tags, segment, onSegment, webOnly }: Props) {
  const [message, setMessage] = useState<{
    tone: "ok" | "error";
    text: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [when, setWhen] = useState(scheduledAtLocal ?? "");
  const [confirming, setConfirming] = useState<number | null>(null);
  const [progress, setProgress] = useState<SendProgress | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (confirming !== null) dialog.current?.showModal();
    else dialog.current?.close();
  }, [confirming]);

  // Live progress while sending, and the final counts after.
  useEffect(() => {
    if (!["sending", "sent", "partially_failed", "canceled"].includes(status)) return;
    let stopped = false;
    const poll = async () => {
      const result = await sendProgressAction({ issueId }).catch(() => null);
      if (stopped || !result || "reason" in result) return;
      setProgress(result);
      if (result.status !== status) {
        // "Sending to 3 subscribers." is over: the progress below says how it ended.
        setMessage(null);
        onStatus(result.status);
      }
    };
    void poll();
    const timer = status === "sending" ? setInterval(poll, 2_000) : undefined;
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [issueId, status, onStatus]);

  async function run<T>(work: () => Promise<T>, describe: (result: T) => { tone: "ok" | "error"; text: string }) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(describe(await work()));
    } catch {
      setMessage({
        tone: "error",
        text: "The server could not be reached. Try again.",
      });
    } finally {
      setBusy(false);
    }
  }

  const problemsText = (problems: { message: string }[]) =>
    `Fix these first: ${problems
      .slice(0, 3)
      .map((p) => p.message)
      .join("; ")}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ""}`;
  const editable = status === "draft" || status === "scheduled";

  return (
    <div className="send-panel">
      <p>
        Status: <strong className={`status status-${status}`}>{status.replace("_", " ")}</strong>
        {status === "scheduled" && scheduledAtLocal ? (
          <>
            {" "}
            for {scheduledAtLocal.replace("T", " ")} ({timezone})
          </>
        ) : null}
        {submittedForReview && status === "draft" ? <span className="badge">In review</span> : null}
      </p>
      {!saved && editable ? <p className="hint">Waiting for your changes to be saved…</p> : null}

      {canSubmit && !canSend && status === "draft" ? (
        <button
          type="button"
          className="secondary"
          disabled={busy || !saved}
          onClick={() =>
            run(
              () => submitForReviewAction({ issueId }),
              (ok) =>
                ok === true
                  ? {
                      tone: "ok",
                      text: "Submitted for review. An editor will send it.",
                    }
                  : { tone: "error", text: "Only drafts can be submitted." },
            )
          }
        >
          Submit for review
        </button>
      ) : null}

      {canSend && !webOnly ? <SegmentPicker issueId={issueId} tags={tags} value={segment} onSaved={onSegment} editable={editable} refreshKey={status} /> : null}

      {canSend && editable ? (
        <>
          <button
            type="button"
            className="secondary"
            disabled={busy || !saved}
            onClick={() =>
              run(
                () => sendTestAction({ issueId }),
                (result) =>
                  result.ok
                    ? { tone: "ok", text: `Test sent to ${result.to}.` }
                    : {
                        tone: "error",
                        text:
                          "message" in result
                            ? result.message
                            : result.reason === "invalid-blocks"
                              ? "Some blocks have problems; fix them to send a test."
                              : `Test failed: ${"error" in result ? result.error : result.reason}`,
                      },
              )
            }
          >
            Send a test to me
          </button>

          <div className="field">
            <label htmlFor="schedule-at">Send at ({timezone})</label>
            <input id="schedule-at" type="datetime-local" value={when} onChange={(event) => setWhen(event.target.value)} />
          </div>
          <button
            type="button"
            className="secondary"
            disabled={busy || !saved || !when}
            onClick={() =>
              run(
                () =>
                  scheduleAction({
                    issueId,
                    localTime: when,
                    expectedVersion: version(),
                    // The segment shown above: scheduling is refused if someone chose another since.
                    audience: webOnly ? undefined : segment,
                  }),
                (result) => {
                  if ("scheduled" in result && result.scheduled) {
                    onStatus("scheduled", when);
                    return {
                      tone: "ok",
                      text: `Scheduled for ${when.replace("T", " ")} (${timezone}).`,
                    };
                  }
                  if ("message" in result) return { tone: "error", text: result.message };
                  if (result.reason === "checks-failed")
                    return {
                      tone: "error",
                      text: problemsText(result.problems),
                    };
                  if (result.reason === "in-the-past")
                    return {
                      tone: "error",
                      text: "That time has passed. Pick a time in the future.",
                    };
                  if (result.reason === "bad-time") return { tone: "error", text: "Pick a date and a time." };
                  return {
                    tone: "error",
                    text: `This issue cannot be scheduled (${"status" in result ? result.status : result.reason}).`,
                  };
                },
              )
            }
          >
            {status === "scheduled" ? "Reschedule" : "Schedule"}
          </button>
          {status === "scheduled" ? (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                run(
                  () => cancelScheduleAction({ issueId }),
                  (result) => {
                    if (result === true) {
                      onStatus("draft", null);
                      return {
                        tone: "ok",
                        text: "Schedule canceled; the issue is a draft again.",
                      };
                    }
                    return {
                      tone: "error",
                      text: typeof result === "object" ? result.message : "The send has already started.",
                    };
                  },
                )
              }
            >
              Cancel schedule
            </button>
          ) : null}
          <button
            type="button"
            className="primary"
            disabled={busy || !saved}
            onClick={() =>
              run(
                () => recipientCountAction({ issueId }),
                (count) => {
                  if (typeof count === "number") {
                    setConfirming(count);
                    return { tone: "ok", text: "" };
                  }
                  return { tone: "error", text: count.message };
                },
              )
            }
          >
            {webOnly ? "Publish now…" : "Send now…"}
          </button>
        </>
      ) : null}

      {canSend && status === "sending" ? (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() =>
            run(
              () => cancelSendAction({ issueId }),
              (ok) =>
                ok === true
                  ? (onStatus("canceled"),
                    {
                      tone: "ok",
                      text: "Send stopped. Messages already handed to the provider still arrive.",
                    })
                  : { tone: "error", text: "The send could not be stopped." },
            )
          }
        >
          Stop sending
        </button>
      ) : null}
      {canSend && status === "partially_failed" ? (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() =>
            run(
              () => retryFailedAction({ issueId }),
              (result) =>
                "maybeSent" in result && result.requeued > 0
                  ? (onStatus("sending"),
                    {
                      tone: "ok",
                      text:
                        `${result.requeued.toLocaleString("en")} failed ${result.requeued === 1 ? "message" : "messages"} queued again.` +
                        (result.maybeSent > 0
                          ? ` ${result.maybeSent.toLocaleString("en")} of them may have reached the provider already: they go again in their first batches, which Resend delivers at most once, within ${PROVIDER_KEY_HOURS} hours of their first try.`
                          : ""),
                    })
                  : { tone: "error", text: "Nothing to retry." },
            )
          }
        >
          Retry failed
        </button>
      ) : null}

      {progress ? <ProgressView progress={progress} /> : null}
      {message?.text ? (
        <p className={message.tone === "ok" ? "notice" : "error"} role="status">
          {message.text}
        </p>
      ) : null}

      <dialog ref={dialog} aria-labelledby="confirm-send-title" onClose={() => setConfirming(null)}>
        <h2 id="confirm-send-title">{webOnly ? "Publish this issue on the site now?" : "Send this issue now?"}</h2>
        {webOnly ? (
          <p>It is web-only: it goes on the site, in the feeds and in search, and no email is sent. This cannot be undone.</p>
        ) : (
          <p>
            It goes to <strong>{confirming?.toLocaleString("en")}</strong> active {confirming === 1 ? "subscriber" : "subscribers"}
            {segment.tagIds.length ? ` with ${segment.match} of the ${segment.tagIds.length} chosen ${segment.tagIds.length === 1 ? "tag" : "tags"}` : ""}. This cannot be undone.
          </p>
        )}
        <div className="row">
          <button type="button" className="secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => {
              setConfirming(null);
              void run(
                () => sendNowAction({ issueId, expectedVersion: version(), audience: webOnly ? undefined : segment }),
                (result) => {
                  if ("started" in result && result.started) {
                    onStatus("sending");
                    return {
                      tone: "ok",
                      text: webOnly ? "Publishing on the site." : `Sending to ${result.recipients.toLocaleString("en")} subscribers.`,
                    };
                  }
                  if ("message" in result) return { tone: "error", text: result.message };
                  if (result.reason === "checks-failed")
                    return {
                      tone: "error",
                      text: problemsText(result.problems),
                    };
                  return {
                    tone: "error",
                    text: `Not sent: the issue is ${"status" in result ? result.status : result.reason}.`,
                  };
                },
              );
            }}
          >
            {webOnly ? "Publish" : `Send to ${confirming?.toLocaleString("en")}`}
          </button>
        </div>
      </dialog>
    </div>
  );
}

/** Failed messages the provider may hold: safe to retry while Resend still remembers their keys. */
function MaybeSentNote({ count, since, keysForgotten: late }: { count: number; since: string; keysForgotten: boolean }) {
  const until = new Date(new Date(since).getTime() + PROVIDER_KEY_HOURS * 3_600_000);
  const what = `${count.toLocaleString("en")} of the failed ${count === 1 ? "message" : "messages"} may have reached the provider: ${count === 1 ? "its answer was" : "their answers were"} lost.`;
  return (
    <p className={late ? "error" : "hint"}>
      {what}{" "}
      {late
        ? `Resend has forgotten their keys by now (${PROVIDER_KEY_HOURS} hours after they failed): retried, some readers may get the issue twice.`
        : `"Retry failed" sends them in their first batches, which Resend delivers at most once, until ${until.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}.`}
    </p>
  );
}

function ProgressView({ progress }: { progress: SendProgress }) {
  const done = progress.sent + progress.failed + progress.skipped;
  const eta = progress.etaSeconds === null ? "—" : progress.etaSeconds < 60 ? `${progress.etaSeconds} s` : `${Math.round(progress.etaSeconds / 60)} min`;
  return (
    <div className="progress" aria-live="polite">
      <progress max={Math.max(1, progress.total)} value={done} aria-label="Messages processed" />
      <dl>
        <dt>Sent</dt>
        <dd>{progress.sent.toLocaleString("en")}</dd>
        <dt>Failed</dt>
        <dd>{progress.failed.toLocaleString("en")}</dd>
        <dt>Queued</dt>
        <dd>{(progress.queued + progress.sending).toLocaleString("en")}</dd>
        <dt>Rate</dt>
        <dd>{progress.ratePerSecond.toFixed(1)}/s</dd>
        <dt>ETA</dt>
        <dd>{progress.status === "sending" ? eta : "done"}</dd>
      </dl>
      {progress.maybeSent.count > 0 && progress.maybeSent.since ? <MaybeSentNote {...progress.maybeSent} since={progress.maybeSent.since} /> : null}
    </div>
  );
}
