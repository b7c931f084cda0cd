// The demo tenant "Acme Analytics": its people, offices, addresses, devices, service accounts, API keys and
// documents. Fixed — the same company whatever the seed (the seed only drives what they do), so the scripted
// incident can name maria.garcia@acme.io, her office address and her browser. Addresses come only from the
// documentation ranges (RFC 5737, RFC 3849); 192.0.2.0/24 is kept for the incident and never used here.
import { Rng } from './rng';

export const DAY_MS = 86_400_000;
/** 90 days ending 2025-11-15T00:00:00Z: the window crosses both DST ends (Berlin 26 Oct, New York 2 Nov). */
export const WINDOW_DAYS = 90;
export const WINDOW_END_MS = Date.UTC(2025, 10, 15);
export const WINDOW_START_MS = WINDOW_END_MS - WINDOW_DAYS * DAY_MS;
export const COMPANY_NAME = 'Acme Analytics';
export const EMAIL_DOMAIN = 'acme.io';
export const WORKING_HOURS = { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] };
export const DISPLAY_TIME_ZONE = 'Europe/Berlin';

/** The directory is a fixed company: this seed is not the user's seed. */
const DIRECTORY_SEED = 0xac3e_2025;

export type OfficeId = 'berlin' | 'new-york';

export interface Office {
  id: OfficeId;
  city: string;
  zone: string;
  cidr: string;
  /** NAT egress addresses everybody in the office shares. */
  egress: readonly string[];
  /** The office's VPN concentrator, for people working remotely over the VPN. */
  vpn: string;
  /** Local public holidays (YYYY-MM-DD) in the window: the office is closed. */
  holidays: readonly string[];
}

export const OFFICES: Record<OfficeId, Office> = {
  berlin: {
    id: 'berlin',
    city: 'Berlin',
    zone: 'Europe/Berlin',
    cidr: '203.0.113.0/25',
    egress: ['203.0.113.10', '203.0.113.11', '203.0.113.12'],
    vpn: '198.51.100.9',
    holidays: ['2025-10-03'],
  },
  'new-york': {
    id: 'new-york',
    city: 'New York',
    zone: 'America/New_York',
    cidr: '203.0.113.128/25',
    egress: ['203.0.113.140', '203.0.113.141', '203.0.113.142'],
    vpn: '198.51.100.10',
    holidays: ['2025-09-01'],
  },
};

export type Department =
  'Engineering' | 'Data' | 'Sales' | 'Customer Success' | 'Marketing' | 'Finance' | 'People' | 'IT' | 'Security';

export type Role = 'Admin' | 'Member' | 'Viewer' | 'Security Analyst';

export interface Person {
  index: number;
  id: string;
  name: string;
  email: string;
  office: OfficeId;
  zone: string;
  department: Department;
  role: Role;
  /** Relative share of the day's activity. */
  activity: number;
  /** Usual local start and end of the working day, minutes after midnight. */
  startMinute: number;
  endMinute: number;
  /** Works some evenings (20:00–23:30 local) and more weekends. */
  lateWorker: boolean;
  weekendChance: number;
  /** Chance that a weekday is spent in the office; otherwise home, or the VPN. */
  officeChance: number;
  vpnChance: number;
  homeIp: string;
  mobileIp: string;
  /** How often this person signs in with SSO rather than a password. */
  ssoChance: number;
  laptopUa: string;
  phoneUa: string | null;
  /** A replacement laptop from this day index on (new user agent, one "new device" alert). */
  newLaptop: { day: number; ua: string } | null;
  /** Exports are part of this person's job. */
  exporter: boolean;
  /** Five weekdays of holiday, starting at this day index (or none). */
  vacationStart: number | null;
  /** First day index with activity (joiners), and last day index (leavers). */
  firstDay: number;
  lastDay: number;
  /** Documents this person works on most, as indexes into the directory's documents. */
  workingSet: number[];
}

export interface ServiceAccount {
  id: string;
  name: string;
  email: string;
}

export interface ApiKey {
  id: string;
  name: string;
  owner: { id: string; type: 'user' | 'service'; name: string; email: string };
  /** Where the key is used from: fixed addresses for services, the owner's own for a person's key. */
  ip: string | null;
  ua: string;
}

export interface DemoDocument {
  index: number;
  id: string;
  name: string;
  department: Department | 'Company' | 'CRM';
}

export interface Dataset {
  id: string;
  name: string;
}

