import { afterEach, describe, expect, it, vi } from 'vitest';
import { HIDE_MS, hideNumbers, revealNumbers } from '../src/numbers/hide';

const style = () => document.getElementById('lb-n-hide');

describe('call tracking: the business number hidden until it is swapped', () => {
  afterEach(() => revealNumbers(document));

  it('hides tel: links with the national digits and marked elements, with visibility only, for at most HIDE_MS', () => {
    document.body.innerHTML = `<a id="a" href="tel:+842812345678">x</a><a id="b" href="tel:02812345678">x</a>
      <a id="c" href="tel:0901234567">x</a><span id="d" data-leadbeacon-number>x</span><p id="e">x</p>`;
    hideNumbers(document, '+842812345678');
    const css = style()!.textContent!;
    expect(css).toContain('a[href*="812345678"],[data-leadbeacon-number]');
    expect(css).toContain(`animation:lb-n-hide ${HIDE_MS}ms`);
    expect(css).toContain('visibility:hidden');
    expect(css).not.toContain('display');
    const selector = css.slice(0, css.indexOf('{'));
    expect(['a', 'b', 'c', 'd', 'e'].filter((id) => document.getElementById(id)!.matches(selector))).toEqual(['a', 'b', 'd']);
  });

  it('removes the style after HIDE_MS, the page own head style too', () => {
    vi.useFakeTimers();
    try {
      const own = document.createElement('style');
      own.id = 'lb-n-hide';
      document.head.appendChild(own);
      hideNumbers(document, '+842812345678');
      expect(style()).toBe(own);
      vi.advanceTimersByTime(HIDE_MS - 1);
      expect(style()).toBe(own);
      vi.advanceTimersByTime(1);
      expect(style()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('adds one style however often it is called (a head style of the page counts), and reveal removes it', () => {
    hideNumbers(document, '+842812345678');
    hideNumbers(document, '+842812345678');
    expect(document.querySelectorAll('#lb-n-hide')).toHaveLength(1);
    revealNumbers(document);
    revealNumbers(document);
    expect(style()).toBeNull();
  });

  it('never throws: no digits (hides nothing but marked elements), a document without head, a broken document', () => {
    hideNumbers(document, 'not a number');
    expect(style()!.textContent).toContain('a[href*=""]');
    revealNumbers(document);
    const bare = document.implementation.createHTMLDocument('');
    bare.head.remove();
    hideNumbers(bare, '+842812345678');
    expect(bare.getElementById('lb-n-hide')!.parentNode).toBe(bare.documentElement);
    const broken = {} as Document;
    expect(() => hideNumbers(broken, '+842812345678')).not.toThrow();
    expect(() => revealNumbers(broken)).not.toThrow();
  });
});
