import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptHiding, HIDE_MS, revealNumbers } from '../src/numbers/hide';

const style = () => document.getElementById('lb-n-hide');
const headStyle = () => {
  const own = document.createElement('style');
  own.id = 'lb-n-hide';
  document.head.appendChild(own);
  return own;
};

describe("call tracking: the page's head style adopted by the lazy file", () => {
  afterEach(() => {
    revealNumbers(document);
    vi.useRealTimers();
  });

  it('never adds a hiding style itself (a number already painted is not hidden after the fact)', () => {
    expect(adoptHiding(window)).toBe(false);
    expect(style()).toBeNull();
  });

  it("removes the page's style at the animation's end at the latest: HIDE_MS after the page started", () => {
    vi.useFakeTimers();
    const own = headStyle();
    vi.spyOn(performance, 'now').mockReturnValue(300);
    expect(adoptHiding(window)).toBe(true);
    vi.advanceTimersByTime(HIDE_MS - 300 - 1);
    expect(style()).toBe(own);
    vi.advanceTimersByTime(1);
    expect(style()).toBeNull();
  });

  it('removes it at once when the file arrives after the limit', () => {
    vi.useFakeTimers();
    headStyle();
    vi.spyOn(performance, 'now').mockReturnValue(HIDE_MS + 500);
    adoptHiding(window);
    vi.advanceTimersByTime(0);
    expect(style()).toBeNull();
  });

  it('reveal removes it, any number of times', () => {
    headStyle();
    revealNumbers(document);
    revealNumbers(document);
    expect(style()).toBeNull();
  });

  it('never throws: a broken window or document', () => {
    expect(adoptHiding({} as Window)).toBe(false);
    expect(() => revealNumbers({} as Document)).not.toThrow();
  });
});
