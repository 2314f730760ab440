// Everything that goes into a trace must survive JSON.stringify unchanged:
// no undefined, Infinity, Map or class instances.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
