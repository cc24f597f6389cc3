import { useEffect, useRef, type ReactNode } from 'react';

// The first page of a visit keeps the browser's own focus order (skip link first);
// pages reached by in-app navigation move focus to their heading.
let visitStarted = false;

/** The page's one h1; after in-app navigation it takes focus so screen readers announce the new page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Factor`;
    if (visitStarted) heading.current?.focus();
    visitStarted = true;
  }, [title]);
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
      <h1 ref={heading} tabIndex={-1} className="min-w-0 text-2xl font-semibold wrap-break-word focus:outline-none">
        {title}
      </h1>
      {children}
    </div>
  );
}
