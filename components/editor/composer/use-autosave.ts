"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { discardKeptEditAction, saveIssueAction } from "@/app/editor/actions";
import { checkContentSize } from "@/lib/issues/check-content-size";
import type { ContentProblem } from "@/lib/blocks/parse-blocks";
import type { Json } from "./json-value";

export type Channel = "everywhere" | "web_only" | "email_only";
export type EditorBlock = { key: string; type: string; data: Json; channel?: Channel; topics?: string[]; collapsed?: boolean };
export type EditorContent = { title: string; preheader: string; channel?: Channel; topics?: string[]; blocks: EditorBlock[] };
export type ServerBlock = { type: string; data: Json; channel?: Channel; topics?: string[] };
export type ServerContent = { title: string; preheader: string; channel?: Channel; topics?: string[]; blocks: ServerBlock[]; version: number };
type SaveInput = Parameters<typeof saveIssueAction>[0];
type SaveAction = (input: SaveInput) => ReturnType<typeof saveIssueAction>;

export type SaveState =
  | { kind: "saved" }
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "offline" }
  /** `kept`: the server kept the edits beside the issue (lib/issues/keep-invalid-edit.ts), so they are not on this device only. */
  | { kind: "invalid"; problems: ContentProblem[]; kept?: boolean }
  | { kind: "conflict"; theirs: ServerContent }
  | { kind: "stopped"; message: string };

const SAVE_DELAY_MS = 800;
const RETRY_DELAY_MS = 5_000;

let keys = 0;
/** A key for a block added in the browser (or content replacing the page's), unlike any other this session. */
export const newBlockKey = () => `b${++keys}-${Math.random().toString(36).slice(2, 7)}`;
/**
 * Keys for the blocks the page was rendered with: the same on the server and in the browser, so the
 * page hydrates. Random ones differed: React warned of a mismatch on every load of the composer, and
 * kept the server's element ids, which the browser's labels and drag handles no longer pointed to.
 */
const renderedBlockKey = (index: number) => `r${index}`;

export function toEditorContent(server: Omit<ServerContent, "version">, keyFor: (index: number) => string = newBlockKey): EditorContent {
  return {
    title: server.title,
    preheader: server.preheader,
    channel: server.channel ?? "everywhere",
    topics: server.topics ?? [],
    blocks: server.blocks.map((block, index) => ({ key: keyFor(index), type: block.type, data: block.data, channel: block.channel ?? "everywhere", topics: block.topics ?? [] })),
  };
}

/** What the server stores; keys and collapsed state are the editor's own. */
export function serialize(content: EditorContent): string {
  return JSON.stringify({
    title: content.title,
    preheader: content.preheader,
    channel: content.channel ?? "everywhere",
    topics: content.topics ?? [],
    blocks: content.blocks.map(({ type, data, channel, topics }) => ({ type, data, channel: channel ?? "everywhere", topics: topics ?? [] })),
  });
}

/** `kept`: the server kept these very edits (they failed the checks): whoever has the issue open there answers for them. */
type Stored = { baseVersion: number; content: EditorContent; at: number; kept?: boolean };

/** Edits the server kept because they failed the checks, as the composer page hands them over. */
export type KeptEdits = { content: Omit<ServerContent, "version">; baseVersion: number; savedAt: number; savedBy: string };

/**
 * The composer's content, saved as it changes: debounced, one save in
 * flight at a time, each naming the version it builds on. Until the server
 * has an edit, the edit is in localStorage, so a closed tab, a lost network
 * or a crash loses nothing. A conflict stops saving until the editor picks
 * whose content wins.
 */
