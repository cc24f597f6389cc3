// Throwaway PostgreSQL clusters for tests: each call gets its own data
// directory, port and socket folder, so several can run side by side and none
// touches the Debian-managed cluster.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface ThrowawayPostgres {
  url: string;
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);

const DATABASE = 'factor_test';
// initdb refuses to run as root, so as root everything runs as this user.
const OS_USER = 'postgres';
const isRoot = process.getuid?.() === 0;

// Synchronous cleanups of clusters still running, so a test run that crashes
// or forgets stop() does not leave servers behind. One shared 'exit' listener
// rather than one per cluster, which would trip Node's max-listeners warning.
const pendingCleanups = new Set<() => void>();
process.once('exit', () => {
  for (const cleanup of pendingCleanups) cleanup();
});

/** Folder holding initdb/pg_ctl: $PG_BIN, else the highest /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(): string | undefined {
  const fromEnv = process.env.PG_BIN;
  // An explicit PG_BIN that is wrong should fail loudly, not silently fall back.
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : undefined;

  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)*$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
    // Numeric, not lexical: 15 must beat 9.6.
    .sort((a, b) => compareVersions(b, a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

export interface ThrowawayOptions {
  /** Server settings on top of the defaults below (name → value), e.g. the benchmarks' shared_buffers. */
  settings?: Readonly<Record<string, string>>;
}

export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<ThrowawayPostgres> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      process.env.PG_BIN
        ? `PG_BIN=${process.env.PG_BIN} has no initdb`
        : 'PostgreSQL not found under /usr/lib/postgresql/*/bin; install it (apt-get install -y postgresql) or set PG_BIN',
    );
  }

  const dir = await mkdtemp(join(tmpdir(), 'factor-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'log');
  const ctl = join(bin, 'pg_ctl');
  let started = false;

  // Stops the server and deletes the folder; safe to call more than once.
  const stopSync = (): void => {
    if (started) {
      try {
        execFileSync(...asOsUser(ctl, ['-D', dataDir, '-m', 'immediate', 'stop']), { cwd: dir, stdio: 'ignore' });
      } catch {
        // Already gone; removing the folder is what matters now.
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  pendingCleanups.add(stopSync);

  try {
    if (isRoot) {
      const { uid, gid } = await lookupUser(OS_USER);
      await chown(dir, uid, gid);
    }

    await initdb(bin, dir, dataDir);

    // The free port is only reserved until we close it, so another process (or
    // a sibling cluster) can grab it first; retry with a fresh port if so.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const serverOptions = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        // pg_ctl hands -o to /bin/sh, so the path needs shell quoting.
        `-c unix_socket_directories=${shellQuote(dir)}`,
        // Durability is pointless for a cluster that is deleted afterwards.
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=200',
        ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
      ].join(' ');
      try {
        await run(ctl, ['-D', dataDir, '-o', serverOptions, '-l', logFile, '-w', 'start'], dir);
        started = true;
        break;
      } catch (error) {
        const log = await logTail(logFile);
        if (attempt < 3 && /address already in use/i.test(log)) continue;
        throw new Error(`${errorMessage(error)}\n--- tail of ${logFile} ---\n${log}`, { cause: error });
      }
    }

    await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', DATABASE], dir);

    return {
      url: `postgres://postgres@127.0.0.1:${port}/${DATABASE}`,
      async stop() {
        pendingCleanups.delete(stopSync);
        if (started) {
          await run(ctl, ['-D', dataDir, '-m', 'immediate', 'stop'], dir).catch(() => {
            // Already stopped (or crashed); still remove the folder below.
          });
          started = false;
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    pendingCleanups.delete(stopSync);
    stopSync();
    throw error;
  }
}

async function initdb(bin: string, dir: string, dataDir: string): Promise<void> {
  // --no-sync: like fsync=off below, durability is pointless for a throwaway cluster.
  const base = ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync'];
  try {
    // Collation C compares bytes (memcmp); C.UTF-8 sorts the same way (code point order) but through
    // strcoll, which makes every index on text (every sid) slower to write. Case mapping stays UTF-8.
    await run(join(bin, 'initdb'), [...base, '--lc-collate=C', '--lc-ctype=C.UTF-8', '--lc-messages=C'], dir);
  } catch (localeError) {
    // Minimal images may lack C.UTF-8. initdb removes its half-made data
    // directory on failure, so simply retry without a locale.
    try {
      await run(join(bin, 'initdb'), [...base, '--no-locale'], dir);
    } catch (error) {
      throw new Error(
        `${errorMessage(error)}\n(first attempt with --lc-collate=C --lc-ctype=C.UTF-8: ${errorMessage(localeError)})`,
        {
          cause: error,
        },
      );
    }
  }
}

/** Runs a PostgreSQL tool, as the postgres user when we are root. */
async function run(command: string, args: string[], cwd: string): Promise<void> {
  const [file, argv] = asOsUser(command, args);
  try {
    // cwd: the caller's directory (e.g. /root/...) may be unreadable to postgres.
    await execFileAsync(file, argv, { cwd });
  } catch (error) {
    const stderr = hasOutput(error) ? String(error.stderr).trim() : '';
    const stdout = hasOutput(error) ? String(error.stdout).trim() : '';
    const detail = stderr || stdout || errorMessage(error);
    const commandLine = [file, ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : shellQuote(a))).join(' ');
    throw new Error(`${commandLine} failed: ${detail}`, { cause: error });
  }
}

function asOsUser(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', OS_USER, '--', command, ...args]] : [command, args];
}

async function lookupUser(name: string): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([
      execFileAsync('id', ['-u', name]).then((r) => Number(r.stdout.trim())),
      execFileAsync('id', ['-g', name]).then((r) => Number(r.stdout.trim())),
    ]);
    return { uid, gid };
  } catch (error) {
    throw new Error(`running as root needs a "${name}" OS user (the postgresql package creates it)`, { cause: error });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        if (port) resolve(port);
        else reject(new Error('could not read the chosen port'));
      });
    });
  });
}

async function logTail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff) return diff;
  }
  return 0;
}

function hasOutput(error: unknown): error is { stdout: unknown; stderr: unknown } {
  return typeof error === 'object' && error !== null && 'stderr' in error && 'stdout' in error;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
