"use client";
import { forwardRef, memo, useMemo } from "react";
import { splitParagraphs } from "@/lib/annotation/paragraphs";

/**
 * The article, rendered ONCE: one <p data-start="<code point>"> per "\n"-separated line, the exact
 * text as a single text node each. Highlights, the caret and menus are painted elsewhere (CSS
 * Custom Highlight API, overlay), so this subtree never changes while spans are edited — the
 * component is memoised on the text alone and takes no other props.
 */
export const ArticleText = memo(
  forwardRef<HTMLDivElement, { text: string; label: string; describedBy?: string }>(function ArticleText({ text, label, describedBy }, ref) {
    const paragraphs = useMemo(() => splitParagraphs(text), [text]);
    return (
      <div
        ref={ref}
        className="sl-article"
        tabIndex={0}
        role="region"
        aria-label={label}
        aria-describedby={describedBy}
        data-testid="article-text"
        spellCheck={false}
      >
        {paragraphs.map((p) => (
          <p key={p.start} data-start={p.start} className={p.text ? "sl-p" : "sl-p sl-p-empty"}>
            {p.text}
          </p>
        ))}
      </div>
    );
  }),
  (a, b) => a.text === b.text && a.label === b.label && a.describedBy === b.describedBy,
);
