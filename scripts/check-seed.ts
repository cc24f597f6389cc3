// When the Factor seed is beside the repository (developers' machines, CI),
// checks that openapi/seed-operations.json is what the extraction script
// makes of it today. Without the seed there is nothing to compare: it says so.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const seedPath = process.env.FACTOR_SEED ?? '../shared/seeds/factor-api-0.168.0.txt';
if (!existsSync(seedPath)) {
  console.log(
    `seed check: ${seedPath} is not here, so the extracted operations are not re-checked against it (the tests use the committed openapi/seed-operations.json)`,
  );
  process.exit(0);
}
const committed = readFileSync('openapi/seed-operations.json', 'utf8');
execFileSync(process.execPath, ['scripts/extract-seed.ts', seedPath], { stdio: 'inherit' });
const fresh = readFileSync('openapi/seed-operations.json', 'utf8');
if (fresh !== committed) {
  console.error(
    'seed check: openapi/seed-operations.json differs from a fresh extraction of the seed; commit the new file',
  );
  process.exit(1);
}
console.log('seed check: openapi/seed-operations.json matches the seed');
