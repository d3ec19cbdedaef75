/*
 * Prototype.js 1.6.0.3's changes to the built-ins (the version Magento 1.4 and earlier shipped),
 * made as Prototype makes them (src/lang/object.js and array.js; npm serves no copy of Prototype
 * 1.6): Object.toJSON, and on Array.prototype by plain assignment (enumerable properties)
 * - toJSON, which returns the array's JSON as a string, so that the native JSON.stringify of any
 *   array gives a quoted string (`JSON.stringify([1])` is `"[1]"`);
 * - reduce, which has nothing to do with ES5's: the array itself, or its only item.
 */
(function () {
  window.Prototype = { Version: '1.6.0.3' };
  Object.toJSON = function (object) {
    var type = typeof object;
    switch (type) {
      case 'undefined':
      case 'function':
      case 'unknown':
        return undefined;
      case 'boolean':
        return object.toString();
    }
    if (object === null) return 'null';
    if (object.toJSON) return object.toJSON();
    if (type === 'string') return JSON.stringify(object);
    if (type === 'number') return isFinite(object) ? String(object) : 'null';
    var results = [];
    for (var property in object) {
      var value = Object.toJSON(object[property]);
      if (value !== undefined) results.push(JSON.stringify(property) + ': ' + value);
    }
    return '{' + results.join(', ') + '}';
  };
  Array.prototype.toJSON = function () {
    var results = [];
    for (var i = 0; i < this.length; i++) {
      var value = Object.toJSON(this[i]);
      if (value !== undefined) results.push(value);
    }
    return '[' + results.join(', ') + ']';
  };
  Array.prototype.reduce = function () {
    return this.length > 1 ? this : this[0];
  };
})();
