// Vitest runs server modules directly in Node; the real `server-only` package throws outside a
// React Server Components bundle, so tests alias it to this empty module.
export {};
