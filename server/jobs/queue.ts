// Background jobs in the database, through pg-boss 12: on PGlite through its
// PGlite adapter (the same in-process instance the app uses), on PostgreSQL
// through its own small pool. A job is sent in the same transaction as the
// record it works on, so a committed upload always has its job and a rolled
// back one never does. A job whose process died is retried once its
// heartbeat goes stale; the work itself is idempotent (see upload-import.ts
// and export-file.ts). Two queues: upload imports and file exports; two more
// are sent by pg-boss's own cron on workers: one deletes the files of expired
// exports (purge-exports.ts) and of uploads no message took, one runs the follow-up engine every five
// minutes and once at start (follow-up-run.ts).
import type { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PGliteDialect, type Transaction } from 'kysely';
import { fromKysely, fromPglite, PgBoss, type Job } from 'pg-boss';
import type { Database } from '../db/schema.ts';
import { processFileExport } from './export-file.ts';
import { purgeAbandonedFiles } from '../db/files.ts';
import { purgeUnsentAttachments } from '../db/messages.ts';
import { purgeExpiredExports } from './purge-exports.ts';
import { MAX_IMPORT_ATTEMPTS, processUpload } from './upload-import.ts';
import { snapshotClearToBuilds } from './clear-to-build-snapshot.ts';
import { databaseClock } from './clock.ts';
import { runFollowUp } from './follow-up-run.ts';
import { relayOutbox, smtpSender, type MailSender } from './outbox-relay.ts';
import { relayWebhooks } from './webhook-relay.ts';

export const UPLOAD_QUEUE = 'upload-import';

interface UploadJob {
  uploadSid: string;
}

/**
 * Retries of one upload job before pg-boss gives it up (a crash or a lost heartbeat uses one). The upload
 * counts its runs itself, in the database, and fails at the run after MAX_IMPORT_ATTEMPTS: pg-boss keeps
 * retrying past that, so that run comes (on PGlite a restart retries at once, so the count is what stops a
 * file that takes the process down from doing it at every start).
 */
const RETRY_LIMIT = MAX_IMPORT_ATTEMPTS + 2;
/**
 * A worker refreshes its claim every 5 s; a claim 10 s stale belongs to a dead worker and is retried at the
 * next monitor pass (MONITOR_INTERVAL_SECONDS).
 */
const HEARTBEAT_SECONDS = 10;

export const EXPORT_QUEUE = 'file-export';

interface ExportJob {
  exportSid: string;
}

/** Attempts of one export job before the export is marked failed. */
const EXPORT_RETRY_LIMIT = 3;
/** Writing a large workbook holds the thread for seconds at a time: a claim is stale only after a minute. */
const EXPORT_HEARTBEAT_SECONDS = 60;

/** How often pg-boss looks for claims gone stale, in seconds. */
const MONITOR_INTERVAL_SECONDS = 15;

export const PURGE_QUEUE = 'purge-exports';
/** Expired export files are deleted within ten minutes of their deleteAfter. */
export const PURGE_CRON = '*/10 * * * *';
/** A purge job sent by the cron is picked up within this many seconds. */
const PURGE_POLLING_SECONDS = 30;

export const FOLLOW_UP_QUEUE = 'follow-up-run';
/** The follow-up engine runs every five minutes: requests are due at a business morning, flags by the day. */
export const FOLLOW_UP_CRON = '*/5 * * * *';
export const CLEAR_TO_BUILD_QUEUE = 'clear-to-build-snapshot';
/** Every BOM's clear-to-build records are written once a day (and at start: the day's are rewritten). */
const CLEAR_TO_BUILD_CRON = '30 1 * * *';
export const OUTBOX_QUEUE = 'outbox-relay';
/** With SMTP_URL set, the outbox is sent every minute (and after each follow-up run). */
const OUTBOX_CRON = '* * * * *';
export const WEBHOOK_QUEUE = 'webhook-relay';
/** The webhook calls of cadence transitions go out every minute (webhook-relay.ts). */
const WEBHOOK_CRON = '* * * * *';
/** A follow-up run sent (by the cron or at start) is picked up within this many seconds. */
const FOLLOW_UP_POLLING_SECONDS = 5;

