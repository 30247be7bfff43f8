"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { isPermanentError } from "@/lib/api-client/fetch-json";

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 30_000,
            // 401/403/404/422 won't change on retry; network errors and 5xx might.
            retry: (count, err) => !isPermanentError(err) && count < 3,
          },
          mutations: { retry: false },
        },
      }),
  );
  useEffect(() => {
    // A marker that React has wired up event handlers (tests wait for it before clicking).
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