export interface Directory {
  people: Person[];
  byEmail: Map<string, Person>;
  services: Record<'backup' | 'ci' | 'sync', ServiceAccount>;
  keys: Record<
    | 'backup'
    | 'ciDeploy'
    | 'statuspage'
    | 'crmSync'
    | 'crmSyncRotated'
    | 'warehouseSync'
    | 'looker'
    | 'notebook'
    | 'adminCli'
    | 'financeReports',
    ApiKey
  >;
  documents: DemoDocument[];
  documentsByDepartment: Map<string, number[]>;
  datasets: Record<string, Dataset>;
  /** Fixed addresses of the automation: never a person's, never the incident's. */
  serviceIps: { backup: string; ci: string; statuspage: string; sync: string; looker: string };
  workspace: { type: 'workspace'; name: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Names. Key people are named by DEMO.md or by the incident; the rest are drawn from these lists.

const FIRST_NAMES = [
  'Aaron',
  'Adele',
  'Amir',
  'Anika',
  'Ben',
  'Bianca',
  'Carla',
  'Chloe',
  'Daniel',
  'Dario',
  'Elif',
  'Emma',
  'Erik',
  'Fatima',
  'Felix',
  'Finn',
  'Gabriel',
  'Hannah',
  'Hugo',
  'Ingrid',
  'Isaac',
  'Jana',
  'Jasmine',
  'Julian',
  'Kai',
  'Karim',
  'Katrin',
  'Laura',
  'Leon',
  'Lucas',
  'Lukas',
  'Maja',
  'Marco',
  'Marta',
  'Max',
  'Mei',
  'Mia',
  'Mohammed',
  'Nadia',
  'Nina',
  'Noah',
  'Olivia',
  'Oskar',
  'Paula',
  'Rafael',
  'Ravi',
  'Rosa',
  'Sam',
  'Sofia',
  'Stefan',
  'Tariq',
  'Theo',
  'Valentina',
  'Victor',
  'Yara',
  'Yuki',
  'Zoe',
  'Chris',
  'Dana',
  'Ethan',
  'Grace',
  'Jordan',
  'Kevin',
  'Lisa',
  'Michael',
  'Natalie',
  'Omar',
  'Rachel',
  'Ryan',
  'Tyler',
  'Vanessa',
  'Wei',
] as const;

const LAST_NAMES = [
  'Adams',
  'Ahmed',
  'Bauer',
  'Brooks',
  'Castillo',
  'Chen',
  'Cohen',
  'Diaz',
  'Dubois',
  'Engel',
  'Evans',
  'Fischer',
  'Foster',
  'Gomez',
  'Hartmann',
  'Hoffmann',
  'Hughes',
  'Ito',
  'Jansen',
  'Johnson',
  'Kaya',
  'Keller',
  'Klein',
  'Kowalski',
  'Kumar',
  'Lang',
  'Lee',
  'Lopez',
  'Meyer',
  'Mitchell',
  'Moreau',
  'Morgan',
  'Neumann',
  'Novak',
  'Okafor',
  'Olsen',
  'Park',
  'Patel',
  'Perez',
  'Price',
  'Richter',
  'Rivera',
  'Rossi',
  'Santos',
  'Schmidt',
  'Schneider',
  'Schulz',
  'Shah',
  'Silva',
  'Singh',
  'Sullivan',
  'Tanaka',
  'Taylor',
  'Thompson',
  'Vogel',
  'Wagner',
  'Walsh',
  'Wang',
  'Wolf',
  'Wright',
  'Yilmaz',
  'Young',
  'Zhang',
  'Ziegler',
] as const;

interface Seat {
  name: string;
  office: OfficeId;
  department: Department;
  role: Role;
  exporter?: boolean;
  lateWorker?: boolean;
  joiner?: boolean;
  leaver?: boolean;
}

const KEY_PEOPLE: Seat[] = [
  { name: 'Maria Garcia', office: 'berlin', department: 'IT', role: 'Admin' },
  { name: 'Sarah Chen', office: 'new-york', department: 'IT', role: 'Admin' },
  { name: 'Tom Becker', office: 'berlin', department: 'Engineering', role: 'Admin' },
  { name: 'David Kim', office: 'new-york', department: 'IT', role: 'Admin' },
  { name: 'Lena Fischer', office: 'berlin', department: 'People', role: 'Admin' },
  { name: 'James Wilson', office: 'new-york', department: 'Finance', role: 'Admin', exporter: true },
  { name: 'Jonas Weber', office: 'berlin', department: 'Security', role: 'Security Analyst' },
  { name: 'Priya Nair', office: 'new-york', department: 'Security', role: 'Security Analyst' },
  { name: 'Ana Ruiz', office: 'new-york', department: 'Data', role: 'Member', exporter: true },
  { name: 'Alex Roman', office: 'new-york', department: 'Sales', role: 'Member', joiner: true },
];

/** People at the start of the window, joiners included in the count of the end (≈120). */
const INITIAL_HEADCOUNT = 114;
const JOINERS = 6;
const LEAVERS = 3;
const LATE_WORKERS = 6;

const DEPARTMENT_WEIGHTS: [Department, number][] = [
  ['Engineering', 34],
  ['Data', 9],
  ['Sales', 18],
  ['Customer Success', 14],
  ['Marketing', 10],
  ['Finance', 6],
  ['People', 4],
  ['IT', 2],
];

// ---------------------------------------------------------------------------------------------------------------
// Devices: one user agent per person and device, from browsers current in autumn 2025.

function laptopUa(rng: Rng, department: Department): string {
  const chrome = rng.between(139, 141);
  const firefox = rng.between(142, 144);
  const safari = rng.pick(['18.6', '26.0']);
  const options: [number, string][] = [
    [
      30,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
    ],
    [
      25,
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
    ],
    [
      12,
      `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36 Edg/${chrome}.0.0.0`,
    ],
    [
      12,
      `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${safari} Safari/605.1.15`,
    ],
    [8, `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${firefox}.0) Gecko/20100101 Firefox/${firefox}.0`],
    [
      department === 'Engineering' || department === 'Data' ? 25 : 2,
      `Mozilla/5.0 (X11; Linux x86_64; rv:${firefox}.0) Gecko/20100101 Firefox/${firefox}.0`,
    ],
    [
      department === 'Engineering' ? 10 : 1,
      `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
    ],
  ];
  return weighted(rng, options);
}

function phoneUa(rng: Rng): string {
  if (rng.chance(0.6)) {
    const ios = rng.pick(['18_6', '18_6_2', '26_0']);
    const version = ios.startsWith('26') ? '26.0' : '18.6';
    return `Mozilla/5.0 (iPhone; CPU iPhone OS ${ios} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version} Mobile/15E148 Safari/604.1`;
  }
  return `Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${rng.between(139, 141)}.0.0.0 Mobile Safari/537.36`;
}

function weighted<T>(rng: Rng, options: readonly [number, T][]): T {
  const total = options.reduce((n, [w]) => n + w, 0);
  let r = rng.float() * total;
  for (const [w, value] of options) {
    r -= w;
    if (r < 0) return value;
  }
  const last = options.at(-1);
  if (!last) throw new Error('weighted pick from an empty list');
  return last[1];
}

// ---------------------------------------------------------------------------------------------------------------
// Documents.

const CUSTOMERS = [
  'Brightline Logistics',
  'Kestrel Foods',
  'Orbis Health',
  'Pinecrest Bank',
  'Lumen Retail',
  'Harbor & Co',
  'Quarry Labs',
  'Vela Energy',
  'Tandem Insurance',
  'Meridian Travel',
  'Solace Media',
  'Copperleaf Farms',
  'Northgate Telecom',
  'Alder Pharma',
  'Blue Fjord Shipping',
  'Cinder Games',
  'Driftwood Hotels',
  'Emberline Auto',
  'Fernhill Schools',
  'Granite Capital',
] as const;

const DOCUMENT_TEMPLATES: Record<DemoDocument['department'], readonly string[]> = {
  Engineering: [
    'Runbook: {svc}',
    'Architecture decision record {n}: {topic}',
    'Postmortem {date}: {svc} outage',
    'API design: {topic}',
    'On-call handbook',
    'Release checklist',
    'Sprint {n} planning',
    'Tech debt register',
    'Load test results: {svc}',
    'Design doc: {topic}',
  ],
  Data: [
    'Data dictionary: {topic}',
    'Dashboard spec: {topic}',
    'Churn model notes',
    'Cohort analysis {q}',
    'dbt style guide',
    'Metric definitions',
    'Experiment readout: {topic}',
    'Pipeline SLA review {q}',
  ],
  Sales: [
    'Account plan: {customer}',
    'Pricing proposal: {customer}',
    'Pipeline review {q}',
    'Sales playbook',
    'Territory plan {q}',
    'Mutual action plan: {customer}',
    'Discount approval: {customer}',
  ],
  'Customer Success': [
    'QBR deck: {customer}',
    'Onboarding plan: {customer}',
    'Health score review {q}',
    'Renewal notes: {customer}',
    'Support macros',
    'Escalation log: {customer}',
  ],
  Marketing: [
    'Launch plan: {topic}',
    'Blog draft: {topic}',
    'Webinar script: {topic}',
    'Campaign brief {q}',
    'Brand guidelines',
    'Case study: {customer}',
  ],
  Finance: [
    'Revenue forecast {q}',
    'Budget 2026 draft',
    'Vendor contracts register',
    'Board pack {q}',
    'Expense policy',
    'Cash flow model',
    'Invoice reconciliation {month}',
  ],
  People: [
    'Onboarding checklist',
    'Hiring plan 2026',
    'Offer letter template',
    'Performance review guide',
    'Org chart',
    'Benefits overview',
  ],
  IT: [
    'Laptop inventory',
    'Access review {q}',
    'SSO rollout plan',
    'Vendor security questionnaires',
    'Admin procedures',
  ],
  Security: [
    'Incident response plan',
    'Risk register',
    'Phishing drill results {month}',
    'Security policy',
    'Audit-log review notes {month}',
  ],
  Company: [
    'All-hands notes {date}',
    'Company handbook',
    'OKRs {q}',
    'Travel policy',
    'Holiday calendar 2025',
    'Office guide: Berlin',
    'Office guide: New York',
  ],
  CRM: ['Customer: {customer}'],
};

const DOCUMENT_COUNTS: Record<DemoDocument['department'], number> = {
  Engineering: 80,
  Data: 36,
  Sales: 50,
  'Customer Success': 40,
  Marketing: 30,
  Finance: 26,
  People: 12,
  IT: 14,
  Security: 12,
  Company: 24,
  CRM: CUSTOMERS.length,
};

const SERVICES_IN_DOCS = [
  'billing-api',
  'ingest',
  'query-engine',
  'auth',
  'scheduler',
  'exports',
  'web-app',
  'notifications',
];
const TOPICS = [
  'usage-based pricing',
  'event retention',
  'SSO for customers',
  'multi-region',
  'audit trail',
  'alerting',
  'self-serve onboarding',
  'forecasting',
  'data residency',
  'search',
];
const QUARTERS = ['Q3 2025', 'Q4 2025', 'Q1 2026'];
const MONTHS = ['August 2025', 'September 2025', 'October 2025', 'November 2025'];

function documentName(rng: Rng, template: string): string {
  return template
    .replace('{svc}', rng.pick(SERVICES_IN_DOCS))
    .replace('{topic}', rng.pick(TOPICS))
    .replace('{customer}', rng.pick(CUSTOMERS))
    .replace('{q}', rng.pick(QUARTERS))
    .replace('{month}', rng.pick(MONTHS))
    .replace(
      '{date}',
      `2025-${String(rng.between(6, 11)).padStart(2, '0')}-${String(rng.between(1, 28)).padStart(2, '0')}`,
    )
    .replace('{n}', String(rng.between(3, 64)));
}

function buildDocuments(rng: Rng): DemoDocument[] {
  const docs: DemoDocument[] = [];
  const seen = new Set<string>();
  for (const [department, count] of Object.entries(DOCUMENT_COUNTS) as [DemoDocument['department'], number][]) {
    const templates = DOCUMENT_TEMPLATES[department];
    for (let i = 0, tries = 0; i < count && tries < count * 50; tries++) {
      const name = department === 'CRM' ? `Customer: ${CUSTOMERS[i] ?? ''}` : documentName(rng, rng.pick(templates));
      if (seen.has(name)) continue;
      seen.add(name);
      docs.push({ index: docs.length, id: `doc_${rng.hex(12)}`, name, department });
      i++;
    }
  }
  return docs;
}

// ---------------------------------------------------------------------------------------------------------------

function emailOf(name: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  return `${local}@${EMAIL_DOMAIN}`;
}

function homeAddresses(rng: Rng, count: number): string[] {
  const v4 = rng.shuffle(Array.from({ length: 200 }, (_, i) => `198.51.100.${20 + i}`));
  return Array.from({ length: count }, (_, i) =>
    rng.chance(0.2)
      ? `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.between(2, 0xfff).toString(16)}`
      : (v4[i % v4.length] ?? '198.51.100.20'),
  );
}

function buildPeople(rng: Rng, documents: DemoDocument[], byDepartment: Map<string, number[]>): Person[] {
  const seats: Seat[] = [...KEY_PEOPLE];
  const used = new Set(seats.map((s) => s.name));
  const generatedCount = INITIAL_HEADCOUNT + JOINERS - seats.length;
  for (let i = 0; i < generatedCount; i++) {
    let name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    while (used.has(name)) name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    used.add(name);
    const department = weighted(
      rng,
      DEPARTMENT_WEIGHTS.map(([d, w]) => [w, d] as [number, Department]),
    );
    seats.push({
      name,
      office: rng.chance(0.55) ? 'berlin' : 'new-york',
      department,
      role: i % 23 === 7 ? 'Viewer' : 'Member',
      exporter: (department === 'Data' || department === 'Finance' || department === 'Sales') && rng.chance(0.45),
    });
  }
  // Joiners, leavers and late workers come from the generated seats (never the admins the incident relies on).
  const generated = seats.slice(KEY_PEOPLE.length);
  for (const seat of generated.slice(0, JOINERS - 1)) seat.joiner = true;
  for (const seat of generated.slice(JOINERS - 1, JOINERS - 1 + LEAVERS)) seat.leaver = true;
  for (const seat of generated.slice(JOINERS - 1 + LEAVERS, JOINERS - 1 + LEAVERS + LATE_WORKERS))
    seat.lateWorker = true;

  const homes = homeAddresses(rng, seats.length);
  let joinerIndex = 0;
  let leaverIndex = 0;
  return seats.map((seat, index) => {
    const office = OFFICES[seat.office];
    const admin = seat.role === 'Admin' || seat.role === 'Security Analyst';
    const start = Math.round(Math.min(9 * 60 + 40, Math.max(7 * 60 + 45, rng.normal(8 * 60 + 35, 25))));
    const end = Math.round(Math.min(18 * 60 + 20, Math.max(16 * 60 + 20, start + rng.normal(8.6 * 60, 25))));
    const pool = byDepartment.get(seat.department) ?? [];
    const company = byDepartment.get('Company') ?? [];
    const workingSet = [...rng.shuffle([...pool]).slice(0, 14), ...rng.shuffle([...company]).slice(0, 4)];
    // Joiners arrive through the first two thirds, leavers go in the last two thirds; both well away from the incident night.
    const firstDay = seat.joiner ? 8 + joinerIndex++ * 9 + rng.int(4) : 0;
    const lastDay = seat.leaver ? 30 + leaverIndex++ * 17 + rng.int(5) : WINDOW_DAYS - 1;
    const newLaptop =
      !admin && !seat.joiner && index % 37 === 11
        ? { day: 20 + rng.int(35), ua: laptopUa(rng, seat.department) }
        : null;
    const email = emailOf(seat.name);
    return {
      index,
      id: `usr_${rng.hex(12)}`,
      name: seat.name,
      email,
      office: seat.office,
      zone: office.zone,
      department: seat.department,
      role: seat.role,
      activity:
        Math.min(3, Math.max(0.25, Math.exp(rng.normal(0, 0.45)))) *
        (seat.department === 'Engineering' ? 1.2 : 1) *
        (seat.role === 'Viewer' ? 0.4 : admin ? 0.8 : 1),
      startMinute: start,
      endMinute: end,
      lateWorker: seat.lateWorker ?? false,
      weekendChance: seat.lateWorker ? 0.18 : rng.chance(0.2) ? 0.06 : 0.015,
      officeChance: seat.department === 'Engineering' ? 0.2 + rng.float() * 0.5 : 0.45 + rng.float() * 0.45,
      vpnChance: rng.chance(0.3) ? 0.3 + rng.float() * 0.5 : 0,
      homeIp: homes[index] ?? '198.51.100.20',
      mobileIp: `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.between(2, 0xfff).toString(16)}`,
      ssoChance: seat.role === 'Viewer' ? 0.05 : admin ? 0.97 : rng.chance(0.1) ? 0.2 : 0.92,
      laptopUa: laptopUa(rng, seat.department),
      phoneUa: rng.chance(0.45) ? phoneUa(rng) : null,
      newLaptop,
      exporter: seat.exporter ?? false,
      vacationStart: rng.chance(0.55) ? rng.int(WINDOW_DAYS - 7) : null,
      firstDay,
      lastDay,
      workingSet,
    } satisfies Person;
  });
}

function serviceKey(id: string, name: string, owner: ServiceAccount, ip: string, ua: string): ApiKey {
  return { id, name, owner: { id: owner.id, type: 'service', name: owner.name, email: owner.email }, ip, ua };
}

function personKey(id: string, name: string, owner: Person, ua: string): ApiKey {
  return { id, name, owner: { id: owner.id, type: 'user', name: owner.name, email: owner.email }, ip: null, ua };
}

let cached: Directory | undefined;

/** The Acme Analytics directory. Built once; identical on every call and every machine. */
export function demoDirectory(): Directory {
  if (cached) return cached;
  const rng = new Rng(DIRECTORY_SEED);
  const documents = buildDocuments(rng.fork(1));
  const documentsByDepartment = new Map<string, number[]>();
  for (const doc of documents) {
    const list = documentsByDepartment.get(doc.department) ?? [];
    list.push(doc.index);
    documentsByDepartment.set(doc.department, list);
  }
  const people = buildPeople(rng.fork(2), documents, documentsByDepartment);
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const person = (email: string): Person => {
    const p = byEmail.get(email);
    if (!p) throw new Error(`demo directory: no ${email}`);
    return p;
  };
  const service = (name: string): ServiceAccount => ({ id: name, name, email: `${name}@${EMAIL_DOMAIN}` });
  const services = { backup: service('svc-backup'), ci: service('svc-ci'), sync: service('svc-sync') };
  const serviceIps = {
    backup: '198.51.100.240',
    ci: '198.51.100.241',
    statuspage: '198.51.100.242',
    sync: '198.51.100.243',
    looker: '198.51.100.244',
  };
  const keyRng = rng.fork(3);
  const keyId = () => `key_${keyRng.hex(16)}`;
  const keys: Directory['keys'] = {
    backup: serviceKey(keyId(), 'backup-nightly', services.backup, serviceIps.backup, 'acme-backup/4.2.0'),
    ciDeploy: serviceKey(keyId(), 'ci-deploy', services.ci, serviceIps.ci, 'acme-ci/2.7.0 (+github-actions)'),
    statuspage: serviceKey(keyId(), 'statuspage-bot', services.ci, serviceIps.statuspage, 'statuspage-bot/1.3.1'),
    crmSync: serviceKey(keyId(), 'crm-sync', services.sync, serviceIps.sync, 'svc-sync/1.9.2'),
    crmSyncRotated: serviceKey(keyId(), 'crm-sync-2025-09', services.sync, serviceIps.sync, 'svc-sync/1.9.2'),
    warehouseSync: serviceKey(keyId(), 'warehouse-sync', services.sync, serviceIps.sync, 'svc-sync/1.9.2'),
    looker: personKey(keyId(), 'looker-connector', person('ana.ruiz@acme.io'), 'Looker/25.16.4'),
    notebook: personKey(keyId(), 'analytics-notebook', person('ana.ruiz@acme.io'), 'python-httpx/0.28.1'),
    adminCli: personKey(keyId(), 'sarah-admin-cli', person('sarah.chen@acme.io'), 'acme-cli/0.9.4 (darwin; arm64)'),
    financeReports: personKey(
      keyId(),
      'finance-reports',
      person('james.wilson@acme.io'),
      'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Excel 16.0.18925; Pro)',
    ),
  };
  keys.looker.ip = serviceIps.looker;
  const datasets: Record<string, Dataset> = {
    customers: { id: 'ds_customers', name: 'Customers' },
    contacts: { id: 'ds_contacts', name: 'Contacts' },
    invoices: { id: 'ds_invoices', name: 'Invoices' },
    subscriptions: { id: 'ds_subscriptions', name: 'Subscriptions' },
    leads: { id: 'ds_leads', name: 'Leads' },
    opportunities: { id: 'ds_opportunities', name: 'Opportunities' },
    tickets: { id: 'ds_tickets', name: 'Support tickets' },
    usage: { id: 'ds_usage_events', name: 'Usage events' },
    backup: { id: 'ds_workspace', name: 'Workspace backup' },
  };
  cached = {
    people,
    byEmail,
    services,
    keys,
    documents,
    documentsByDepartment,
    datasets,
    serviceIps,
    workspace: { type: 'workspace', name: COMPANY_NAME },
  };
  return cached;
}

/** A person of the directory by e-mail; throws for anybody else (a typo in the script, not a user error). */
export function demoPerson(email: string): Person {
  const p = demoDirectory().byEmail.get(email);
  if (!p) throw new Error(`demo directory: no ${email}`);
  return p;
}

/** Day index (0 = the window's first day) of a UTC instant. */
export function dayIndexOf(ms: number): number {
  return Math.floor((ms - WINDOW_START_MS) / DAY_MS);
}
