import { useEffect, useRef, type ReactNode } from 'react';

/** The page's one h1; it takes focus on arrival so screen readers announce the new page. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Factor`;
    heading.current?.focus();
  }, [title]);
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
        {title}
      </h1>
      {children}
    </div>
  );
}