export interface JobsOptions {
  /** The app's database. */
  db: Kysely<Database>;
  /** The PGlite instance behind db, when it is PGlite. */
  pglite?: PGlite;
  /** The PostgreSQL URL behind db, when it is PostgreSQL. */
  url?: string;
  /** Work jobs in this process (false: only send them, as tests that drain by hand do). */
  work?: boolean;
  /**
   * How often an idle worker looks for jobs, in seconds (1 by default: the wait counts in an import's time;
   * purge jobs, which nobody waits on, 30).
   */
  pollingIntervalSeconds?: number;
  /** The origin users reach the app at, for links in emails (PUBLIC_URL). */
  publicUrl?: string;
  /** Where the outbox goes (SMTP_URL); without it mail stays in the outbox, for the Mailbox page. */
  smtpUrl?: string;
  /** The sender address of emails (SMTP_FROM); by default follow-up@ the public URL's host. */
  mailFrom?: string;
}

export interface Jobs {
  /** Works every job queued now (uploads, then exports), here and now; resolves with how many were worked. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

/** The queue of each open app database, for the routes that send jobs. */
const queues = new WeakMap<Kysely<Database>, PgBoss>();
/** The ids of this process's workers by queue, for each app database whose jobs it works. */
const workerIds = new WeakMap<Kysely<Database>, Map<string, string>>();

/**
 * Wakes this process's worker of `queue` to fetch now rather than at its next
 * poll (up to a second away, which counts in an import's time). Call it after
 * the transaction that sent the job has committed; without a local worker
 * (JOBS=false, tests that drain by hand) it does nothing.
 */
export function wakeWorker(db: Kysely<Database>, queue: typeof UPLOAD_QUEUE | typeof EXPORT_QUEUE): void {
  const id = workerIds.get(db)?.get(queue);
  if (id) queues.get(db)?.notifyWorker(id);
}

/**
 * Sends the import job of an upload inside the transaction that stores the
 * upload. Without a started queue for this database (a script that runs the
 * app without jobs) the upload waits for the next start, which sends a job
 * for every upload still processing.
 */
export async function enqueueUploadImport(
  db: Kysely<Database>,
  tx: Transaction<Database>,
  uploadSid: string,
): Promise<void> {
  const boss = queues.get(db);
  if (!boss) return;
  await boss.send(UPLOAD_QUEUE, { uploadSid } satisfies UploadJob, {
    singletonKey: uploadSid,
    db: fromKysely(tx.withoutPlugins()),
  });
}

/**
 * Sends the job of a file export inside the transaction that stores the
 * export. Without a started queue the export waits for the next start, as an
 * upload does.
 */
export async function enqueueFileExport(
  db: Kysely<Database>,
  tx: Transaction<Database>,
  exportSid: string,
): Promise<void> {
  const boss = queues.get(db);
  if (!boss) return;
  await boss.send(EXPORT_QUEUE, { exportSid } satisfies ExportJob, {
    singletonKey: exportSid,
    db: fromKysely(tx.withoutPlugins()),
  });
}

function workerDatabase(options: JobsOptions): Kysely<Database> {
  // PGlite is one connection: a second Kysely over it takes PGlite's own
  // exclusive transaction lock for each import chunk, so the app's queries
  // wait for the chunk instead of running inside it.
  if (options.pglite) {
    return new Kysely<Database>({
      dialect: new PGliteDialect({ pglite: options.pglite }),
      plugins: [new CamelCasePlugin()],
    });
  }
  return options.db;
}

export async function startJobs(options: JobsOptions): Promise<Jobs> {
  const work = options.work ?? true;
  const common = {
    // The cron that sends the purge jobs runs on workers only; pg-boss lets one instance send each occurrence.
    schedule: work,
    supervise: work,
    superviseIntervalSeconds: 5,
    // pg-boss fails stale heartbeats only in its monitor pass (60 s apart by its default): every 15 s, a
    // crashed import resumes within half a minute on PostgreSQL; restart tests shorten it further.
    monitorIntervalSeconds: Number(process.env.JOBS_MONITOR_INTERVAL_SECONDS ?? MONITOR_INTERVAL_SECONDS),
    migrate: true,
  };
  let boss: PgBoss;
  if (options.pglite) {
    boss = new PgBoss({ ...common, db: fromPglite(options.pglite), backend: 'pglite' });
  } else if (options.url) {
    boss = new PgBoss({ ...common, connectionString: options.url, max: 3 });
  } else {
    throw new Error('startJobs needs the PGlite instance or the PostgreSQL URL behind the database.');
  }
  boss.on('error', (error) => {
    console.error('jobs:', error);
  });
  await boss.start();
  if (!(await boss.getQueue(UPLOAD_QUEUE))) {
    await boss.createQueue(UPLOAD_QUEUE, {
      policy: 'exclusive',
      retryLimit: RETRY_LIMIT,
      retryDelay: 2,
      heartbeatSeconds: HEARTBEAT_SECONDS,
      expireInSeconds: 3600,
    });
  }
  if (!(await boss.getQueue(EXPORT_QUEUE))) {
    await boss.createQueue(EXPORT_QUEUE, {
      policy: 'exclusive',
      retryLimit: EXPORT_RETRY_LIMIT,
      retryDelay: 2,
      heartbeatSeconds: EXPORT_HEARTBEAT_SECONDS,
      expireInSeconds: 3600,
    });
  }
  if (!(await boss.getQueue(PURGE_QUEUE))) {
    await boss.createQueue(PURGE_QUEUE, {
      // One purge at a time; a failed one is simply the next occurrence's work.
      policy: 'exclusive',
      retryLimit: 0,
      expireInSeconds: 600,
      deleteAfterSeconds: 3600,
    });
  }
  if (!(await boss.getQueue(FOLLOW_UP_QUEUE))) {
    await boss.createQueue(FOLLOW_UP_QUEUE, {
      // One run at a time across processes; a failed run is the next occurrence's work (runs catch up).
      policy: 'exclusive',
      retryLimit: 0,
      expireInSeconds: 600,
      deleteAfterSeconds: 3600,
    });
  }
  if (!(await boss.getQueue(CLEAR_TO_BUILD_QUEUE))) {
    await boss.createQueue(CLEAR_TO_BUILD_QUEUE, {
      // One at a time; a failed day is rewritten by the next run that day, or the next day's.
      policy: 'exclusive',
      retryLimit: 1,
      expireInSeconds: 1800,
      deleteAfterSeconds: 3600,
    });
  }
  queues.set(options.db, boss);
  const workerDb = workerDatabase(options);
  const publicUrl = options.publicUrl ?? 'http://127.0.0.1';
  const mailHost = new URL(publicUrl).hostname;
  const sender: MailSender | null = options.smtpUrl ? smtpSender(options.smtpUrl) : null;
  const relay = async () => {
    if (!sender) return;
    const now = await databaseClock(workerDb).now();
    await relayOutbox(workerDb, sender, {
      now,
      from: options.mailFrom ?? `Factor <follow-up@${mailHost}>`,
      messageIdDomain: mailHost,
    });
  };
  const followUp = async () => {
    const now = await databaseClock(workerDb).now();
    await runFollowUp(workerDb, { now, publicUrl });
    await relay();
  };

  const handle = async (job: Job<UploadJob>) => {
    await processUpload(workerDb, job.data.uploadSid, {
      lastAttempt: job.retryCount >= RETRY_LIMIT,
      signal: job.signal,
    });
  };
  const handleExport = async (job: Job<ExportJob>) => {
    await processFileExport(workerDb, job.data.exportSid, { lastAttempt: job.retryCount >= EXPORT_RETRY_LIMIT });
  };

  // Uploads left processing without a job (stored while no queue ran) get one; the singleton key skips the rest.
  const waiting = await options.db.selectFrom('uploads').select('sid').where('status', '=', 'processing').execute();
  for (const { sid } of waiting) await boss.send(UPLOAD_QUEUE, { uploadSid: sid }, { singletonKey: sid });
  const waitingExports = await options.db
    .selectFrom('fileExports')
    .select('sid')
    .where('status', '=', 'processing')
    .execute();
  for (const { sid } of waitingExports) await boss.send(EXPORT_QUEUE, { exportSid: sid }, { singletonKey: sid });

  // PGlite belongs to this one process: a job still active now was cut short when the last process died.
  // Failing it lets its retry start at once instead of after its heartbeat goes stale.
  if (work && options.pglite) {
    for (const queue of [UPLOAD_QUEUE, EXPORT_QUEUE]) {
      const { rows } = await options.pglite.query<{ id: string }>(
        `select id from pgboss.job where name = $1 and state = 'active'`,
        [queue],
      );
      if (rows.length) {
        await boss.fail(
          queue,
          rows.map((r) => r.id),
          { message: 'The process working this job stopped; it resumes.' },
        );
      }
    }
  }

  if (work) {
    // Exports that expired while no worker ran lose their files now, not at the next occurrence.
    try {
      await purgeExpiredExports(workerDb);
      await purgeAbandonedFiles(workerDb);
    } catch (error) {
      console.error('jobs: purging expired exports failed:', error);
    }
    await boss.schedule(PURGE_QUEUE, PURGE_CRON);
    await boss.schedule(FOLLOW_UP_QUEUE, FOLLOW_UP_CRON);
    // What is due now goes out at start, not up to five minutes later (the demo shows its work at once).
    await boss.send(FOLLOW_UP_QUEUE, {}, { singletonKey: 'start' });
    await boss.schedule(CLEAR_TO_BUILD_QUEUE, CLEAR_TO_BUILD_CRON);
    await boss.send(CLEAR_TO_BUILD_QUEUE, {}, { singletonKey: 'start' });
    await boss.work(
      CLEAR_TO_BUILD_QUEUE,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? PURGE_POLLING_SECONDS, batchSize: 1 },
      async () => {
        await snapshotClearToBuilds(workerDb, { now: await databaseClock(workerDb).now() });
      },
    );
    if (sender) {
      if (!(await boss.getQueue(OUTBOX_QUEUE))) {
        await boss.createQueue(OUTBOX_QUEUE, {
          policy: 'exclusive',
          retryLimit: 0,
          expireInSeconds: 600,
          deleteAfterSeconds: 3600,
        });
      }
      await boss.schedule(OUTBOX_QUEUE, OUTBOX_CRON);
      await boss.work(
        OUTBOX_QUEUE,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? FOLLOW_UP_POLLING_SECONDS, batchSize: 1 },
        async () => {
          await relay();
        },
      );
    }
    if (!(await boss.getQueue(WEBHOOK_QUEUE))) {
      await boss.createQueue(WEBHOOK_QUEUE, {
        policy: 'exclusive',
        retryLimit: 0,
        expireInSeconds: 600,
        deleteAfterSeconds: 3600,
      });
    }
    await boss.schedule(WEBHOOK_QUEUE, WEBHOOK_CRON);
    await boss.work(
      WEBHOOK_QUEUE,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? FOLLOW_UP_POLLING_SECONDS, batchSize: 1 },
      async () => {
        await relayWebhooks(workerDb, { now: await databaseClock(workerDb).now() });
      },
    );
    await boss.work(
      FOLLOW_UP_QUEUE,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? FOLLOW_UP_POLLING_SECONDS, batchSize: 1 },
      async () => {
        await followUp();
      },
    );
    const ids = new Map<string, string>();
    ids.set(
      UPLOAD_QUEUE,
      await boss.work<UploadJob>(
        UPLOAD_QUEUE,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 },
        async ([job]) => handle(job),
      ),
    );
    ids.set(
      EXPORT_QUEUE,
      await boss.work<ExportJob>(
        EXPORT_QUEUE,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 },
        async ([job]) => handleExport(job),
      ),
    );
    workerIds.set(options.db, ids);
    await boss.work(
      PURGE_QUEUE,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? PURGE_POLLING_SECONDS, batchSize: 1 },
      async () => {
        await purgeExpiredExports(workerDb);
        await purgeAbandonedFiles(workerDb);
        await purgeUnsentAttachments(workerDb);
      },
    );
  }

  /** Works the jobs of one queue until it is empty; a job that throws is failed and the error rethrown. */
  async function drainQueue<T extends object>(queue: string, run: (job: Job<T>) => Promise<void>): Promise<number> {
    let worked = 0;
    for (;;) {
      const jobs = await boss.fetch<T>(queue, { batchSize: 20 });
      if (!jobs.length) return worked;
      for (const job of jobs) {
        try {
          await run(job);
          await boss.complete(queue, job.id);
        } catch (error) {
          await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
          throw error;
        }
        worked++;
      }
    }
  }

  return {
    async drain() {
      const uploads = await drainQueue<UploadJob>(UPLOAD_QUEUE, handle);
      return uploads + (await drainQueue<ExportJob>(EXPORT_QUEUE, handleExport));
    },
    async stop() {
      queues.delete(options.db);
      workerIds.delete(options.db);
      await boss.stop({ graceful: true, timeout: 10_000, close: true });
    },
  };
}
