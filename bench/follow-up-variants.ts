// Schema variants of the follow-up engine measured against each other, for
// work on its budget (bench/follow-up.ts): on this kind of machine one run's
// time moves by a fifth from one minute to the next, more than most changes
// it is meant to weigh. So the state before the steady next morning is built
// once (as bench/follow-up.ts builds it), kept as a template database, and
// the morning is then run on fresh copies of it, each variant in turn, round
// after round: a variant's figures are compared with the baseline's of the
// same round, and the medians are printed.
//
//   node bench/follow-up-variants.ts variants.json [rounds]
//
// variants.json names each variant with the SQL run on its copy before the
// morning, e.g. { "baseline": [], "fewer event indexes": ["drop index …"] }.
// Each run prints its wall time, the processor time of PostgreSQL and of this
// process (as bench/follow-up.ts does), and for how long zero, one or two
// statements were in flight. The copies' tables and indexes are read into
// PostgreSQL's cache first (pg_prewarm), as the bench's database has them.
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { migrate, openDatabase } from '../server/db/connect.ts';
import type { Database } from '../server/db/schema.ts';
import { addBusinessDays, addDays, calendar, localTime, SEND_HOUR } from '../server/domain/follow-up/calendar.ts';
import { engineRun, FIRST_DAY, QueryTimer, seed, settle, STEADY_DAY, WEEKS_LATER } from './follow-up.ts';
import { startBenchPostgres } from './postgres.ts';

const berlin = calendar('Europe/Berlin');

/**
 * How long no statement, one, and two or more were in flight between `from` and `to` (milliseconds), from the
 * statements' spans as QueryTimer records them.
 */
function inFlight(spans: readonly [number, number][], from: number, to: number) {
  const edges = spans.flatMap(([start, end]): [number, number][] => [
    [start, 1],
    [end, -1],
  ]);
  edges.push([to, 0]);
  edges.sort((a, b) => a[0] - b[0]);
  const at = { none: 0, one: 0, twoOrMore: 0 };
  let count = 0;
  let last = from;
  for (const [time, change] of edges) {
    at[count === 0 ? 'none' : count === 1 ? 'one' : 'twoOrMore'] += time - last;
    last = time;
    count += change;
  }
  return { none: Math.round(at.none), one: Math.round(at.one), twoOrMore: Math.round(at.twoOrMore) };
}

async function steadyNextMorningTemplate(db: Kysely<Database>): Promise<void> {
  const data = await seed(db);
  const timer = new QueryTimer();
  await engineRun(db, timer, 'firstMorning', localTime(FIRST_DAY, SEND_HOUR, berlin));
  await engineRun(db, timer, 'nextMorning', localTime(addDays(FIRST_DAY, 1), SEND_HOUR, berlin));
  await engineRun(db, timer, 'weeksLater', localTime(addDays(FIRST_DAY, WEEKS_LATER), SEND_HOUR, berlin));
  await settle(db, data.organizationSid, STEADY_DAY);
  await engineRun(db, timer, 'steadyMorning', localTime(STEADY_DAY, SEND_HOUR, berlin));
}

if (import.meta.main) {
  const [file, roundsArgument] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/follow-up-variants.ts variants.json [rounds]');
  const variants = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
  const rounds = Number(roundsArgument ?? 3);
  const cluster = await startBenchPostgres();
  const databaseUrl = (name: string) => cluster.url.replace(/\/[^/]*$/, `/${name}`);
  try {
    const built = await openDatabase({ url: cluster.url });
    await migrate(built.db);
    await steadyNextMorningTemplate(built.db);
    await built.close();
    const admin = await openDatabase({ url: databaseUrl('postgres') });
    await sql
      .raw(`create database variants_template template "${new URL(cluster.url).pathname.slice(1)}"`)
      .execute(admin.db);
    const morning = localTime(addBusinessDays(STEADY_DAY, 1, berlin), SEND_HOUR, berlin);
    const seconds = new Map<string, number[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const [name, statements] of Object.entries(variants)) {
        await sql.raw('drop database if exists variant_run').execute(admin.db);
        await sql.raw('create database variant_run template variants_template').execute(admin.db);
        const copy = await openDatabase({ url: databaseUrl('variant_run') });
        try {
          for (const statement of statements) await sql.raw(statement).execute(copy.db);
          await sql`create extension if not exists pg_prewarm`.execute(copy.db);
          await sql`select sum(pg_prewarm(c.oid)) from pg_class c
            where c.relkind in ('r', 'i', 't') and c.relnamespace = 'public'::regnamespace`.execute(copy.db);
          const timer = new QueryTimer();
          const started = performance.now();
          // engineRun prints the run's wall and processor time.
          const run = await engineRun(copy.db, timer, `${name} (${round})`, morning);
          const overlap = inFlight(timer.spans, started, performance.now());
          console.log(
            `    statements in flight: none ${overlap.none} ms, one ${overlap.one} ms, two or more ${overlap.twoOrMore} ms`,
          );
          seconds.set(name, [...(seconds.get(name) ?? []), run.seconds]);
        } finally {
          await copy.close();
        }
      }
    }
    await admin.close();
    for (const [name, all] of seconds) {
      const sorted = [...all].sort((a, b) => a - b);
      console.log(`${name.padEnd(24)} median ${sorted[Math.floor(sorted.length / 2)]} s (${all.join(', ')})`);
    }
  } finally {
    await cluster.stop();
  }
}
