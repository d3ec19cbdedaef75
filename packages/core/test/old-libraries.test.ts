/**
 * The helpers that keep the tracker off the built-ins old libraries replace: toJson ignores an
 * Array.prototype.toJSON (Prototype.js 1.6) and leaves it where it was; toArray copies without
 * Array.from (Prototype's $A, MooTools'). The browser test (test-browser/old-libraries.test.ts)
 * runs the built script on such pages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toArray, toJson } from '../src/util';

type WithToJSON = { toJSON?: () => string };
const proto = Array.prototype as unknown as WithToJSON;

afterEach(() => {
  delete proto.toJSON;
});

describe('toJson', () => {
  it("ignores Prototype 1.6's Array.prototype.toJSON, at any depth, and leaves it in place", () => {
    const pages = function (this: unknown[]) {
      return '[' + this.join(', ') + ']';
    };
    proto.toJSON = pages;
    expect(JSON.stringify({ a: [1, 2] })).toBe('{"a":"[1, 2]"}'); // what the page's JSON now does
    expect(toJson({ q: [{ e: { fieldNames: ['email', 'phone'] }, b: 1 }], d: 0 })).toBe(
      '{"q":[{"e":{"fieldNames":["email","phone"]},"b":1}],"d":0}',
    );
    expect(toJson([[1], []])).toBe('[[1],[]]');
    expect(proto.toJSON).toBe(pages);
  });

  it('is JSON.stringify otherwise: a Date still goes through its own toJSON, undefined props are left out', () => {
    const value = { at: new Date(0), none: undefined, list: [undefined, 'x'] };
    expect(toJson(value)).toBe(JSON.stringify(value));
  });
});

describe('toArray', () => {
  it('copies array-likes without Array.from', () => {
    const from = Array.from;
    Array.from = (() => ['replaced']) as typeof Array.from;
    try {
      expect(toArray({ length: 2, 0: 'a', 1: 'b' })).toEqual(['a', 'b']);
      document.body.innerHTML = '<form><input name="a"><input name="b"></form>';
      expect(toArray(document.forms[0]!.elements).map((el) => el.getAttribute('name'))).toEqual(['a', 'b']);
    } finally {
      Array.from = from;
    }
  });
});
