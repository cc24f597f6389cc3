// Cadence transitions in words, and the form that edits them: a condition
// (with its parameters) and an action (with its parameters), checked before
// anything is sent, as the follow-up engine reads them.
import * as z from 'zod/mini';
import {
  CadenceTransitionAction,
  CadenceTransitionCondition,
  type Cadence,
  type CadenceTransition,
  type FlagType,
} from '../../api/generated/model';
import { FLAG_LABELS, FLAG_TYPES } from '../../components/flag-labels';
import { cadenceName } from './settings-api';

export const CONDITION_LABELS: Record<CadenceTransitionCondition, string> = {
  MaxAttempts: 'Requests go unanswered',
  ItemGroupBusinessDays: 'The line’s date comes near',
  FlagCreated: 'A flag is raised',
  BusinessDaysInState: 'Time passes on the cadence',
};

export const ACTION_LABELS: Record<CadenceTransitionAction, string> = {
  SwitchCadence: 'Switch to another cadence',
  CallWebhook: 'Call a webhook',
};

const CONDITIONS = Object.values(CadenceTransitionCondition);
const ACTIONS = Object.values(CadenceTransitionAction);

const plural = (n: number | string, one: string, many = `${one}s`) => `${n} ${Number(n) === 1 ? one : many}`;

type Parameters = Record<string, unknown> | null;

/** A count as stored (a number, or its decimal text); null when it is no whole number. */
function count(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value.trim());
  return null;
}

