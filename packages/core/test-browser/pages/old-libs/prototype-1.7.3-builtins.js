/*
 * Prototype.js 1.7.3's changes to the built-ins a tracker could lean on, made as Prototype makes
 * them (npm serves no copy of Prototype 1.7.3; this reproduces src/prototype/lang/array.js and
 * enumerable.js of the 1.7.3 tag for these members):
 * - Array.from = $A: `toArray()` when the value has one, else a copy by index; no map function,
 *   no iterables;
 * - Enumerable mixed into Array.prototype by plain assignment (enumerable properties), with
 *   `find` = `detect`, through `each` / `_each` (the native forEach) and the `$break` exception;
 * - Array#map wrapping the native one (a missing iterator is Prototype.K);
 * - Array.prototype.entries deleted (Enumerable's `entries` would shadow the native one).
 */
(function () {
  var Prototype = (window.Prototype = {
    Version: '1.7.3',
    K: function (x) {
      return x;
    },
  });
  var $break = (window.$break = {});
  var arrayProto = Array.prototype;
  var slice = arrayProto.slice;

  function $A(iterable) {
    if (!iterable) return [];
    if ('toArray' in Object(iterable)) return iterable.toArray();
    var length = iterable.length || 0;
    var results = new Array(length);
    while (length--) results[length] = iterable[length];
    return results;
  }
  window.$A = $A;
  Array.from = $A;

  var Enumerable = {
    each: function (iterator, context) {
      try {
        this._each(iterator, context);
      } catch (e) {
        if (e != $break) throw e;
      }
      return this;
    },
    detect: function (iterator, context) {
      var result;
      this.each(function (value, index) {
        if (iterator.call(context, value, index, this)) {
          result = value;
          throw $break;
        }
      }, this);
      return result;
    },
    include: function (object) {
      var found = false;
      this.each(function (value) {
        if (value == object) {
          found = true;
          throw $break;
        }
      });
      return found;
    },
    toArray: function () {
      return this.map();
    },
    size: function () {
      return this.toArray().length;
    },
  };
  Enumerable.find = Enumerable.detect;
  Enumerable.member = Enumerable.include;
  Enumerable.entries = Enumerable.toArray;

  function extend(destination, source) {
    for (var property in source) destination[property] = source[property];
    return destination;
  }
  function wrapNative(method) {
    return function () {
      if (arguments.length === 0) return method.call(this, Prototype.K);
      if (arguments[0] === undefined) {
        var args = slice.call(arguments, 1);
        args.unshift(Prototype.K);
        return method.apply(this, args);
      }
      return method.apply(this, arguments);
    };
  }

  var map = wrapNative(arrayProto.map);
  extend(arrayProto, Enumerable);
  if (arrayProto.entries === Enumerable.entries) delete arrayProto.entries;
  function clone() {
    return slice.call(this, 0);
  }
  extend(arrayProto, {
    _each: arrayProto.forEach,
    map: map,
    collect: map,
    first: function () {
      return this[0];
    },
    last: function () {
      return this[this.length - 1];
    },
    clone: clone,
    toArray: clone,
    size: function () {
      return this.length;
    },
  });
})();
