// bench/results.json: `npm run bench` writes it whole, a single bench run
// with --write puts its figures under its own key. Formatted the way the
// repository's Prettier settings say, so the file passes lint as written.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

const FILE = 'bench/results.json';

/** Writes these figures (merged into the figures already there with `merge`) and says so. */
export async function writeResults(figures: Record<string, unknown>, options: { merge?: boolean } = {}): Promise<void> {
  const previous: unknown = options.merge && existsSync(FILE) ? JSON.parse(readFileSync(FILE, 'utf8')) : {};
  const merged = { ...(typeof previous === 'object' && previous ? previous : {}), ...figures };
  const config = await resolveConfig(FILE);
  await writeFile(FILE, await format(JSON.stringify(merged, null, 2), { ...config, filepath: FILE }));
  console.log(`written to ${FILE}${options.merge ? ` (${Object.keys(figures).join(', ')})` : ''}`);
}
