import { SEARCH_QUERY_MAX } from "@/lib/search/search-site";

/** The site header's search: a plain GET form, so it works without JavaScript and the results page has a shareable URL. */
export function SearchBox({ query = "", id = "site-search" }: { query?: string; id?: string }) {
  return (
    <form role="search" action="/search" className="search-box">
      <label htmlFor={id} className="visually-hidden">
        Search the archive
      </label>
      <input id={id} type="search" name="q" defaultValue={query} maxLength={SEARCH_QUERY_MAX} placeholder="Search the archive" />
      <button type="submit">Search</button>
    </form>
  );
}
