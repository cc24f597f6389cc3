// Extracts from the Factor seed what the tests need: each operation's tag,
// title and the names and types of its parameters and fields. The seed's
// prose stays out of the repository.
//
// Usage: node scripts/extract-seed.ts [path/to/factor-api-0.168.0.txt]
// Default input: ../shared/seeds/factor-api-0.168.0.txt (only on the
// developers' machines; nothing else in the repository reads it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSeed, type SeedField } from './seed-parser.ts';

const input = resolve(process.argv[2] ?? '../shared/seeds/factor-api-0.168.0.txt');
if (!existsSync(input)) {
  console.error(`extract-seed: ${input} not found; pass the seed's path as the first argument`);
  process.exit(2);
}
const { operations } = parseSeed(readFileSync(input, 'utf8'));
const strip = (fields: SeedField[]) => fields.map(({ name, required, type }) => ({ name, required, type }));
const extracted = {
  source: 'factor-api-0.168.0',
  operationCount: operations.length,
  operations: operations.map((op) => ({
    tag: op.tag,
    title: op.title,
    pathParams: strip(op.pathParams),
    queryParams: strip(op.queryParams),
    requestBody: op.requestBody && {
      contentType: op.requestBody.contentType,
      isArray: op.requestBody.isArray,
      fields: strip(op.requestBody.fields),
    },
    responseIsArray: op.responseIsArray,
    responseFields: op.responseSample.map((s) => s.name),
  })),
};
writeFileSync('openapi/seed-operations.json', `${JSON.stringify(extracted, null, 2)}\n`);
console.log(`extract-seed: ${operations.length} operations written to openapi/seed-operations.json`);
