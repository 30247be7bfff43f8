"use client";
import { Button } from "@/components/ui/button";

/** Switches light/dark and remembers the choice (the root layout applies it before first paint). */
export function ThemeToggle() {
  function toggle() {
    const isDark = document.documentElement.classList.toggle("dark");
    try {
      localStorage.setItem("spanlab-theme", isDark ? "dark" : "light");
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  return (
    <Button variant="ghost" size="sm" onClick={toggle} aria-label="Switch light or dark theme" title="Light / dark">
      <span aria-hidden>◐</span>
    </Button>
  );
}
