"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { signOut } from "next-auth/react";

export function UserMenu({ name, email }: { name: string; email: string }) {
  const initials = name
    .split(/\s+/)
    .map((p) => p[0])
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        className="inline-flex h-8 items-center gap-2 rounded-md px-2 text-sm hover:bg-black/5 dark:hover:bg-white/10"
        aria-label={`Account menu for ${name}`}
      >
        <span aria-hidden className="inline-flex size-6 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700">
          {initials || "?"}
        </span>
        <span className="hidden sm:inline">{name}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="surface z-50 min-w-52 rounded-md border p-1 text-sm shadow-lg">
          <div className="text-muted px-2 py-1.5 text-xs">{email}</div>
          <DropdownMenu.Separator className="border-default my-1 border-t" />
          <DropdownMenu.Item
            className="cursor-pointer rounded px-2 py-1.5 outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
            onSelect={() => void signOut({ callbackUrl: "/signin" })}
          >
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
