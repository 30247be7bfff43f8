import Link from "next/link";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function AppHeader({ name, email }: { name: string; email: string }) {
  return (
    <header className="surface sticky top-0 z-30 border-b">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4">
        <Link href="/projects" className="inline-flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-5 w-1.5 rounded-sm bg-accent-600" />
          Spanlab
        </Link>
        <nav aria-label="Account" className="flex items-center gap-2">
          <ThemeToggle />
          <UserMenu name={name} email={email} />
        </nav>
      </div>
    </header>
  );
}
