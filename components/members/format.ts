const DATE = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

/** "Jan 17, 2030": the same on the server and in the browser (no hydration mismatch). */
export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
