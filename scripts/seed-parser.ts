// Parses the Factor API ReDoc text dump (../shared/seeds/factor-api-*.txt) into
// structured operations. Only used by the extraction script: the app, the
// server and the tests read the extracted JSON, never the seed itself.

export interface SeedField {
  name: string;
  required: boolean;
  /** The type as the seed writes it, e.g. "string or null", "Array of strings". */
  type: string;
  description: string;
  default?: string;
}

export interface SampleKey {
  name: string;
  /** The sample value as shown: "string", 0, true, "[" (array), "{" (object), or a literal. */
  sample: string;
}

export interface SeedOperation {
  tag: string;
  title: string;
  pathParams: SeedField[];
  queryParams: SeedField[];
  headerParams: SeedField[];
  requestBody: { contentType: string; isArray: boolean; fields: SeedField[] } | null;
  requestSample: SampleKey[];
  responseSample: SampleKey[];
  /** True when the response sample is a bare JSON array rather than an object. */
  responseIsArray: boolean;
}

const TYPE_LINE = /^(string|integer|number|boolean|object|Array of [a-z]+)( or null)?( <[a-z-]+>)?( \([A-Za-z]+\))?$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isTitleAt(lines: string[], i: number): boolean {
  return lines[i + 1] === '' && lines[i + 2] === 'Authorizations:' && lines[i].trim() !== '';
}

function parseFields(section: string[]): SeedField[] {
  const fields: SeedField[] = [];
  for (let i = 0; i < section.length; i++) {
    const current: SeedField | undefined = fields[fields.length - 1];
    const line = section[i].trim();
    if (line === '') continue;
    const next = section[i + 1]?.trim() ?? '';
    const afterNext = section[i + 2]?.trim() ?? '';
    if (IDENT.test(line) && next === 'required' && TYPE_LINE.test(afterNext)) {
      fields.push({ name: line, required: true, type: afterNext, description: '' });
      i += 2;
    } else if (IDENT.test(line) && TYPE_LINE.test(next)) {
      fields.push({ name: line, required: false, type: next, description: '' });
      i += 1;
    } else if (TYPE_LINE.test(line) && line.startsWith('object (')) {
      // A nested object the seed prints without its property name.
      fields.push({ name: '', required: false, type: line, description: '' });
    } else if (IDENT.test(line) && next === '' && line !== current?.name) {
      // A parameter the seed lists with no type line at all (a one-word line
      // repeating the previous field's name is that field's description).
      fields.push({ name: line, required: false, type: '', description: '' });
    } else if (current && /^Default: ?/.test(line)) {
      current.default = line.replace(/^Default: ?/, '');
    } else if (current) {
      current.description = current.description ? `${current.description}\n${line}` : line;
    }
  }
  return fields;
}

function parseSample(section: string[]): SampleKey[] {
  const keys: SampleKey[] = [];
  for (const raw of section) {
    // Top-level keys are indented by exactly two spaces before the bullet.
    const m = /^ {2}• "([^"]+)": (.*?),?$/.exec(raw);
    if (m) keys.push({ name: m[1], sample: m[2] });
  }
  return keys;
}

export function parseSeed(text: string): { info: string[]; operations: SeedOperation[] } {
  const lines = text.split(/\r?\n/);
  const titles: number[] = [];
  for (let i = 0; i < lines.length; i++) if (isTitleAt(lines, i)) titles.push(i);
  const preamble = lines.slice(0, titles[0]).filter((l) => l.trim() !== '');
  let tag = preamble[preamble.length - 1];
  const operations: SeedOperation[] = [];
  for (let k = 0; k < titles.length; k++) {
    const start = titles[k];
    const end = k + 1 < titles.length ? titles[k + 1] : lines.length;
    const block = lines.slice(start, end);
    // The block ends with the closing brace of its last sample; lines after it
    // belong to the next tag heading.
    let lastBrace = block.length - 1;
    while (lastBrace > 0 && block[lastBrace] !== '}' && block[lastBrace] !== ']') lastBrace--;
    const trailing = block.slice(lastBrace + 1).filter((l) => l.trim() !== '');
    const body = block.slice(0, lastBrace + 1);

    const sectionStarts: { name: string; at: number }[] = [];
    body.forEach((l, idx) => {
      if (
        /^(path|query|header) Parameters$/.test(l) ||
        /^Request Body schema: /.test(l) ||
        l === 'Responses' ||
        l === 'Request samples' ||
        l === 'Response samples'
      ) {
        sectionStarts.push({ name: l, at: idx });
      }
    });
    const section = (pred: (n: string) => boolean): string[] => {
      const s = sectionStarts.findIndex((x) => pred(x.name));
      if (s < 0) return [];
      const from = sectionStarts[s].at + 1;
      const to = s + 1 < sectionStarts.length ? sectionStarts[s + 1].at : body.length;
      return body.slice(from, to);
    };
    const bodyHeader = sectionStarts.find((x) => x.name.startsWith('Request Body schema: '));
    const op: SeedOperation = {
      tag,
      title: lines[start].trim(),
      pathParams: parseFields(section((n) => n === 'path Parameters')),
      queryParams: parseFields(section((n) => n === 'query Parameters')),
      headerParams: parseFields(section((n) => n === 'header Parameters')),
      requestBody: bodyHeader
        ? {
            contentType: bodyHeader.name.replace('Request Body schema: ', ''),
            isArray: section((n) => n.startsWith('Request Body schema: '))[0]?.trim() === 'Array',
            fields: parseFields(section((n) => n.startsWith('Request Body schema: '))),
          }
        : null,
      requestSample: parseSample(section((n) => n === 'Request samples')),
      responseSample: parseSample(section((n) => n === 'Response samples')),
      responseIsArray: section((n) => n === 'Response samples').some((l) => l === '['),
    };
    // Name anonymous nested objects after the request-sample key nobody claimed.
    if (op.requestBody) {
      const named = new Set(op.requestBody.fields.map((f) => f.name));
      const unclaimed = op.requestSample.map((s) => s.name).filter((n) => !named.has(n));
      for (const f of op.requestBody.fields) if (f.name === '' && unclaimed.length) f.name = unclaimed.shift() ?? '';
    }
    operations.push(op);
    if (trailing.length > 0) tag = trailing[0].trim();
  }
  return { info: preamble, operations };
}
