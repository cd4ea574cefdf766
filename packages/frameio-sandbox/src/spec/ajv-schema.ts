import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { loadSpec } from './openapi-spec.ts';

/**
 * Turns the OpenAPI 3.0 component schemas into JSON Schema 2019-09 that ajv can check faithfully.
 * OpenAPI 3.0 is not JSON Schema, and the Frame.io document leans on three idioms that plain ajv
 * would misread, so each is rewritten with its intended meaning:
 * - `nullable: true` → `anyOf: [{type: null}, schema]` (also where the schema is an `allOf`
 *   wrapper, e.g. `Comment.anchor`, `VersionStackWithIncludes.head_version`).
 * - `oneOf` whose branches are all nullable (`TimeStamp`): null matches every branch, which
 *   `oneOf` forbids; null is hoisted out so a null timestamp is valid once.
 * - `discriminator` + `oneOf` → a required, enumerated tag and one `if/then` per mapping entry:
 *   several mapped schemas (the field definitions) cannot be told apart structurally.
 * - `additionalProperties: false` next to `allOf` (`FileWithIncludes`, media links) →
 *   `unevaluatedProperties: false`; read literally it would forbid every property.
 * Unknown formats of the source (`HH:MM:SS:FF`, `datetime`) are defined below.
 */
export const SPEC_ID = 'https://frameio-sandbox.local/openapi-subset.json';

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function transform(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(transform);
  if (!isObj(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples' || k === 'discriminator') continue;
    out[k] = k === 'properties' ? mapValues(v as Json, transform) : transform(v);
  }
  const disc = node.discriminator as { propertyName: string; mapping: Record<string, string> } | undefined;
  if (disc && Array.isArray(out.oneOf)) {
    delete out.oneOf;
    const keys = Object.keys(disc.mapping);
    out.type = 'object';
    out.required = [disc.propertyName];
    out.properties = { [disc.propertyName]: { enum: keys } };
    out.allOf = keys.map((k) => ({
      if: { properties: { [disc.propertyName]: { const: k } } },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword
      then: { $ref: disc.mapping[k] },
    }));
  }
  if (Array.isArray(out.oneOf) && out.oneOf.every((b) => isObj(b) && isNullableWrapper(b))) {
    out.oneOf = out.oneOf.map((b) => (b as Json).anyOf && ((b as Json).anyOf as unknown[])[1]);
    const inner = { ...out };
    delete inner.title;
    return { title: out.title, anyOf: [{ type: 'null' }, inner] };
  }
  if (out.additionalProperties === false && Array.isArray(out.allOf)) {
    delete out.additionalProperties;
    out.unevaluatedProperties = false;
  }
  if (out.nullable === true) {
    delete out.nullable;
    const title = out.title;
    delete out.title;
    return { ...(title ? { title } : {}), anyOf: [{ type: 'null' }, out], 'x-nullable-wrapper': true };
  }
  delete out.nullable;
  return out;
}

function isNullableWrapper(b: Json): boolean {
  return b['x-nullable-wrapper'] === true;
}

function mapValues(o: Json, f: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

export function transformedSpecSchemas(): Json {
  const spec = loadSpec();
  return mapValues(spec.components.schemas, transform);
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

export function createSpecAjv(): Ajv2019 {
  const ajv = new Ajv2019({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('HH:MM:SS:FF', /^\d{2}:\d{2}:\d{2}[:;]\d{2}$/);
  // `DateValue.value` says `format: datetime`; read it as RFC 3339 date-time.
  ajv.addFormat('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addKeyword('x-nullable-wrapper');
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: transformedSpecSchemas() } });
  return ajv;
}

export function schemaRef(name: string): string {
  return `${SPEC_ID}#/components/schemas/${name}`;
}
