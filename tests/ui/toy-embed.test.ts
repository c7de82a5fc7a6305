import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { ToyLab } from '../../src/ui/components/ToyLab';
import { toySetup } from '../../src/ui/toy/setup';
import { i18nIn } from './charts-i18n';

// The page's plotly and workers are the browser's: the server render never calls them (effects do not run there).
vi.mock('../../src/ui/plotly', () => ({ Plotly: {}, plotly3d: () => new Promise(() => undefined), needs3d: () => false }));
vi.mock('../../src/worker/client', () => ({ startToyWorker: () => ({ send: () => undefined, terminate: () => undefined }) }));

function render(language: 'en' | 'ru', props: Parameters<typeof ToyLab>[0]): string {
  return renderToString(createElement(I18nextProvider, { i18n: i18nIn(language) }, createElement(ToyLab, props)));
}

describe('the toy embedded', () => {
  it('compact: the status line, the contour’s place and Run/Reset, without the form or the tables', () => {
    const html = render('en', { setup: toySetup('rugged', { settings: { c: 1, alpha2: 0.6 } }), compact: true });
    expect(html).toContain('data-testid="toy-status"');
    expect(html).toContain('iteration 0 / 1000');
    expect(html).toContain('computing the landscape…');
    expect(html).toContain('data-testid="toy-play"');
    expect(html).not.toContain('data-testid="toy-landscape"');
    expect(html).not.toContain('data-testid="toy-stability"');
    expect(html).not.toContain('data-testid="toy-surface"');
  });

  it('compact, with a setup that cannot run: says why, since no form shows it', () => {
    const html = render('en', { setup: toySetup('two-basins', { settings: { alpha2: 0.5 } }), compact: true });
    expect(html).toContain('alpha2 must be ≤ alpha1 (0.1), got 0.5');
  });

  it('the whole tab in Russian', () => {
    const html = render('ru', { setup: toySetup('two-basins') });
    expect(html).toContain('Узкий глубокий оптимум и широкий мелкий');
    expect(html).toContain('итерация 0 / 1000');
    expect(html).toContain('Запустить');
    expect(html).toContain('data-testid="toy-landscape"');
  });
});
