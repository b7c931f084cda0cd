// The background of the demo tenant: ordinary work at Acme Analytics, in time order, exactly `count` events.
// Each day's budget is planned first (who works, when, from where, in which sessions) as small closures, sorted,
// and built into records only as they are emitted — so memory holds about one day of plans, never the dataset.
// Nothing here may look like the incident (incident.ts): no 192.0.2.0/24, no fresh key exporting, no off-hours
// admin work, no bursts of failed sign-ins.
import {
  INCIDENT_DATE,
  INCIDENT_EVENT_IDS,
  INCIDENT_RESPONDER_EMAIL,
  INCIDENT_VICTIM_EMAIL,
  AUDIT_WEBHOOK,
  AUDIT_STREAM_DESTINATION,
} from './incident';
import type { DemoActor, DemoRecord, DemoTarget, JsonObject } from './records';
import { Rng } from './rng';
import {
  DAY_MS,
  demoDirectory,
  demoPerson,
  OFFICES,
  WINDOW_DAYS,
  WINDOW_END_MS,
  WINDOW_START_MS,
  type ApiKey,
  type DemoDocument,
  type Directory,
  type Person,
} from './tenant';
import { zonedToEpochMs } from '@shared/domain/zoned-time';

type Body = Omit<DemoRecord, 'id' | 'occurred_at' | 'tenant_id'>;

interface BuildContext {
  rng: Rng;
  dir: Directory;
  docs: DocState[];
}

interface Planned {
  t: number;
  n: number;
  build: (c: BuildContext) => Body;
}

interface DocState {
  version: number;
  words: number;
  status: number;
  sharing: number;
}

const STATUSES = ['draft', 'in_review', 'published'] as const;
const SHARING = ['private', 'team', 'company'] as const;
const INCIDENT_DAY = Math.round((Date.parse(INCIDENT_DATE) - WINDOW_START_MS) / DAY_MS);
/** Plans end an hour before the window does, leaving room for a session's sign-out or a CI run's tail. */
const LAST_MOMENT = WINDOW_END_MS - 3_600_000;
const SYSTEM_ACTOR: DemoActor = { id: 'system', type: 'system', name: 'Acme Analytics' };

// ---------------------------------------------------------------------------------------------------------------
// Days and people.

interface DayInfo {
  index: number;
  start: number;
  year: number;
  month: number;
  day: number;
  weekend: boolean;
  iso: string;
}

function dayInfo(index: number): DayInfo {
  const start = WINDOW_START_MS + index * DAY_MS;
  const date = new Date(start);
  const weekday = date.getUTCDay();
  return {
    index,
    start,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekend: weekday === 0 || weekday === 6,
    iso: date.toISOString().slice(0, 10),
  };
}

const DAYS: DayInfo[] = Array.from({ length: WINDOW_DAYS }, (_, i) => dayInfo(i));

function isWorkday(person: Person, day: DayInfo): boolean {
  return !day.weekend && !OFFICES[person.office].holidays.includes(day.iso);
}

/** The local wall-clock minute `minute` of `day` in the person's zone, as a UTC instant (DST-correct). */
function localMs(person: Person, day: DayInfo, minute: number): number {
  return zonedToEpochMs(person.zone, day.year, day.month, day.day, 0, minute);
}

const EXCLUDED_ON_INCIDENT_DAY = new Set([INCIDENT_VICTIM_EMAIL, INCIDENT_RESPONDER_EMAIL]);

function presence(person: Person, day: DayInfo): number {
  if (day.index < person.firstDay || day.index > person.lastDay) return 0;
  // The victim and the responder appear that day only in the script.
  if (day.index === INCIDENT_DAY && EXCLUDED_ON_INCIDENT_DAY.has(person.email)) return 0;
  if (person.vacationStart !== null && day.index >= person.vacationStart && day.index < person.vacationStart + 7)
    return 0.02;
  return isWorkday(person, day) ? 0.93 : person.weekendChance;
}

function userActor(p: Person): DemoActor {
  return { id: p.id, type: 'user', name: p.name, email: p.email };
}

function userTarget(p: Person): DemoTarget {
  return { type: 'user', id: p.id, name: p.name };
}

function keyActor(key: ApiKey): DemoActor {
  return { id: key.id, type: 'api_key', name: key.name };
}

function docTarget(doc: DemoDocument): DemoTarget {
  return { type: 'document', id: doc.id, name: doc.name };
}

function laptopUaOn(person: Person, day: number): string {
  return person.newLaptop && day >= person.newLaptop.day ? person.newLaptop.ua : person.laptopUa;
}

