import { describe, expect, it } from 'vitest';
import { rewrite, rewriteText } from '../src/numbers/digits';

const B = '+842812345678';
const N = '+842812345601';

describe('call tracking: a number in any common format, rewritten in the same formatting', () => {
  it.each([
    ['(028) 1234 5678', '(028) 1234 5601'],
    ['+84 28 1234 5678', '+84 28 1234 5601'],
    ['028.1234.5678', '028.1234.5601'],
    ['+84-28-1234-5678', '+84-28-1234-5601'],
    ['02812345678', '02812345601'],
    ['+842812345678', '+842812345601'],
    ['28 1234 5678', '28 1234 5601'],
  ])('%s', (written, want) => {
    expect(rewrite(written, B, N)).toBe(want);
  });

  it('leaves other numbers alone and rewrites every place in a text', () => {
    expect(rewrite('090 123 4567', B, N)).toBeUndefined();
    expect(rewrite('2812345', B, N)).toBeUndefined();
    expect(rewriteText('Call (028) 1234 5678 or +84 28 1234 5678; sales 090 123 4567, 2026-12-01', [B], N)).toBe(
      'Call (028) 1234 5601 or +84 28 1234 5601; sales 090 123 4567, 2026-12-01',
    );
  });

  it('a US number written nationally, and a replacement of another length in plain form', () => {
    expect(rewrite('(415) 555-0123', '+14155550123', '+14155550188')).toBe('(415) 555-0188');
    expect(rewrite('(028) 1234 5678', B, '+84281234567')).toBe('0281234567');
  });
});
