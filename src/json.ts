// Everything that goes into a trace must survive JSON.stringify unchanged:
// no undefined, Infinity, Map or class instances.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * `JSON.parse(JSON.stringify(value))` for an object or array, without the text in between: a new
 * value sharing nothing with the old one. It gives what the round trip gives for any JSON value
 * and for the slips the round trip papers over (a non-finite number or an array's undefined
 * becomes null, -0 becomes 0, an object's undefined is dropped), which test/app/copyJson.test.ts
 * checks against the round trip. A primitive is returned as it is.
 */
export function copyJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  return copyNode(value) as JsonValue;
}

function copyNode(value: unknown): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0 turns -0 into 0, as JSON.stringify does
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: JsonValue[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = copyNode(value[i]) ?? null;
        return out;
      }
      // Anything not a plain object (a Date, a class with toJSON) takes the round trip itself.
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.parse(JSON.stringify(value)) as JsonValue;
      const out: JsonObject = {};
      for (const key of Object.keys(value)) {
        const v = copyNode((value as Record<string, unknown>)[key]);
        if (v === undefined) continue;
        // JSON.parse makes "__proto__" an own property; an assignment would set the prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
        else out[key] = v;
      }
      return out;
    }
    case 'bigint':
      return JSON.parse(JSON.stringify(value)) as never; // throws, as the round trip does
    default:
      return undefined; // undefined, a function, a symbol: JSON leaves them out (null in an array)
  }
}
