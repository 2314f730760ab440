// A report's fields as a Markdown table, from its JSON Schema (the descriptions are the zod
// schema's): the field tables of docs/json-reports.md, so the page says what the schema says.
type Json = Record<string, any>;

/** `integer`, `"a" | "b"`, `string or null`, `array of integer`, ... */
function typeOf(s: Json): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v: unknown) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (Array.isArray(s.type)) return s.type.join(' or ');
  if (s.type === 'array') return `array of ${typeOf(s.items)}`;
  if (sameValues(s)) return `object with the keys ${Object.keys(s.properties).map((k) => `"${k}"`).join(', ')}, each ${typeOf(Object.values<Json>(s.properties)[0])}`;
  if (s.type === 'object') return s.properties ? 'object' : `object of ${typeOf(s.additionalProperties)}`;
  return s.type;
}

/** An object whose keys all hold the same undescribed schema (a matrix cell per profile): shown once, as `*`. */
function sameValues(s: Json): boolean {
  const values = Object.values<Json>(s.properties ?? {}).map((v) => JSON.stringify(v));
  return values.length > 1 && values.every((v) => v === values[0]) && !JSON.parse(values[0]).description;
}

/** The object schema inside `s` (through arrays and "or null"), if any. */
function objectIn(s: Json): Json | null {
  if (s.type === 'object' && s.properties) return s;
  if (s.type === 'array') return objectIn(s.items);
  for (const alt of s.anyOf ?? []) {
    const o = objectIn(alt);
    if (o) return o;
  }
  return null;
}

/** Rows for every field of `schema`, nested ones as `a.b`, array items as `a[].b`. */
function rows(schema: Json, prefix: string): string[] {
  const out: string[] = [];
  const required = new Set<string>(schema.required ?? []);
  for (const [name, s] of Object.entries<Json>(schema.properties)) {
    const path = `${prefix}${name}`;
    const what = (s.description ?? objectIn(s)?.description ?? '').replace(/\|/g, '\\|');
    out.push(`| \`${path}\` | ${typeOf(s)} | ${required.has(name) ? '' : '(optional) '}${what} |`);
    if (s.type === 'object' && sameValues(s)) {
      const value = Object.values<Json>(s.properties)[0];
      const inner = objectIn(value);
      if (inner) out.push(...rows(inner, `${path}.*.`));
      continue;
    }
    const inner = objectIn(s);
    if (inner) out.push(...rows(inner, `${path}${s.type === 'array' || s.anyOf?.some((a: Json) => a.type === 'array') ? '[]' : ''}.`));
  }
  return out;
}

export function reportFieldTable(schema: Json): string {
  return ['| field | type | what it is |', '|---|---|---|', ...rows(schema, '')].join('\n');
}
