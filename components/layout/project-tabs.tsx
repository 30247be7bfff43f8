"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface ProjectTab {
  href: string;
  label: string;
}

export function ProjectTabs({ tabs }: { tabs: ProjectTab[] }) {
  const pathname = usePathname();
  // The longest matching href wins, so "Library" (the base path) isn't active on every sub-page.
  const active = tabs.filter((t) => pathname === t.href || pathname.startsWith(`${t.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label="Project" className="-mb-px mt-3 flex gap-1 overflow-x-auto">
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={active?.href === t.href ? "page" : undefined}
          className={cn(
            "whitespace-nowrap border-b-2 px-3 py-2 text-sm",
            active?.href === t.href ? "border-accent-600 font-medium" : "text-muted border-transparent hover:text-[var(--text)]",
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