function patternsOf(parameters: Parameters): string[] {
  const value = parameters?.flagTypeRegexes;
  if (Array.isArray(value)) return value.filter((p): p is string => typeof p === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** The flag type a pattern names exactly (`^pastDue$`), if it is one the app knows. */
function exactFlagType(pattern: string): FlagType | undefined {
  const m = /^\^(\w+)\$$/.exec(pattern);
  return FLAG_TYPES.find((t) => t === m?.[1]);
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

const INCOMPLETE = 'never (its condition is incomplete)';

function conditionText(t: CadenceTransition): string {
  const p = t.conditionParameters;
  switch (t.condition) {
    case 'MaxAttempts': {
      const n = count(p?.maxAttempts);
      return n === null ? INCOMPLETE : `after ${plural(n, 'attempt')} without an answer`;
    }
    case 'ItemGroupBusinessDays': {
      const n = count(p?.businessDays);
      return n === null ? INCOMPLETE : `when the line’s date is ${plural(n, 'business day')} away or less`;
    }
    case 'FlagCreated': {
      const patterns = patternsOf(p);
      if (!patterns.length) return INCOMPLETE;
      const known = patterns.flatMap((pattern) => {
        const type = exactFlagType(pattern);
        return type ? [FLAG_LABELS[type]] : [];
      });
      const others = patterns.filter((pattern) => !exactFlagType(pattern)).map((pattern) => `“${pattern}”`);
      const kinds = [
        ...(known.length ? [`${orList(known)} flag`] : []),
        ...(others.length ? [`flag matching ${orList(others)}`] : []),
      ].map((kind) => `${/^[AEIOU]/i.test(kind) ? 'an' : 'a'} ${kind}`);
      return `when ${kinds.join(' or ')} is raised`;
    }
    case 'BusinessDaysInState': {
      const total = count(p?.totalBusinessDaysInState);
      const afterFinal = count(p?.businessDaysAfterFinalAttempt);
      const parts = [
        ...(total === null ? [] : [`after ${plural(total, 'business day')} on this cadence`]),
        ...(afterFinal === null ? [] : [`${plural(afterFinal, 'business day')} after the final attempt`]),
      ];
      return parts.length ? parts.join(', or ') : INCOMPLETE;
    }
    default:
      return INCOMPLETE;
  }
}

function actionText(t: CadenceTransition, names: Map<string, string>): string {
  const p = t.actionParameters;
  if (t.action === 'SwitchCadence') {
    const target = typeof p?.cadenceSid === 'string' ? p.cadenceSid : null;
    return target
      ? `switch to ${names.get(target) ?? `a deleted cadence (${target})`}`
      : 'switch cadence (none chosen)';
  }
  if (t.action === 'CallWebhook') {
    return typeof p?.url === 'string' && p.url ? `call ${p.url}` : 'call a webhook (no URL)';
  }
  return 'do nothing';
}

/** "On Standard: after 3 attempts without an answer, switch to Escalation". */
export function transitionSentence(t: CadenceTransition, cadences: readonly Cadence[]): string {
  const names = new Map(cadences.map((c) => [c.sid, cadenceName(c)]));
  const on = t.cadenceSid ? (names.get(t.cadenceSid) ?? t.cadenceSid) : 'any cadence';
  return `On ${on}: ${conditionText(t)}, ${actionText(t, names)}`;
}

// ------------------------------------------------------------------ the form

const POSITIVE = /^[1-9]\d{0,8}$/;
const POSITIVE_MESSAGE = 'Enter a whole number, 1 or more.';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why a webhook URL is refused, or null: https, or http only to this machine. */
export function webhookUrlProblem(value: string): string | null {
  const message = 'Enter an https:// URL (http:// only for localhost), like https://hooks.example.com/factor.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return message;
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return null;
  return message;
}

/** Whether a pattern is one the engine can use: a regular expression of at most 200 characters. */
function patternProblem(pattern: string): boolean {
  if (pattern.length > 200) return true;
  try {
    new RegExp(pattern);
    return false;
  } catch {
    return true;
  }
}

function splitPatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Every field is text as typed; the condition and action decide which ones count. */
export const TransitionForm = z
  .object({
    cadenceSid: z.string().check(z.minLength(1, 'Choose the cadence this rule watches.')),
    condition: z.enum(CONDITIONS),
    maxAttempts: z.string().check(z.trim()),
    businessDays: z.string().check(z.trim()),
    totalBusinessDaysInState: z.string().check(z.trim()),
    businessDaysAfterFinalAttempt: z.string().check(z.trim()),
    flagTypes: z.array(z.string()),
    flagPatterns: z.string(),
    action: z.enum(ACTIONS),
    targetCadenceSid: z.string(),
    url: z.string().check(z.trim()),
  })
  .check(
    z.superRefine((v, ctx) => {
      const issue = (path: keyof typeof v, message: string) => {
        ctx.addIssue({ code: 'custom', path: [path], message, input: v[path] });
      };
      const positive = (path: 'maxAttempts' | 'businessDays') => {
        if (!POSITIVE.test(v[path])) issue(path, POSITIVE_MESSAGE);
      };
      switch (v.condition) {
        case 'MaxAttempts':
          positive('maxAttempts');
          break;
        case 'ItemGroupBusinessDays':
          positive('businessDays');
          break;
        case 'FlagCreated': {
          const patterns = splitPatterns(v.flagPatterns);
          if (patterns.some(patternProblem)) {
            issue(
              'flagPatterns',
              'One of these is not a pattern: use flag types or regular expressions, like ^urgent$.',
            );
          } else if (!v.flagTypes.length && !patterns.length) {
            issue('flagTypes', 'Choose at least one kind of flag.');
          }
          break;
        }
        case 'BusinessDaysInState': {
          const { totalBusinessDaysInState: total, businessDaysAfterFinalAttempt: afterFinal } = v;
          if (total && !POSITIVE.test(total)) issue('totalBusinessDaysInState', POSITIVE_MESSAGE);
          if (afterFinal && !POSITIVE.test(afterFinal)) issue('businessDaysAfterFinalAttempt', POSITIVE_MESSAGE);
          if (!total && !afterFinal) {
            issue('totalBusinessDaysInState', 'Give at least one of the two numbers of business days.');
          }
          break;
        }
      }
      if (v.action === 'SwitchCadence') {
        if (!v.targetCadenceSid) issue('targetCadenceSid', 'Choose the cadence to switch to.');
        else if (v.targetCadenceSid === v.cadenceSid) {
          issue('targetCadenceSid', 'Choose another cadence than the one the rule watches.');
        }
      } else {
        const problem = webhookUrlProblem(v.url);
        if (problem) issue('url', problem);
      }
    }),
  );
export type TransitionValues = z.input<typeof TransitionForm>;
export type TransitionOutput = z.output<typeof TransitionForm>;

/** The form's fields, and the API's names for the ones it answers errors about. */
export const TRANSITION_FIELDS = [
  'cadenceSid',
  'condition',
  'maxAttempts',
  'businessDays',
  'totalBusinessDaysInState',
  'businessDaysAfterFinalAttempt',
  'flagTypes',
  'flagPatterns',
  'action',
  'targetCadenceSid',
  'url',
] as const;
export const TRANSITION_FIELD_ALIASES = {
  'actionParameters.cadenceSid': 'targetCadenceSid',
  'actionParameters.url': 'url',
  'conditionParameters.maxAttempts': 'maxAttempts',
  'conditionParameters.businessDays': 'businessDays',
  'conditionParameters.totalBusinessDaysInState': 'totalBusinessDaysInState',
  'conditionParameters.businessDaysAfterFinalAttempt': 'businessDaysAfterFinalAttempt',
  'conditionParameters.flagTypeRegexes': 'flagPatterns',
} as const;

const text = (value: unknown) => {
  const n = count(value);
  return n === null ? '' : String(n);
};

export function transitionValues(t: CadenceTransition | undefined, defaultCadenceSid: string): TransitionValues {
  const c = t?.conditionParameters ?? null;
  const a = t?.actionParameters ?? null;
  const patterns = patternsOf(c);
  return {
    cadenceSid: t?.cadenceSid ?? defaultCadenceSid,
    condition: t?.condition ?? 'MaxAttempts',
    maxAttempts: text(c?.maxAttempts),
    businessDays: text(c?.businessDays),
    totalBusinessDaysInState: text(c?.totalBusinessDaysInState),
    businessDaysAfterFinalAttempt: text(c?.businessDaysAfterFinalAttempt),
    flagTypes: patterns.map(exactFlagType).filter((type): type is FlagType => type !== undefined),
    flagPatterns: patterns.filter((p) => !exactFlagType(p)).join(', '),
    action: t?.action ?? 'SwitchCadence',
    targetCadenceSid: typeof a?.cadenceSid === 'string' ? a.cadenceSid : '',
    url: typeof a?.url === 'string' ? a.url : '',
  };
}

/** The condition and action with only the parameters they use, numbers as numbers. */
export function transitionBody(v: TransitionOutput) {
  let conditionParameters: Record<string, unknown>;
  switch (v.condition) {
    case 'MaxAttempts':
      conditionParameters = { maxAttempts: Number(v.maxAttempts) };
      break;
    case 'ItemGroupBusinessDays':
      conditionParameters = { businessDays: Number(v.businessDays) };
      break;
    case 'FlagCreated':
      conditionParameters = {
        flagTypeRegexes: [...v.flagTypes.map((type) => `^${type}$`), ...splitPatterns(v.flagPatterns)],
      };
      break;
    case 'BusinessDaysInState':
      conditionParameters = {
        ...(v.totalBusinessDaysInState ? { totalBusinessDaysInState: Number(v.totalBusinessDaysInState) } : {}),
        ...(v.businessDaysAfterFinalAttempt
          ? { businessDaysAfterFinalAttempt: Number(v.businessDaysAfterFinalAttempt) }
          : {}),
      };
      break;
  }
  const actionParameters = v.action === 'SwitchCadence' ? { cadenceSid: v.targetCadenceSid } : { url: v.url };
  return { condition: v.condition, conditionParameters, action: v.action, actionParameters };
}
