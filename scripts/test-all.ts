// `npm test`: every check and test suite in turn, then a summary. Keeps going
// after a failure so one run shows everything that is wrong. The summary
// repeats the failure lines of each failed step: a CI log is often read from
// its end only.
import { spawn } from 'node:child_process';

const steps: { name: string; command: string }[] = [
  { name: 'lint (eslint, prettier, redocly)', command: 'npm run lint' },
  { name: 'typecheck', command: 'npm run typecheck' },
  { name: 'seed extraction up to date', command: 'node scripts/check-seed.ts' },
  { name: 'generated client matches the spec', command: 'node scripts/check-generated.ts' },
  { name: 'dead code (knip)', command: 'npm run knip' },
  { name: 'unit and component tests (vitest)', command: 'npx vitest run' },
  { name: 'end-to-end tests (playwright)', command: 'npm run test:e2e' },
];

/** Lines that say what failed, in the reporters' words (vitest, playwright, tsc, eslint). */
const FAILURE_LINE =
  /\b(?:FAIL|\w*Error|error TS\d+|Unhandled|failed|flaky|timed out)\b|[✗×✘]|^\[(?:warn|error)\]|^\s*\d+ problems?\b|^\s+\d+:\d+\s+error\b/;
const PASSED_LINE = /[✓✔]/;
const MAX_FAILURE_LINES = 60;
// eslint-disable-next-line no-control-regex -- ANSI colour codes, removed from the repeated lines
const ANSI = /\u001b\[[0-9;]*m/g;

/** Runs a step with its output shown as it comes, and keeps the lines that name failures. */
function run(command: string): Promise<{ ok: boolean; failureLines: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['inherit', 'pipe', 'pipe'] });
    const failureLines: string[] = [];
    let partial = '';
    const keep = (chunk: Buffer, out: NodeJS.WriteStream) => {
      out.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const plain = line.replace(ANSI, '').trimEnd();
        // A passed test's name may say "fails" or "error": only the other lines count.
        if (FAILURE_LINE.test(plain) && !PASSED_LINE.test(plain) && !failureLines.includes(plain))
          failureLines.push(plain);
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      keep(chunk, process.stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      keep(chunk, process.stderr);
    });
    child.on('close', (code) => {
      resolve({ ok: code === 0, failureLines });
    });
  });
}

const results: { name: string; ok: boolean; seconds: number; failureLines: string[] }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name}: ${step.command}`);
  const started = Date.now();
  const { ok, failureLines } = await run(step.command);
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000, failureLines });
}

for (const r of results.filter((r) => !r.ok)) {
  console.log(`\n━━ What failed in: ${r.name}`);
  const shown = r.failureLines.slice(-MAX_FAILURE_LINES);
  if (shown.length < r.failureLines.length)
    console.log(`  (the last ${shown.length} of ${r.failureLines.length} lines)`);
  for (const line of shown) console.log(`  ${line}`);
  if (!shown.length) console.log('  (no line named the failure: see the step’s output above)');
}
console.log('\n━━ Summary');
for (const r of results)
  console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(40)} ${r.seconds.toFixed(1).padStart(6)} s`);
const failed = results.filter((r) => !r.ok);
console.log(
  failed.length ? `\n${failed.length} of ${results.length} steps failed.` : `\nAll ${results.length} steps passed.`,
);
process.exit(failed.length ? 1 : 0);