/** Exactly `total` split by weight (largest remainder, ties to the earlier entry): deterministic, sums exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (w / sum) * total);
  const result = exact.map(Math.floor);
  let left = total - result.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    result[i] = (result[i] ?? 0) + 1;
    left--;
  }
  return result;
}

function sortedUniform(rng: Rng, n: number, from: number, to: number): number[] {
  const out = new Array<number>(n);
  const span = Math.max(0, to - from);
  for (let i = 0; i < n; i++) out[i] = Math.floor(from + rng.float() * span);
  return out.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------------------
// Building records from plans (at emission time, in time order, so document state evolves consistently).

function initialDocState(doc: DemoDocument): DocState {
  return {
    version: 1 + ((doc.index * 7919) % 40),
    words: 300 + ((doc.index * 104_729) % 4000),
    status: doc.index % 5 === 0 ? 0 : 2,
    sharing: 1 + (doc.index % 2),
  };
}

function docChange(c: BuildContext, doc: DemoDocument): { before: JsonObject; after: JsonObject } {
  const state = (c.docs[doc.index] ??= initialDocState(doc));
  const r = c.rng.float();
  if (r < 0.86) {
    const before = { version: state.version, word_count: state.words };
    state.version++;
    state.words = Math.max(50, state.words + Math.round(c.rng.normal(60, 120)));
    return { before, after: { version: state.version, word_count: state.words } };
  }
  if (r < 0.96) {
    const before = { status: STATUSES[state.status] ?? 'draft' };
    state.status = (state.status + 1) % STATUSES.length;
    return { before, after: { status: STATUSES[state.status] ?? 'draft' } };
  }
  const before = { sharing: SHARING[state.sharing] ?? 'team' };
  state.sharing = state.sharing === 2 ? 1 : state.sharing + 1;
  return { before, after: { sharing: SHARING[state.sharing] ?? 'team' } };
}

function pickDoc(c: BuildContext, person: Person): DemoDocument {
  const r = c.rng.float();
  const byDept = c.dir.documentsByDepartment;
  const pool =
    r < 0.8
      ? person.workingSet
      : r < 0.95
        ? (byDept.get(person.department) ?? person.workingSet)
        : (byDept.get('Company') ?? person.workingSet);
  const index = r < 0.8 ? c.rng.pickSkewed(pool) : c.rng.pick(pool);
  const doc = c.dir.documents[index];
  if (!doc) throw new Error(`demo: no document ${index}`);
  return doc;
}

function pickFrom(c: BuildContext, department: string): DemoDocument {
  const pool = c.dir.documentsByDepartment.get(department) ?? [0];
  const doc = c.dir.documents[c.rng.pick(pool)];
  if (!doc) throw new Error(`demo: no ${department} document`);
  return doc;
}

const EXPORT_DATASETS: Record<string, string[]> = {
  Data: ['customers', 'usage', 'subscriptions'],
  Finance: ['invoices', 'subscriptions'],
  Sales: ['leads', 'opportunities', 'contacts'],
};

interface SessionCtx {
  person: Person;
  ip: string;
  ua: string;
  id: string;
  method: 'sso' | 'password';
  phone: boolean;
}

function sessionBody(s: SessionCtx, action: string, rest: Partial<Body> = {}): Body {
  return {
    action,
    actor: userActor(s.person),
    target: userTarget(s.person),
    ip_address: s.ip,
    user_agent: s.ua,
    outcome: 'success',
    ...rest,
  };
}

function personAction(c: BuildContext, s: SessionCtx): Body {
  const p = s.person;
  const meta = { session_id: s.id };
  if (!s.phone && p.exporter && c.rng.chance(0.025)) {
    const names = EXPORT_DATASETS[p.department] ?? ['customers'];
    const dataset = c.dir.datasets[c.rng.pick(names)] ?? { id: 'ds_customers', name: 'Customers' };
    const records = Math.min(6_500, Math.max(12, Math.round(Math.exp(c.rng.normal(Math.log(900), 0.9)))));
    const failed = c.rng.chance(0.02);
    return sessionBody(s, 'export.created', {
      target: { type: 'dataset', id: dataset.id, name: dataset.name },
      outcome: failed ? 'failure' : 'success',
      metadata: {
        records,
        format: c.rng.chance(0.7) ? 'csv' : 'xlsx',
        ...(failed ? { reason: 'timeout' } : {}),
        ...meta,
      },
    });
  }
  if (!s.phone && c.rng.chance(0.005)) {
    const doc = pickDoc(c, p);
    const name = c.rng.pick(['Untitled document', `Copy of ${doc.name}`, `${doc.name} (old draft)`]);
    return sessionBody(s, 'document.deleted', {
      target: { type: 'document', id: `doc_${c.rng.hex(12)}`, name },
      metadata: meta,
    });
  }
  if (!s.phone && c.rng.chance(p.role === 'Viewer' ? 0.02 : 0.22)) {
    const doc = pickDoc(c, p);
    return sessionBody(s, 'document.updated', { target: docTarget(doc), changes: docChange(c, doc), metadata: meta });
  }
  if (c.rng.chance(0.006)) {
    // Somebody else's folder: a link shared too widely, refused.
    const doc = pickFrom(c, c.rng.pick(['Finance', 'People', 'Security']));
    return sessionBody(s, 'document.accessed', {
      target: docTarget(doc),
      outcome: 'failure',
      metadata: { reason: 'permission_denied', ...meta },
    });
  }
  return sessionBody(s, 'document.accessed', { target: docTarget(pickDoc(c, p)), metadata: meta });
}

// ---------------------------------------------------------------------------------------------------------------
// Planning a person's day.

type Emit = (t: number, build: (c: BuildContext) => Body) => void;

class PersonDayPlanner {
  /** Joiners whose first sign-in (password, then MFA enrolment) has been planned. */
  private readonly enrolled = new Set<number>();

  constructor(
    private readonly rng: Rng,
    private readonly emit: Emit,
  ) {}

  plan(p: Person, day: DayInfo, k: number): void {
    const rng = this.rng;
    const office = OFFICES[p.office];
    const workday = isWorkday(p, day);
    let dayIp = p.homeIp;
    if (workday) {
      if (rng.chance(p.officeChance)) dayIp = rng.pick(office.egress);
      else if (rng.chance(p.vpnChance)) dayIp = office.vpn;
    }
    const segments: { from: number; to: number; ip: string; share: number }[] = [];
    if (workday) {
      const from = p.startMinute + Math.round(rng.normal(0, 12));
      const to = p.endMinute + Math.round(rng.normal(0, 15));
      segments.push({ from: localMs(p, day, from), to: localMs(p, day, to), ip: dayIp, share: 1 });
      if (p.lateWorker && rng.chance(0.35)) {
        const from2 = localMs(p, day, rng.between(20 * 60, 21 * 60 + 30));
        const to2 = localMs(p, day, rng.between(22 * 60, 23 * 60 + 30));
        // The window's last evening in New York runs past its end: no late session then.
        if (to2 < LAST_MOMENT) segments.push({ from: from2, to: to2, ip: p.homeIp, share: 0.25 });
      }
    } else {
      const from = rng.between(10 * 60, 15 * 60);
      const to = from + rng.between(30, 150);
      segments.push({ from: localMs(p, day, from), to: localMs(p, day, to), ip: p.homeIp, share: 1 });
    }
    const counts =
      segments.length === 1 || k < 3
        ? [k, 0]
        : apportion(
            k,
            segments.map((s) => s.share),
          );
    segments.forEach((segment, i) => {
      const kk = counts[i] ?? 0;
      if (kk > 0) this.planSegment(p, day, segment.from, Math.min(segment.to, LAST_MOMENT), segment.ip, kk);
    });
  }

  private planSegment(p: Person, day: DayInfo, from: number, to: number, ip: string, k: number): void {
    const rng = this.rng;
    const sessions = Math.min(k, 1 + rng.int(3));
    const weights = Array.from({ length: sessions }, () => 0.5 + rng.float());
    const counts = apportion(k, weights);
    const slot = (to - from) / sessions;
    const phoneSession = p.phoneUa !== null && sessions > 1 && rng.chance(0.25) ? rng.int(sessions) : -1;
    for (let j = 0; j < sessions; j++) {
      const m = counts[j] ?? 0;
      if (m === 0) continue;
      const a = Math.floor(from + j * slot + rng.float() * 0.15 * slot);
      const b = Math.floor(from + (j + 1) * slot - rng.float() * 0.15 * slot);
      const phone = j === phoneSession;
      const session: SessionCtx = {
        person: p,
        ip: phone && !ip.startsWith('203.0.113.') ? p.mobileIp : ip,
        ua: phone && p.phoneUa ? p.phoneUa : laptopUaOn(p, day.index),
        id: `ses_${rng.hex(16)}`,
        method: rng.chance(p.ssoChance) ? 'sso' : 'password',
        phone,
      };
      this.planSession(session, a, Math.max(a + 60_000, b), m);
    }
  }

  private planSession(s: SessionCtx, a: number, b: number, m: number): void {
    const rng = this.rng;
    const emit = this.emit;
    const p = s.person;
    let used = 0;
    const firstSignIn = p.firstDay > 0 && !this.enrolled.has(p.index);
    if (firstSignIn) {
      this.enrolled.add(p.index);
      s.method = 'password';
    } else if (m >= 4 && rng.chance(0.004)) {
      // Forgot the password: two misses from the usual place, a self-service reset, then in.
      s.method = 'password';
      const resetAt = a - rng.between(40, 120) * 1000;
      emit(resetAt - rng.between(60, 200) * 1000, (c) => this.failure(c, s));
      emit(resetAt - rng.between(10, 50) * 1000, (c) => this.failure(c, s));
      emit(resetAt, () => sessionBody(s, 'user.password_reset', { metadata: { initiated_by: 'user' } }));
      used += 3;
    } else if (m >= 3 && rng.chance(0.03)) {
      const misses = m >= 4 && rng.chance(0.25) ? 2 : 1;
      for (let i = misses; i >= 1; i--) emit(a - i * rng.between(8, 40) * 1000, (c) => this.failure(c, s));
      used += misses;
    }
    emit(a, () => sessionBody(s, 'user.signed_in', { metadata: { method: s.method, session_id: s.id } }));
    used++;
    if (firstSignIn && m - used >= 1) {
      emit(a + rng.between(30, 90) * 1000, () =>
        sessionBody(s, 'user.mfa_enabled', {
          changes: { before: { mfa_enabled: false }, after: { mfa_enabled: true, factor: 'totp' } },
          metadata: { session_id: s.id },
        }),
      );
      used++;
    }
    const signOut = m - used >= 2 && rng.chance(0.3);
    const actions = m - used - (signOut ? 1 : 0);
    const times = sortedUniform(rng, actions, a + 5_000, b);
    for (const t of times) emit(t, (c) => personAction(c, s));
    if (signOut)
      emit(Math.max(b, times.at(-1) ?? a) + rng.between(20, 300) * 1000, () =>
        sessionBody(s, 'user.signed_out', { metadata: { session_id: s.id } }),
      );
  }

  private failure(c: BuildContext, s: SessionCtx): Body {
    const sso = s.method === 'sso' && c.rng.chance(0.5);
    return sessionBody(s, 'user.login_failed', {
      outcome: 'failure',
      metadata: { method: sso ? 'sso' : 'password', reason: sso ? 'mfa_timeout' : 'invalid_password' },
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Automation: service accounts and API keys at work. Shares are of the day's budget.

interface Automation {
  share: number;
  everyDay: boolean;
  /** UTC span of the day the automation runs in. */
  span: (day: DayInfo) => [number, number];
  plan: (day: DayInfo, times: number[], rng: Rng, emit: Emit) => void;
}

function keyBody(key: ApiKey, ip: string, action: string, target: DemoTarget, rest: Partial<Body> = {}): Body {
  return {
    action,
    actor: keyActor(key),
    target,
    ip_address: ip,
    user_agent: key.ua,
    outcome: 'success',
    metadata: { api_key_owner: key.owner.email },
    ...rest,
  };
}

function automations(dir: Directory, rotationAt: number): Automation[] {
  const k = dir.keys;
  const ny = demoPerson('sarah.chen@acme.io');
  const ana = demoPerson('ana.ruiz@acme.io');
  const wholeDay = (day: DayInfo): [number, number] => [day.start, day.start + DAY_MS];
  const nyHours = (day: DayInfo): [number, number] => [localMs(ny, day, 9 * 60), localMs(ny, day, 17 * 60 + 30)];
  const simple =
    (key: ApiKey, ip: () => string, action: 'document.accessed' | 'document.updated', departments: string[]) =>
    (_day: DayInfo, times: number[], _rng: Rng, emit: Emit) => {
      for (const t of times) {
        emit(t, (c) => {
          const doc = pickFrom(c, c.rng.pick(departments));
          return keyBody(
            key,
            ip(),
            action,
            docTarget(doc),
            action === 'document.updated' ? { changes: docChange(c, doc) } : {},
          );
        });
      }
    };
  return [
    {
      // CRM sync around the clock; the key is rotated mid-window (calendar), and the new one takes over.
      share: 0.035,
      everyDay: true,
      span: wholeDay,
      plan: (_day, times, _rng, emit) => {
        for (const t of times) {
          const key = t < rotationAt ? k.crmSync : k.crmSyncRotated;
          emit(t, (c) => {
            const doc = pickFrom(c, 'CRM');
            const before = c.rng.between(40, 95);
            return keyBody(key, dir.serviceIps.sync, 'document.updated', docTarget(doc), {
              changes: {
                before: { health_score: before },
                after: { health_score: Math.min(100, Math.max(0, before + c.rng.between(-6, 6))) },
              },
            });
          });
        }
      },
    },
    {
      share: 0.015,
      everyDay: true,
      span: wholeDay,
      plan: simple(k.warehouseSync, () => dir.serviceIps.sync, 'document.accessed', ['CRM', 'Data']),
    },
    {
      share: 0.008,
      everyDay: true,
      span: wholeDay,
      plan: simple(k.looker, () => dir.serviceIps.looker, 'document.accessed', ['Data']),
    },
    {
      share: 0.003,
      everyDay: true,
      span: wholeDay,
      plan: simple(k.statuspage, () => dir.serviceIps.statuspage, 'document.accessed', ['Engineering']),
    },
    {
      // CI runs in both offices' working hours: the service signs in with its key, then reads and updates docs.
      share: 0.014,
      everyDay: false,
      span: (day) => [day.start + 6 * 3_600_000, day.start + 22 * 3_600_000],
      plan: (_day, times, rng, emit) => {
        for (let i = 0; i < times.length;) {
          const run = Math.min(times.length - i, 2 + rng.int(5));
          const start = times[i] ?? 0;
          const session = `ses_${rng.hex(16)}`;
          const svc = dir.services.ci;
          emit(start, () => ({
            action: 'user.signed_in',
            actor: { id: svc.id, type: 'service', name: svc.name, email: svc.email },
            target: { type: 'user', id: svc.id, name: svc.name },
            ip_address: dir.serviceIps.ci,
            user_agent: k.ciDeploy.ua,
            outcome: 'success',
            metadata: { method: 'api_key', api_key: k.ciDeploy.name, session_id: session },
          }));
          for (let j = 1; j < run; j++) {
            emit(start + j * rng.between(2_000, 20_000), (c) => {
              const doc = pickFrom(c, 'Engineering');
              return c.rng.chance(0.3)
                ? keyBody(k.ciDeploy, dir.serviceIps.ci, 'document.updated', docTarget(doc), {
                    changes: docChange(c, doc),
                  })
                : keyBody(k.ciDeploy, dir.serviceIps.ci, 'document.accessed', docTarget(doc));
            });
          }
          i += run;
        }
      },
    },
    {
      share: 0.004,
      everyDay: false,
      span: nyHours,
      plan: simple(k.notebook, () => ana.homeIp, 'document.accessed', ['Data']),
    },
    {
      share: 0.002,
      everyDay: false,
      span: nyHours,
      plan: simple(k.financeReports, () => OFFICES['new-york'].egress[2] ?? '203.0.113.142', 'document.accessed', [
        'Finance',
      ]),
    },
    {
      share: 0.001,
      everyDay: false,
      span: nyHours,
      plan: simple(k.adminCli, () => ny.homeIp, 'document.accessed', ['IT']),
    },
  ];
}

/** Below this many events per person and day, fewer people work that day (see the planning loop). */
const MIN_EVENTS_PER_PERSON_DAY = 8;

// ---------------------------------------------------------------------------------------------------------------
// The calendar: one-off work by the people whose job it is, on workdays, in their working hours, from the office.

interface CalendarItem {
  t: number;
  build: (c: BuildContext) => Body;
}

class Calendar {
  readonly byDay: CalendarItem[][] = DAYS.map(() => []);
  /** When the CRM sync key was rotated (the automation switches keys then). */
  rotationAt = WINDOW_END_MS;

  constructor(
    private readonly dir: Directory,
    private readonly rng: Rng,
  ) {
    this.build();
  }

  private add(t: number, build: (c: BuildContext) => Body): void {
    const day = Math.floor((t - WINDOW_START_MS) / DAY_MS);
    this.byDay[day]?.push({ t, build });
  }

  /** A workday of `actor` in [from, to] (never the incident's night or day), and a moment in their working hours. */
  private moment(actor: Person, from: number, to: number): { day: DayInfo; t: number } {
    const fits = (d: DayInfo) =>
      isWorkday(actor, d) && Math.abs(d.index - INCIDENT_DAY) > 1 && presence(actor, d) > 0.5;
    const candidates = DAYS.filter((d) => d.index >= from && d.index <= to && fits(d));
    // Nobody free in the range (holidays, vacation): the next day that fits, else the last one that does.
    const day =
      candidates.length > 0
        ? this.rng.pick(candidates)
        : (DAYS.find((d) => d.index > to && fits(d)) ?? DAYS.filter(fits).at(-1) ?? (DAYS[0] as DayInfo));
    const minute = this.rng.between(actor.startMinute + 40, actor.endMinute - 45);
    return { day, t: localMs(actor, day, minute) + this.rng.int(60_000) };
  }

  private nextWorkday(actor: Person, after: number): DayInfo {
    for (let i = after + 1; i < WINDOW_DAYS; i++) {
      const d = DAYS[i] as DayInfo;
      if (isWorkday(actor, d) && Math.abs(i - INCIDENT_DAY) > 1) return d;
    }
    return DAYS[WINDOW_DAYS - 1] as DayInfo;
  }

  private adminBody(admin: Person, day: number, action: string, target: DemoTarget, rest: Partial<Body> = {}): Body {
    return {
      action,
      actor: userActor(admin),
      target,
      ip_address: OFFICES[admin.office].egress[0] ?? '203.0.113.10',
      user_agent: laptopUaOn(admin, day),
      outcome: 'success',
      ...rest,
    };
  }

  private act(
    admin: Person,
    from: number,
    to: number,
    action: string,
    target: DemoTarget,
    rest: Partial<Body> = {},
  ): { day: DayInfo; t: number } {
    const m = this.moment(admin, from, to);
    this.add(m.t, () => this.adminBody(admin, m.day.index, action, target, rest));
    return m;
  }

  private build(): void {
    const { dir, rng } = this;
    const who = (email: string) => demoPerson(email);
    const maria = who('maria.garcia@acme.io');
    const sarah = who('sarah.chen@acme.io');
    const tom = who('tom.becker@acme.io');
    const david = who('david.kim@acme.io');
    const lena = who('lena.fischer@acme.io');
    const james = who('james.wilson@acme.io');
    const jonas = who('jonas.weber@acme.io');
    const priya = who('priya.nair@acme.io');
    const workspace: DemoTarget = { type: 'workspace', id: 'ws_acme', name: dir.workspace.name };
    const ticket = () => `IT-${rng.between(1200, 1899)}`;

    // Nightly backup by svc-backup's long-standing key, 01:30 UTC, from its fixed address, every night.
    const backup = dir.keys.backup;
    const svc = dir.services.backup;
    for (const day of DAYS) {
      const t = day.start + 90 * 60_000 + rng.int(40_000);
      const session = `ses_${rng.hex(16)}`;
      const records = 51_200 + day.index * 37 + rng.int(40);
      this.add(t, () => ({
        action: 'user.signed_in',
        actor: { id: svc.id, type: 'service', name: svc.name, email: svc.email },
        target: { type: 'user', id: svc.id, name: svc.name },
        ip_address: dir.serviceIps.backup,
        user_agent: backup.ua,
        outcome: 'success',
        metadata: { method: 'api_key', api_key: backup.name, session_id: session },
      }));
      this.add(t + rng.between(20_000, 60_000), () =>
        keyBody(
          backup,
          dir.serviceIps.backup,
          'export.created',
          { type: 'dataset', id: dir.datasets['backup']?.id ?? 'ds_workspace', name: 'Workspace backup' },
          {
            metadata: { records, format: 'parquet', schedule: 'nightly', api_key_owner: backup.owner.email },
          },
        ),
      );
    }

    const generated = dir.people.filter(
      (p) => p.role === 'Member' && p.firstDay === 0 && p.lastDay === WINDOW_DAYS - 1 && p.index >= 10,
    );
    const pickMember = (): Person => {
      const p = rng.pick(generated);
      generated.splice(generated.indexOf(p), 1);
      return p;
    };
    const officeAdmin = (p: Person, berlin: Person, newYork: Person) => (p.office === 'berlin' ? berlin : newYork);

    // Joiners: invited a few days before they start.
    for (const p of dir.people.filter((x) => x.firstDay > 0)) {
      const inviter = officeAdmin(p, lena, sarah);
      this.act(
        inviter,
        p.firstDay - 6,
        p.firstDay - 2,
        'user.invited',
        { type: 'user', id: p.id, name: p.email },
        { metadata: { email: p.email, role: 'Member' } },
      );
    }
    // Leavers: locked and signed out the morning after their last day, removed a week later.
    for (const p of dir.people.filter((x) => x.lastDay < WINDOW_DAYS - 1)) {
      const admin = officeAdmin(p, maria, david);
      const day = this.nextWorkday(admin, p.lastDay);
      const t = localMs(admin, day, admin.startMinute + rng.between(30, 80));
      this.add(t, () =>
        this.adminBody(admin, day.index, 'account.locked', userTarget(p), { metadata: { reason: 'offboarding' } }),
      );
      const sessions = rng.between(1, 4);
      this.add(t + rng.between(60, 240) * 1000, () =>
        this.adminBody(admin, day.index, 'session.revoked', userTarget(p), {
          metadata: { sessions, reason: 'offboarding' },
        }),
      );
      this.act(admin, day.index + 5, day.index + 9, 'user.removed', userTarget(p), {
        changes: { before: { status: 'locked' }, after: { status: 'removed' } },
      });
    }
    // Role changes.
    for (const [from, to, range] of [
      ['Member', 'Viewer', [15, 30]],
      ['Member', 'Viewer', [40, 55]],
      ['Viewer', 'Member', [70, 85]],
    ] as const) {
      const viewer = dir.people.find((x) => x.role === 'Viewer' && x.firstDay === 0 && x.lastDay === WINDOW_DAYS - 1);
      const p = from === 'Viewer' && viewer ? viewer : pickMember();
      this.act(officeAdmin(p, maria, david), range[0], range[1], 'user.role_changed', userTarget(p), {
        changes: { before: { role: from }, after: { role: to } },
      });
    }
    // The CRM sync key is rotated by DevOps: new key one day, the old one revoked the next workday.
    const rotation = this.act(
      tom,
      25,
      35,
      'api_key.created',
      { type: 'api_key', id: dir.keys.crmSyncRotated.id, name: dir.keys.crmSyncRotated.name },
      {
        metadata: { owner: dir.services.sync.email, scopes: ['records:write'], expires_in_days: 365 },
      },
    );
    this.rotationAt = rotation.t + 15 * 60_000;
    const revokeDay = this.nextWorkday(tom, rotation.day.index);
    this.add(localMs(tom, revokeDay, tom.startMinute + rng.between(45, 120)), () =>
      this.adminBody(
        tom,
        revokeDay.index,
        'api_key.revoked',
        { type: 'api_key', id: dir.keys.crmSync.id, name: dir.keys.crmSync.name },
        { metadata: { reason: 'rotation' } },
      ),
    );
    // Integrations.
    this.act(
      tom,
      5,
      15,
      'integration.installed',
      { type: 'integration', id: 'int_jira', name: 'Jira Cloud' },
      { metadata: { scopes: ['issues:read', 'issues:write'] } },
    );
    this.act(
      sarah,
      15,
      30,
      'integration.installed',
      { type: 'integration', id: 'int_slack', name: 'Slack' },
      { metadata: { scopes: ['chat:write', 'users:read'] } },
    );
    this.act(sarah, 40, 55, 'integration.removed', { type: 'integration', id: 'int_trello', name: 'Trello' });
    // Configuration, each by the person whose job it is, before or well after the incident.
    this.act(sarah, 10, 20, 'workspace.settings_changed', workspace, {
      changes: { before: { session_timeout_minutes: 720 }, after: { session_timeout_minutes: 480 } },
    });
    this.act(maria, 65, 80, 'workspace.settings_changed', workspace, {
      changes: { before: { default_link_sharing: 'company' }, after: { default_link_sharing: 'team' } },
    });
    this.act(
      sarah,
      12,
      25,
      'audit_log.streaming_changed',
      { type: 'audit_log_stream', id: 'als_splunk', name: 'Splunk HEC' },
      {
        changes: { before: { enabled: true, batch_size: 500 }, after: { enabled: true, batch_size: 1000 } },
        metadata: { destination: AUDIT_STREAM_DESTINATION },
      },
    );
    this.act(
      tom,
      20,
      40,
      'webhook.destination_changed',
      { type: 'webhook', id: AUDIT_WEBHOOK.id, name: AUDIT_WEBHOOK.name },
      {
        changes: { before: { url: 'https://hooks.acme.io/audit/v1' }, after: { url: AUDIT_WEBHOOK.url } },
      },
    );
    this.act(
      david,
      30,
      45,
      'sso.config_updated',
      { type: 'sso_connection', id: 'sso_okta', name: 'Okta SAML' },
      {
        changes: {
          before: { signing_certificate_expires: '2025-10-31' },
          after: { signing_certificate_expires: '2026-10-31' },
        },
      },
    );
    this.act(
      maria,
      20,
      30,
      'domain.verification_changed',
      { type: 'domain', id: 'dom_acme_analytics_com', name: 'acme-analytics.com' },
      {
        changes: { before: { status: 'pending' }, after: { status: 'verified' } },
      },
    );
    this.act(james, 45, 55, 'billing.plan_changed', workspace, {
      changes: { before: { plan: 'Business', seats: 120 }, after: { plan: 'Enterprise', seats: 150 } },
    });
    this.act(
      david,
      35,
      50,
      'ip_allowlist.changed',
      { type: 'ip_allowlist', id: 'ipl_scim', name: 'SCIM API allowlist' },
      {
        changes: { before: { ranges: ['203.0.113.0/24'] }, after: { ranges: ['203.0.113.0/24', '198.51.100.8/29'] } },
      },
    );
    // A replacement laptop: the identity provider notices the new device once.
    for (const p of dir.people.filter((x) => x.newLaptop)) {
      const day = DAYS[p.newLaptop?.day ?? 0] as DayInfo;
      const t = localMs(p, day, p.startMinute + rng.between(2, 8));
      this.add(t, () => ({
        action: 'security.suspicious_activity',
        actor: SYSTEM_ACTOR,
        target: userTarget(p),
        ip_address: null,
        user_agent: null,
        outcome: 'success',
        metadata: { rule: 'new_device', severity: 'low', device_user_agent: p.newLaptop?.ua ?? '' },
      }));
    }
    // Lost phones: IT turns MFA off on a ticket, the person enrols again the next workday.
    for (const range of [
      [18, 30],
      [50, 58],
    ] as const) {
      const p = pickMember();
      const admin = officeAdmin(p, maria, david);
      const m = this.act(admin, range[0], range[1], 'user.mfa_disabled', userTarget(p), {
        changes: { before: { mfa_enabled: true }, after: { mfa_enabled: false } },
        metadata: { reason: 'lost_device', ticket: ticket() },
      });
      const next = this.nextWorkday(p, m.day.index);
      const t = localMs(p, next, p.startMinute + rng.between(5, 30));
      const ip = OFFICES[p.office].egress[1] ?? '203.0.113.11';
      this.add(t, () => ({
        ...this.adminBody(p, next.index, 'user.mfa_enabled', userTarget(p), {
          changes: { before: { mfa_enabled: false }, after: { mfa_enabled: true, factor: 'totp' } },
        }),
        ip_address: ip,
      }));
    }
    // Help-desk password resets by the security analysts.
    for (const range of [
      [8, 25],
      [30, 50],
      [66, 85],
    ] as const) {
      const p = pickMember();
      this.act(officeAdmin(p, jonas, priya), range[0], range[1], 'user.password_reset', userTarget(p), {
        metadata: { initiated_by: 'admin', ticket: ticket() },
      });
    }
    // Data engineers clean up staging data twice.
    const dataPeople = dir.people.filter(
      (p) => p.department === 'Data' && p.role === 'Member' && p.firstDay === 0 && p.lastDay === WINDOW_DAYS - 1,
    );
    for (const range of [
      [20, 40],
      [68, 86],
    ] as const) {
      const p = rng.pick(dataPeople);
      this.act(
        p,
        range[0],
        range[1],
        'data.bulk_deleted',
        { type: 'dataset', id: 'ds_staging_events', name: 'Staging events' },
        {
          metadata: { records: rng.between(1_200, 4_000), reason: 'test data cleanup' },
        },
      );
    }
    for (const items of this.byDay) items.sort((a, b) => a.t - b.t);
  }
}

// ---------------------------------------------------------------------------------------------------------------

export interface BackgroundEvent {
  ms: number;
  body: Body;
  id: string;
}

/**
 * Exactly `count` background events in time order (non-decreasing `ms`), deterministic for (`count`, `seed`).
 * Ids are `evt_` + 24 hex digits, never one of the incident's.
 */
export function* backgroundEvents(count: number, seed: number): Generator<BackgroundEvent> {
  const dir = demoDirectory();
  const master = new Rng(seed);
  const calendar = new Calendar(dir, master.fork(1));
  const planRng = master.fork(2);
  const context: BuildContext = { rng: master.fork(3), dir, docs: [] };
  const idRng = master.fork(4);
  const autos = automations(dir, calendar.rotationAt);

  // Each day's share of the total follows how many people are expected at work (weekends and holidays are quiet).
  const peopleWeights = DAYS.map((day) => dir.people.reduce((sum, p) => sum + presence(p, day) * p.activity, 0));
  const workdayMean = peopleWeights
    .filter((_, i) => !(DAYS[i] as DayInfo).weekend)
    .reduce((a, b, _, all) => a + b / all.length, 0);
  // On a workday the automation takes the sum of its shares (≈ 8 %); on a weekend only what runs every day.
  const autoUnit = workdayMean / (1 - autos.reduce((s, a) => s + a.share, 0));
  const autoWeights = DAYS.map(
    (day) => autos.filter((a) => a.everyDay || !day.weekend).reduce((s, a) => s + a.share, 0) * autoUnit,
  );
  const expectedPresent = DAYS.map((day) => dir.people.reduce((sum, p) => sum + presence(p, day), 0));
  const dayBudgets = apportion(
    count,
    DAYS.map((_, i) => (peopleWeights[i] ?? 0) + (autoWeights[i] ?? 0)),
  );

  let pending: Planned[] = [];
  let n = 0;
  const emit: Emit = (t, build) => pending.push({ t, n: n++, build });
  const planner = new PersonDayPlanner(planRng, emit);
  let emitted = 0;
  let last = -Infinity;

  for (const day of DAYS) {
    let budget = dayBudgets[day.index] ?? 0;
    const dayFloor = pending.length;
    for (const item of (calendar.byDay[day.index] ?? []).slice(0, budget)) emit(item.t, item.build);
    budget -= pending.length - dayFloor;

    const autoWeight = autoWeights[day.index] ?? 0;
    const running = autos.filter((a) => a.everyDay || !day.weekend);
    let autoBudget = Math.round((budget * autoWeight) / (autoWeight + (peopleWeights[day.index] ?? 0)));
    let peopleBudget = budget - autoBudget;
    // A small dataset has fewer people at work each day rather than everybody signing in and leaving.
    const thinning = Math.min(1, peopleBudget / (MIN_EVENTS_PER_PERSON_DAY * (expectedPresent[day.index] ?? 1)));
    const active = dir.people.filter((p) => planRng.chance(presence(p, day) * thinning));
    if (active.length === 0) {
      autoBudget += peopleBudget;
      peopleBudget = 0;
    }
    const peopleWeight = active.reduce((s, p) => s + p.activity, 0);

    // People: the budget shared by activity weight, one draw per event.
    const perPerson = new Array<number>(active.length).fill(0);
    const cumulative: number[] = [];
    let acc = 0;
    for (const p of active) cumulative.push((acc += p.activity / peopleWeight));
    for (let i = 0; i < peopleBudget; i++) {
      const r = planRng.float();
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] ?? 1) > r) hi = mid;
        else lo = mid + 1;
      }
      perPerson[lo] = (perPerson[lo] ?? 0) + 1;
    }
    active.forEach((p, i) => planner.plan(p, day, perPerson[i] ?? 0));

    // Automation.
    const autoCounts = apportion(
      autoBudget,
      running.map((a) => a.share),
    );
    running.forEach((a, i) => {
      const k = autoCounts[i] ?? 0;
      if (k === 0) return;
      const [from, to] = a.span(day);
      a.plan(day, sortedUniform(planRng, k, from, Math.min(to, LAST_MOMENT)), planRng, emit);
    });

    // Everything planned so far that happens before the next day begins can go: later days plan nothing earlier.
    pending.sort((a, b) => a.t - b.t || a.n - b.n);
    const cutoff = day.index === WINDOW_DAYS - 1 ? Infinity : day.start + DAY_MS;
    let i = 0;
    for (; i < pending.length; i++) {
      const plan = pending[i] as Planned;
      if (plan.t >= cutoff) break;
      if (plan.t < last) throw new Error('demo: background planned out of time order');
      last = plan.t;
      let id = `evt_${idRng.hex(24)}`;
      while (INCIDENT_EVENT_IDS.has(id)) id = `evt_${idRng.hex(24)}`;
      emitted++;
      yield { ms: plan.t, body: plan.build(context), id };
    }
    pending = pending.slice(i);
  }
  if (emitted !== count) throw new Error(`demo: planned ${emitted} background events instead of ${count}`);
}
