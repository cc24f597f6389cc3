// Processor time of the bench's two sides: this process (the engine's
// JavaScript, the driver's encoding and parsing) and PostgreSQL's processes.
// On a machine with few cores they share it, so a run's wall time says
// little about which side to make cheaper; the times do.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Seconds of processor time (user and system) used so far by each process
 * named "postgres" (every backend, worker and helper of every cluster on the
 * machine), by pid; null where there is no /proc.
 */
function postgresProcesses(): Map<string, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const seconds = new Map<string, number>();
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // Exited since the listing.
    }
    // "pid (comm) state ppid …": comm may hold spaces, so fields are counted after its closing parenthesis.
    const close = stat.lastIndexOf(')');
    if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime: fields 14 and 15 of the line, 12th and 13th after comm.
    seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
  }
  return seconds;
}

interface ProcessorTime {
  postgres: Map<string, number> | null;
  node: NodeJS.CpuUsage;
}

/** The processor time used so far, to measure from. */
export function processorTime(): ProcessorTime {
  return { postgres: postgresProcesses(), node: process.cpuUsage() };
}

/**
 * Processor seconds used since `before`: PostgreSQL's (null without /proc) and this process's. A PostgreSQL process
 * that exited in between (a parallel query's worker, a closed connection) is not counted: the figure is a floor.
 */
export function processorSecondsSince(before: ProcessorTime): { postgres: number | null; node: number } {
  const postgresNow = postgresProcesses();
  const node = process.cpuUsage(before.node);
  let postgres: number | null = null;
  if (before.postgres && postgresNow) {
    postgres = 0;
    for (const [pid, seconds] of postgresNow) postgres += seconds - (before.postgres.get(pid) ?? 0);
  }
  return { postgres: postgres === null ? null : round(postgres), node: round((node.user + node.system) / 1e6) };
}

const round = (n: number) => Number(n.toFixed(2));
