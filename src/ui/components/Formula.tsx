/** A formula from the lecture, typeset with KaTeX (fonts are bundled: no network). */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function Formula({ tex, block = true }: { tex: string; block?: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { displayMode: block, throwOnError: false, strict: 'ignore' }), [tex, block]);
  return <span className={block ? 'formula' : 'formula-inline'} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A panel of the lab: a title, the lecture's formula, what to look for, and the content. */
export function Panel({
  title,
  tex,
  hint,
  children,
  testId,
}: {
  title: string;
  tex?: string;
  hint?: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="panel" data-testid={testId}>
      <h2>{title}</h2>
      {tex && <Formula tex={tex} />}
      {hint && <p className="hint">{hint}</p>}
      {children}
    </section>
  );
}