export function useAutosave({
  issueId,
  initial,
  readOnly,
  manual = null,
  kept = null,
}: {
  issueId: string;
  initial: ServerContent;
  readOnly: boolean;
  manual?: { key: string; action: SaveAction } | null;
  kept?: KeptEdits | null;
}) {
  // A manual editor (a correction to a sent issue) keeps edits on this device until saveNow(); its own key keeps them apart from drafts'.
  const storageKey = `weekly:issue:${issueId}${manual ? `:${manual.key}` : ""}`;
  const action = manual?.action ?? saveIssueAction;
  const [content, setContent] = useState<EditorContent>(() => toEditorContent(initial, renderedBlockKey));
  const [state, setState] = useState<SaveState>({ kind: "saved" });
  const version = useRef(initial.version);
  const saved = useRef(serialize(toEditorContent(initial)));
  const latest = useRef(content);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const halted = useRef(false);
  // The server holds edits of this issue that failed the checks (loaded with the page, or kept by a save here).
  const keptOnServer = useRef(kept !== null && !manual);
  // The content the server last kept so (serialized): leaving with it loses nothing.
  const keptBody = useRef<string | null>(null);
  const saveRef = useRef<() => Promise<void>>(async () => {});
  useLayoutEffect(() => {
    latest.current = content;
  }, [content]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (inFlight.current || halted.current || readOnly) return;
    const body = serialize(latest.current);
    if (body === saved.current) {
      localStorage.removeItem(storageKey);
      setState({ kind: "saved" });
      // Back at the saved content with edits kept on the server: no save will remove them, so say they are abandoned.
      if (keptOnServer.current) {
        keptOnServer.current = false;
        void discardKeptEditAction({ issueId, expectedVersion: version.current }).catch(() => {
          keptOnServer.current = true;
        });
      }
      return;
    }
    // Too large to send: said so here, where the request would otherwise fail like a lost connection.
    const tooLarge = checkContentSize(body);
    if (tooLarge) {
      setState({ kind: "invalid", problems: [tooLarge] });
      return;
    }
    inFlight.current = true;
    setState({ kind: "saving" });
    let result: Awaited<ReturnType<typeof saveIssueAction>>;
    try {
      const { title, preheader, channel, topics, blocks } = JSON.parse(body) as Omit<SaveInput, "issueId" | "expectedVersion">;
      result = await action({ issueId, expectedVersion: version.current, title, preheader, channel, topics, blocks });
    } catch {
      // The request never reached an answer: offline, or the server is down. The edit is in localStorage.
      inFlight.current = false;
      setState({ kind: "offline" });
      timer.current = setTimeout(() => void saveRef.current(), RETRY_DELAY_MS);
      return;
    }
    inFlight.current = false;
    if (result.ok) {
      // A valid save removes kept edits on the server (lib/issues/save-issue.ts).
      keptOnServer.current = false;
      version.current = result.version;
      saved.current = body;
      if (serialize(latest.current) === body) {
        localStorage.removeItem(storageKey);
        setState({ kind: "saved" });
      } else {
        // Typed while the save was in flight: keep the local copy's base current and go again.
        remember(storageKey, version.current, latest.current);
        void saveRef.current();
      }
      return;
    }
    if (result.reason === "conflict") {
      halted.current = true;
      setState({ kind: "conflict", theirs: { ...result.current, blocks: result.current.blocks as ServerContent["blocks"] } });
    } else if (result.reason === "invalid") {
      if (result.kept) {
        keptOnServer.current = true;
        keptBody.current = body;
        // This device's copy is the server's now: if the server drops it (fixed or undone elsewhere), so does this device.
        if (serialize(latest.current) === body) remember(storageKey, version.current, latest.current, { kept: true });
      }
      setState({ kind: "invalid", problems: result.problems, kept: result.kept === true });
      // Edits made while this save was in flight may have fixed the problems: their save was skipped, so run it now.
      if (serialize(latest.current) !== body) timer.current = setTimeout(() => void saveRef.current(), 0);
    } else {
      halted.current = true;
      const message =
        result.reason === "not-editable"
          ? `This issue is ${result.status.replace("_", " ")} and can no longer be edited here. Your changes are kept on this device.`
          : result.reason === "not-found"
            ? "This issue was deleted. Your changes are kept on this device."
            : result.message;
      setState({ kind: "stopped", message });
    }
  }, [action, issueId, readOnly, storageKey]);
  useLayoutEffect(() => {
    saveRef.current = save;
  }, [save]);

  const update = useCallback(
    (change: (current: EditorContent) => EditorContent) => {
      if (readOnly) return;
      setContent((current) => {
        const next = change(current);
        remember(storageKey, version.current, next);
        return next;
      });
      if (!halted.current) {
        setState((current) => (current.kind === "saving" || current.kind === "offline" ? current : { kind: "unsaved" }));
        clearTimeout(timer.current);
        if (!manual) timer.current = setTimeout(() => void save(), SAVE_DELAY_MS);
      }
    },
    [manual, readOnly, save, storageKey],
  );

  /** "Use theirs" drops this device's edits; "keep mine" saves them over the newer version, knowingly. */
  const resolveConflict = useCallback(
    (choice: "theirs" | "mine") => {
      if (state.kind !== "conflict") return;
      const { theirs } = state;
      version.current = theirs.version;
      halted.current = false;
      if (choice === "theirs") {
        const next = toEditorContent(theirs);
        saved.current = serialize(next);
        localStorage.removeItem(storageKey);
        setContent(next);
        setState({ kind: "saved" });
        // Kept edits of the version set aside go with it.
        if (keptOnServer.current) {
          keptOnServer.current = false;
          void discardKeptEditAction({ issueId, expectedVersion: theirs.version }).catch(() => {});
        }
      } else {
        saved.current = serialize(toEditorContent(theirs));
        remember(storageKey, version.current, latest.current);
        void save();
      }
    },
    [issueId, save, state, storageKey],
  );

  /** After a restore or another server-side change this editor made. */
  const replaceFromServer = useCallback(
    (server: ServerContent) => {
      const next = toEditorContent(server);
      version.current = server.version;
      saved.current = serialize(next);
      halted.current = false;
      localStorage.removeItem(storageKey);
      setContent(next);
      setState({ kind: "saved" });
    },
    [storageKey],
  );

  // Edits this device made that the server never got, or (newer) ones the server kept from any device
  // because they failed the checks: bring them back.
  useEffect(() => {
    if (readOnly) return;
    const fromServer: Stored | null = kept && !manual ? { baseVersion: kept.baseVersion, content: toEditorContent(kept.content), at: kept.savedAt } : null;
    let local = recall(storageKey);
    // Edits this device had handed to the server, which no longer holds them: fixed, or undone, on another device.
    if (local?.kept && !fromServer) {
      localStorage.removeItem(storageKey);
      local = null;
    }
    const stored = local && fromServer ? (local.at >= fromServer.at ? local : fromServer) : (local ?? fromServer);
    if (!stored || serialize(stored.content) === saved.current) return;
    setContent(stored.content);
    latest.current = stored.content;
    if (stored.baseVersion === version.current) {
      setState({ kind: "unsaved" });
      if (!manual) timer.current = setTimeout(() => void save(), 0);
    } else {
      // Someone saved after these edits were made: the editor decides.
      halted.current = true;
      setState({ kind: "conflict", theirs: initial });
    }
    // Runs once, on load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const online = () => {
      if (!manual) void save();
    };
    const leaving = (event: BeforeUnloadEvent) => {
      const body = serialize(latest.current);
      if (body !== saved.current && body !== keptBody.current) event.preventDefault();
    };
    window.addEventListener("online", online);
    window.addEventListener("beforeunload", leaving);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("beforeunload", leaving);
      clearTimeout(timer.current);
    };
  }, [manual, save]);

  return { content, update, state, resolveConflict, replaceFromServer, saveNow: save, version };
}

function remember(key: string, baseVersion: number, content: EditorContent, { kept = false }: { kept?: boolean } = {}) {
  try {
    localStorage.setItem(key, JSON.stringify({ baseVersion, content, at: Date.now(), ...(kept ? { kept } : {}) } satisfies Stored));
  } catch {
    // Storage full or disabled: the server save is still on its way.
  }
}

function recall(key: string): Stored | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}
