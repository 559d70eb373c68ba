import Link from "next/link";

/** An unknown issue, subscriber, import or outbox message: said inside the editor, which keeps its navigation. */
export default function EditorNotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>Nothing here: it may have been deleted, or the link may be mistyped.</p>
      <p>
        <Link href="/editor">Back to the issues</Link>
      </p>
    </>
  );
}
