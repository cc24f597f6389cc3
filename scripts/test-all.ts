// `npm test`: every check and test suite in turn, then a summary. Keeps going
// after a failure so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

const steps: { name: string; command: string }[] = [
  { name: 'lint (eslint, prettier, redocly)', command: 'npm run lint' },
  { name: 'typecheck', command: 'npm run typecheck' },
  { name: 'seed extraction up to date', command: 'node scripts/check-seed.ts' },
  { name: 'generated client matches the spec', command: 'node scripts/check-generated.ts' },
  { name: 'dead code (knip)', command: 'npm run knip' },
  { name: 'unit and component tests (vitest)', command: 'npx vitest run' },
  { name: 'end-to-end tests (playwright)', command: 'npm run test:e2e' },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}: ${step.command}`);
  const started = Date.now();
  const run = spawnSync(step.command, { shell: true, stdio: 'inherit' });
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\n━━ Summary');
for (const r of results)
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(40)} ${r.seconds.toFixed(1).padStart(6)} s`);
const failed = results.filter((r) => !r.ok);
console.log(
  failed.length ? `\n${failed.length} of ${results.length} steps failed.` : `\nAll ${results.length} steps passed.`,
);
process.exit(failed.length ? 1 : 0);
