import { describe, expect, it } from 'vitest';
import { translate } from '../../src/ui/i18n/message';
import { updateNote } from '../../src/ui/offline';
import { englishT } from './charts-i18n';

declare const __BUILD_ID__: string;

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('the "updated" note', () => {
  it('is shown once, on the first page load of a build other than the last one seen', () => {
    const s = memoryStorage();
    expect(updateNote(s)).toBeNull();
    expect(updateNote(s)).toBeNull();
    s.m.set('wide-optima-lab.build', 'abc1234');
    const note = updateNote(s);
    expect(note).toEqual({ key: 'app.updated', values: { build: __BUILD_ID__, last: 'abc1234' } });
    expect(translate(englishT, note!)).toBe(`Updated since your last visit: this is build ${__BUILD_ID__} (was abc1234).`);
    expect(updateNote(s)).toBeNull();
  });

  it('stays quiet where storage is unavailable or refuses to write', () => {
    expect(updateNote(null)).toBeNull();
    const full = {
      getItem: () => 'older',
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(updateNote(full)).toBeNull();
  });
});
