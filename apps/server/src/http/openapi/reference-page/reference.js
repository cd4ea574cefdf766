// The API reference page: reads /api/v1/openapi.json and renders each operation with its
// parameters, request body, responses and a curl example. Served from preroll's own origin under
// its CSP (scripts and styles from 'self' only), and it builds the DOM with textContent only, so
// nothing in the document is ever interpreted as HTML.

const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
};

/** A schema in one line: `string (uuid)`, `array of object`, `string | null`. */
function typeOf(schema) {
  if (!schema || Object.keys(schema).length === 0) return 'any';
  if (schema.$ref) return schema.$ref.split('/').pop();
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.oneOf) return schema.oneOf.map(typeOf).join(' | ');
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.type === 'array') return `array of ${typeOf(schema.items)}`;
  const format = schema.format ? ` (${schema.format})` : '';
  return `${Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any')}${format}`;
}

/** An object's fields as nested lists, `*` marking the required ones. */
function fields(schema, depth = 0) {
  const target = schema?.anyOf?.find((s) => s.type === 'object') ?? schema;
  const objectOf = target?.type === 'array' ? target.items : target;
  if (!objectOf?.properties || depth > 6) return el('span');
  const required = new Set(objectOf.required ?? []);
  const list = el('ul');
  for (const [name, child] of Object.entries(objectOf.properties)) {
    const item = el('li', {}, el('code', {}, name + (required.has(name) ? '*' : '')), `: ${typeOf(child)}`);
    if (child.description) item.append(` — ${child.description}`);
    item.append(fields(child, depth + 1));
    list.append(item);
  }
  return list;
}

function accessOf(operation) {
  const schemes = (operation.security ?? []).map((req) => Object.keys(req).join(' + '));
  if (schemes.length === 0) return 'No credentials needed';
  return `Credentials: ${schemes.join(' or ')}`;
}

function curlOf(server, method, path, operation) {
  const lines = [`curl -X ${method.toUpperCase()} '${server}${path}'`];
  if ((operation.security ?? []).some((req) => 'apiKey' in req)) {
    lines.push(`  -H 'Authorization: Bearer pr_…'`);
  }
  const body = operation.requestBody?.content?.['application/json'];
  if (body) lines.push(`  -H 'Content-Type: application/json' -d '{…}'`);
  return lines.join(' \\\n');
}

function renderOperation(server, path, method, operation) {
  const section = el('section', { class: 'operation', id: operation.operationId });
  section.dataset.search =
    `${method} ${path} ${operation.summary} ${operation.tags?.join(' ')}`.toLowerCase();
  section.append(
    el(
      'h3',
      {},
      el('span', { class: `method ${method}` }, method.toUpperCase()),
      el('span', { class: 'path' }, path),
    ),
    el('p', {}, operation.summary ?? ''),
  );
  if (operation.description) section.append(el('p', {}, operation.description));
  section.append(el('p', { class: 'access' }, accessOf(operation)));
  if (operation.parameters?.length) {
    const table = el(
      'table',
      {},
      el('tr', {}, el('th', {}, 'Parameter'), el('th', {}, 'In'), el('th', {}, 'Type')),
    );
    for (const p of operation.parameters) {
      table.append(
        el(
          'tr',
          {},
          el('td', {}, el('code', {}, p.name + (p.required ? '*' : ''))),
          el('td', {}, p.in),
          el('td', {}, typeOf(p.schema)),
        ),
      );
    }
    section.append(table);
  }
  const body = operation.requestBody?.content;
  if (body) {
    const [mediaType, content] = Object.entries(body)[0];
    section.append(el('h4', {}, `Request body (${mediaType})`), fields(content.schema));
  }
  section.append(el('h4', {}, 'Responses'));
  const responses = el('ul');
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const item = el('li', {}, el('strong', {}, status), ` ${response.description ?? ''}`);
    const json = response.content?.['application/json']?.schema;
    if (json && !json.$ref) {
      const details = el('details', {}, el('summary', {}, typeOf(json)));
      details.append(fields(json));
      item.append(details);
    }
    responses.append(item);
  }
  section.append(responses, el('pre', {}, curlOf(server, method, path, operation)));
  return section;
}

async function render() {
  const main = document.getElementById('operations');
  const toc = document.getElementById('toc');
  const response = await fetch('/api/v1/openapi.json');
  const doc = await response.json();
  const server = doc.servers?.[0]?.url ?? location.origin;
  const byTag = new Map();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(renderOperation(server, path, method, operation));
    }
  }
  main.replaceChildren();
  for (const [tag, sections] of byTag) {
    const anchor = `tag-${tag.replace(/[^A-Za-z0-9]+/g, '-')}`;
    toc.append(el('a', { href: `#${anchor}` }, tag));
    main.append(el('h2', { id: anchor }, tag), ...sections);
  }
  document.getElementById('filter').addEventListener('input', (event) => {
    const needle = event.target.value.trim().toLowerCase();
    for (const section of main.querySelectorAll('section.operation')) {
      section.hidden = needle !== '' && !section.dataset.search.includes(needle);
    }
  });
}

render().catch((err) => {
  document.getElementById('operations').replaceChildren(el('p', {}, `Could not load the document: ${err}`));
});
