// The PDF report of a query (issue 16): cover, summary, timeline chart, the latest integrity verification, the
// latest detection run's findings, the events table and an appendix with the SHA-256 of the files exported with it. pdfkit with its built-in Helvetica
// (no font files; text stays extractable). Helvetica's encoding is WinAnsi: any other character — control
// characters and direction overrides included, so a hostile value cannot reorder or hide text — is drawn as '?',
// counted, and the appendix says how many; the exports hold the exact values. Cells are wrapped here, word by word,
// to their column: a word too long for it continues on the next line after a '¬', a cell too long for its lines
// ends in '…'. Written to `<out>.partial`, renamed when complete, and journalled.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import PDFDocument from 'pdfkit';
import { version } from '../../../../package.json';
import type { QueryScope } from '@shared/contract';
import type { Histogram, NormalizedEvent } from '@shared/domain/audit-event';
import { actorLabel, describeEvent, targetLabel } from '@shared/domain/describe-event';
import { CHECK_LABELS, CLASS_LABELS, VERDICT_LABELS, type VerificationRecord } from '@shared/domain/integrity';
import type { JobProgress } from '@shared/domain/jobs';
import { parseQuery, QueryParseError } from '@shared/domain/query-parser';
import { zoneOffsetMs } from '@shared/domain/zoned-time';
import { AppError, cancelledError } from '../errors';
import { osUser, type CaseStore } from '../store/case-store';
import { facetCounts, histogram, queryPage, type Cursor } from '../store/events-query';
import { eventSpan } from '../store/report-repo';
import { listVerifications } from '../store/verifications-repo';
import { listLatestFindings } from '../store/findings-repo';
import type { FindingsList } from '@shared/domain/detections';
import type { AnnotatedEvent, TrailEntry } from '@shared/domain/evidence';
import { listAnnotations, listTrail } from '../store/evidence-repo';
import { commitOutput, discardOutput, prepareOutput } from './output-file';

export interface ExportedFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface ReportOptions {
  scope: QueryScope;
  out: string;
  force?: boolean;
  signal: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Files exported with this report (an evidence package): listed with their SHA-256 in the appendix. */
  exportedFiles?: ExportedFile[];
}

export interface ReportResult {
  path: string;
  pages: number;
  events: number;
  bytes: number;
  sha256: string;
}

/** Events read per query while writing the table. */
const PAGE_ROWS = 2000;
/** Facet values listed per summary table. */
const TOP = 10;
/** Findings of the latest verification shown per check. */
const FINDINGS_SHOWN = 5;
/** Detection findings listed (most severe first); the rest are counted. */
const DETECTIONS_SHOWN = 40;
/** Board entries and trail steps listed (the package's files hold them all); the rest are counted. */
const BOARD_SHOWN = 300;
const TRAIL_SHOWN = 300;
/** Lines of one comment shown in the report. */
const COMMENT_LINES = 20;

// A4 landscape: the events table needs the width.
const MARGIN = 36;
const PAGE_W = 841.89;
const PAGE_H = 595.28;
const WIDTH = PAGE_W - 2 * MARGIN;
const BOTTOM = PAGE_H - MARGIN - 14; // room for the footer
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

const COLUMNS: { key: string; title: string; width: number; lines: number }[] = [
  { key: 'time', title: 'Time', width: 80, lines: 2 },
  { key: 'action', title: 'Action', width: 100, lines: 3 },
  { key: 'actor', title: 'Actor', width: 110, lines: 3 },
  { key: 'target', title: 'Target', width: 105, lines: 3 },
  { key: 'ip', title: 'IP', width: 68, lines: 2 },
  { key: 'outcome', title: 'Outcome', width: 44, lines: 2 },
  { key: 'description', title: 'Description', width: WIDTH - 507, lines: 4 },
];
const CELL_PAD = 2;
const CHART_HEIGHT = 130;
const TABLE_SIZE = 7;
const TABLE_LINE = 8.6;

// WinAnsi (Windows-1252) as pdfkit's standard fonts encode it: printable ASCII, Latin-1, and cp1252's extras.
const NOT_WIN_ANSI = /[^\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/gu;

/** Text a standard PDF font can draw: layout whitespace becomes a space, every other unshowable character '?'. */
export function pdfText(value: string, replaced?: { count: number }): string {
  return value.replace(/[\t\n\r]+/g, ' ').replace(NOT_WIN_ANSI, () => {
    if (replaced) replaced.count++;
    return '?';
  });
}

/** Width of a text in the current font and size; `measure` is cached by the caller. */
type Measure = (text: string) => number;

/**
 * `text` broken into at most `maxLines` lines of at most `width`: at spaces; a word wider than the column is broken
 * where it must, each break marked '¬'; text that does not fit ends in '…'.
 */
export function wrapText(text: string, width: number, maxLines: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (next: string) => {
    lines.push(line);
    line = next;
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (measure(joined) <= width) {
      line = joined;
      continue;
    }
    if (line !== '') push('');
    if (measure(word) <= width) {
      line = word;
      continue;
    }
    let rest = word;
    while (measure(rest) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && measure(`${rest.slice(0, cut)}¬`) > width) cut--;
      line = `${rest.slice(0, cut)}¬`;
      push('');
      rest = rest.slice(cut);
    }
    line = rest;
    if (lines.length > maxLines) break;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = (kept[maxLines - 1] ?? '').replace(/¬$/, '');
  while (last.length > 0 && measure(`${last}…`) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/**
 * Zone offsets by zone and UTC quarter hour (bounded): since the 1970s every zone's offset is whole quarter hours and
 * changes only on one (the local-mean-time offsets of the 1800s are not, and audit logs do not reach back there).
 */
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * 60_000;

/** An instant as wall time in the report's zone: "2025-01-01 13:45:07". */
function localTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const key = `${timeZone}\u0000${Math.floor(ms / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zoneOffsetMs(timeZone, ms);
    if (offsets.size > 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return new Date(ms + offset).toISOString().slice(0, 19).replace('T', ' ');
}

export async function writeReport(store: CaseStore, options: ReportOptions): Promise<ReportResult> {
  const { scope, signal } = options;
  let query;
  try {
    query = parseQuery(scope.query);
  } catch (error) {
    if (error instanceof QueryParseError) throw new AppError('USAGE', error.message);
    throw error;
  }
  const zone = { timeZone: scope.timeZone };
  const out = await prepareOutput(options.out, options.force ?? false);
  const progress = (phase: string, done: number, total: number | null, bytes: number, started: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    options.onProgress?.({
      phase,
      done,
      total,
      events: done,
      bytes,
      fraction: total ? done / total : null,
      rate,
      etaSeconds: total && rate > 0 ? (total - done) / rate : null,
    });
  };
  const started = performance.now();
  progress('summarizing', 0, null, 0, started);
  const span = await eventSpan(store, query, zone);
  const facets = await facetCounts(store, query, { ...zone, top: TOP });
  const chart = await histogram(store, query, zone);
  const [verification] = await listVerifications(store, 1);
  const detections = await listLatestFindings(store);
  const board = await listAnnotations(store, { limit: BOARD_SHOWN });
  const trail = await listTrail(store, TRAIL_SHOWN);
  if (signal.aborted) throw cancelledError();

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: `Trailscope report: ${basename(store.path)}`, Creator: `Trailscope ${version}` },
  });
  const hash = createHash('sha256');
  let bytes = 0;
  const file = createWriteStream(out.partial, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    file.on('finish', resolve);
    file.on('error', reject);
    doc.on('error', reject);
  });
  written.catch(() => undefined); // awaited below; a failure before that must not go unhandled
  doc.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  doc.pipe(file);

  for (const font of [FONT, BOLD]) rememberGlyphWork(doc.font(font));
  const replaced = { count: 0 };
  const clean = (value: string) => pdfText(value, replaced);
  // Widths are kept by the font (rememberGlyphWork), so measuring a value again costs a lookup.
  const measureWith =
    (font: string, size: number): Measure =>
    (text) =>
      doc.font(font).fontSize(size).widthOfString(text);

  let pages = 0;
  let y = MARGIN;
  const footer = `Trailscope report · ${clean(basename(store.path))}`;
  doc.on('pageAdded', () => {
    pages++;
    // The footer sits in the bottom margin: with the margin at 0 pdfkit does not start a page for it.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(7)
      .fillColor('#666666')
      .text(`${footer} · page ${pages}`, MARGIN, PAGE_H - MARGIN + 4, { lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
    y = MARGIN;
  });
  const newPage = () => doc.addPage();
  /** One line at (x, y), never wrapped by pdfkit (all wrapping is wrapText's). */
  const line = (text: string, x: number, at: number, font = FONT, size = 9) =>
    doc.font(font).fontSize(size).text(text, x, at, { lineBreak: false });
  const room = (height: number) => {
    if (y + height > BOTTOM) newPage();
  };
  const heading = (text: string) => {
    room(40);
    y += 6;
    line(text, MARGIN, y, BOLD, 13);
    y += 20;
  };
  /** A paragraph wrapped to `width` (at most `maxLines` lines), starting a page when it must. */
  const paragraph = (
    text: string,
    options: { x?: number; width?: number; size?: number; font?: string; max?: number },
  ) => {
    const size = options.size ?? 9;
    const font = options.font ?? FONT;
    const lines = wrapText(clean(text), options.width ?? WIDTH, options.max ?? 40, measureWith(font, size));
    for (const text of lines) {
      room(size * 1.3);
      line(text, options.x ?? MARGIN, y, font, size);
      y += size * 1.3;
    }
  };
  const field = (label: string, value: string) => {
    room(13);
    line(label, MARGIN, y, BOLD, 9);
    paragraph(value, { x: MARGIN + 130, width: WIDTH - 130, max: 8 });
    y += 2;
  };

  function drawChart(h: Histogram): void {
    const height = CHART_HEIGHT;
    if (h.buckets.length === 0) {
      paragraph('No events: nothing to chart.', {});
      return;
    }
    const max = Math.max(1, ...h.buckets.map((b) => b.total));
    const left = MARGIN + 40;
    const width = WIDTH - 40;
    const top = y;
    const step = width / h.buckets.length;
    doc.lineWidth(0.5).strokeColor('#999999');
    doc
      .moveTo(left, top)
      .lineTo(left, top + height)
      .lineTo(left + width, top + height)
      .stroke();
    h.buckets.forEach((b, i) => {
      if (b.total === 0) return;
      const barH = (b.total / max) * height;
      doc.rect(left + i * step + step * 0.1, top + height - barH, Math.max(step * 0.8, 0.3), barH).fill('#3b6ea8');
    });
    doc.fillColor('black');
    line(max.toLocaleString('en-US'), MARGIN, top - 3, FONT, 7);
    line('0', MARGIN, top + height - 6, FONT, 7);
    const first = h.buckets[0]?.start ?? '';
    const last = h.buckets[h.buckets.length - 1]?.start ?? '';
    line(localTime(first, scope.timeZone), left, top + height + 4, FONT, 7);
    const lastText = localTime(last, scope.timeZone);
    line(lastText, left + width - measureWith(FONT, 7)(lastText), top + height + 4, FONT, 7);
    y = top + height + 16;
    paragraph(
      `Events per ${h.interval} (${h.buckets.length} buckets, ${scope.timeZone}); the tallest bar is ` +
        `${max.toLocaleString('en-US')} event(s).`,
      { size: 8 },
    );
  }

  function drawIntegrity(v: VerificationRecord): void {
    heading('Integrity');
    paragraph(
      `Latest verification: #${v.seq}, ${localTime(v.recordedAt, scope.timeZone)} (${scope.timeZone}) by ` +
        `${v.osUser}: ${VERDICT_LABELS[v.verdict]}. It covers the whole case, not only this query.`,
      {},
    );
    y += 4;
    for (const outcome of v.outcomes) {
      room(30);
      paragraph(
        `${CHECK_LABELS[outcome.check]}: ${VERDICT_LABELS[outcome.verdict]} — ${outcome.findingsTotal} finding(s). ` +
          outcome.summary,
        { font: BOLD, size: 9, max: 4 },
      );
      for (const finding of outcome.findings.slice(0, FINDINGS_SHOWN))
        paragraph(
          `${finding.severity === 'info' ? 'info' : 'FINDING'} ${CLASS_LABELS[finding.class]}: ${finding.message}`,
          { x: MARGIN + 14, width: WIDTH - 14, size: 8, max: 3 },
        );
      if (outcome.findingsTotal > Math.min(outcome.findings.length, FINDINGS_SHOWN))
        paragraph(
          `… and ${outcome.findingsTotal - Math.min(outcome.findings.length, FINDINGS_SHOWN)} more (trailscope verify).`,
          {
            x: MARGIN + 14,
            width: WIDTH - 14,
            size: 8,
          },
        );
      y += 3;
    }
  }

  function drawFindings(list: FindingsList): void {
    const run = list.run;
    if (!run) return;
    heading('Findings');
    paragraph(
      `Latest detection run: #${run.seq}, ${localTime(run.recordedAt, scope.timeZone)} (${scope.timeZone}) by ` +
        `${run.osUser}: ${list.findings.length} finding(s) from ${run.rules.length} rule(s)` +
        (run.unsupported.length > 0 ? `, ${run.unsupported.length} rule(s) could not run` : '') +
        ". It covers the whole case, not only this query; `finding:<id>` in a query shows a finding's events.",
      {},
    );
    y += 4;
    for (const f of list.findings.slice(0, DETECTIONS_SHOWN))
      paragraph(
        `#${f.id} ${f.level.toUpperCase()} ${f.title}: ${f.subject ?? '-'}, ${f.count} event(s), ` +
          `${localTime(f.first, scope.timeZone)} to ${localTime(f.last, scope.timeZone)} (rule ${f.ruleId})`,
        { size: 8, max: 3 },
      );
    if (list.findings.length > DETECTIONS_SHOWN)
      paragraph(`… and ${list.findings.length - DETECTIONS_SHOWN} more (trailscope detect).`, { size: 8 });
    for (const rule of run.unsupported.slice(0, FINDINGS_SHOWN))
      paragraph(`Not run: ${rule.file ?? 'built-in pack'} ${rule.id ?? ''}: ${rule.reason}`, { size: 8, max: 2 });
  }

  function drawBoard(list: { annotations: AnnotatedEvent[]; total: number }): void {
    if (list.total === 0) return;
    heading('Evidence board');
    paragraph(
      `${list.total} starred, tagged or commented event(s) of the whole case, in time order (${scope.timeZone}); ` +
        '`starred:true`, `tag:<name>` or `annotated:true` in a query shows them.',
      {},
    );
    y += 4;
    for (const a of list.annotations) {
      const e = a.event;
      const marks = [a.starred ? 'STARRED' : null, ...a.tags.map((tag) => `#${tag}`)].filter(Boolean).join(' ');
      room(24);
      paragraph(
        `${e ? localTime(e.occurredAt, scope.timeZone) : '(event no longer in the case)'}  ${marks}  ` +
          (e ? `${e.action} by ${e.actor ?? '-'} from ${e.ip ?? '-'} (${e.outcome})` : '') +
          `  uid ${a.uid}${store.meta.multiTenant ? ` tenant ${a.tenantId}` : ''}`,
        { font: BOLD, size: 8, max: 3 },
      );
      // A comment keeps its own line breaks (at most COMMENT_LINES of them shown; the package holds it whole).
      const lines = a.comment === null ? [] : a.comment.split(/\r\n|\r|\n/);
      lines.slice(0, COMMENT_LINES).forEach((text, i) =>
        paragraph(`${i === 0 ? 'Comment: ' : ''}${text}`, {
          x: MARGIN + (i === 0 ? 14 : 56),
          width: WIDTH - 56,
          size: 8,
          max: 6,
        }),
      );
      if (lines.length > COMMENT_LINES)
        paragraph(`… ${lines.length - COMMENT_LINES} more line(s) (annotations.json).`, { x: MARGIN + 56, size: 8 });
    }
    if (list.total > list.annotations.length)
      paragraph(`… and ${list.total - list.annotations.length} more (trailscope starred).`, { size: 8 });
  }

  function drawTrail(list: { entries: TrailEntry[]; total: number }): void {
    if (list.total === 0) return;
    heading('Investigation trail');
    paragraph(
      `The queries run, pivots and brushes of the investigation, oldest first (${scope.timeZone}), with how many ` +
        'events each matched when it ran' +
        (list.total > list.entries.length ? `; the newest ${list.entries.length} of ${list.total}.` : '.'),
      {},
    );
    y += 4;
    for (const entry of list.entries)
      paragraph(
        `${localTime(entry.recordedAt, scope.timeZone)}  ${entry.kind}  ` +
          `${entry.count === null ? '?' : entry.count.toLocaleString('en-US')} event(s)  by ${entry.osUser}  ` +
          `${entry.query.trim() === '' ? '(every event)' : entry.query}` +
          (entry.timeZone === scope.timeZone ? '' : `  [zone ${entry.timeZone}]`),
        { size: 8, max: 3 },
      );
  }

  // Events written to the table.
  let done = 0;
  try {
    // Cover.
    newPage();
    line('Trailscope report', MARGIN, y, BOLD, 22);
    y += 34;
    const generatedAt = new Date().toISOString();
    field('Case', store.path);
    field('Tenant', `${store.meta.tenantId}${store.meta.multiTenant ? ' (multi-tenant case)' : ''}`);
    field('Query', scope.query.trim() === '' ? '(none: every event in the case)' : scope.query);
    field('Time zone', scope.timeZone);
    field(
      'Time range',
      span.first && span.last
        ? `${localTime(span.first, scope.timeZone)} to ${localTime(span.last, scope.timeZone)} (${scope.timeZone})`
        : 'no event matches the query',
    );
    field('Events', span.events.toLocaleString('en-US'));
    field('Generated by', osUser());
    field('Generated at', `${localTime(generatedAt, scope.timeZone)} (${scope.timeZone}), ${generatedAt} UTC`);
    field('Trailscope version', version);

    // Summary.
    heading('Summary');
    field('First event', span.first ? `${localTime(span.first, scope.timeZone)} (${span.first} UTC)` : 'none');
    field('Last event', span.last ? `${localTime(span.last, scope.timeZone)} (${span.last} UTC)` : 'none');
    const countTables: [string, 'action' | 'actor' | 'outcome'][] = [
      ['By action', 'action'],
      ['By actor', 'actor'],
      ['By outcome', 'outcome'],
    ];
    room(30 + TOP * 11);
    const tableTop = y + 4;
    let tableBottom = tableTop;
    countTables.forEach(([title, name], i) => {
      const x = MARGIN + i * (WIDTH / 3);
      const width = WIDTH / 3 - 16;
      let at = tableTop;
      line(title, x, at, BOLD, 9);
      at += 13;
      const facet = facets.facets[name];
      const rows = facet.values.map((v) => [v.value, v.count] as const);
      if (facet.missing > 0) rows.push(['(none)', facet.missing]);
      for (const [value, count] of rows) {
        const n = count.toLocaleString('en-US');
        const nWidth = measureWith(FONT, 8)(n);
        const [label = ''] = wrapText(clean(value), width - nWidth - 8, 1, measureWith(FONT, 8));
        line(label, x, at, FONT, 8);
        line(n, x + width - nWidth, at, FONT, 8);
        at += 10.5;
      }
      const others = facet.distinct - facet.values.length;
      if (others > 0) {
        line(`… and ${others.toLocaleString('en-US')} more value(s)`, x, at, FONT, 8);
        at += 10.5;
      }
      tableBottom = Math.max(tableBottom, at);
    });
    y = tableBottom + 8;

    // Timeline: its heading goes with the chart onto the next page when they do not fit here together.
    room(CHART_HEIGHT + 80);
    heading('Timeline');
    drawChart(chart);

    // Integrity.
    if (verification) drawIntegrity(verification);
    drawFindings(detections);
    drawBoard(board);
    drawTrail(trail);

    // Events.
    newPage();
    line('Events', MARGIN, y, BOLD, 13);
    y += 18;
    paragraph(
      `${span.events.toLocaleString('en-US')} event(s), oldest first; times in ${scope.timeZone}. '…' ends a value cut ` +
        "short, '¬' marks a word continued on the next line, '?' a character the PDF's standard font cannot show " +
        '(the exports hold every value whole).',
      { size: 8 },
    );
    y += 4;
    const measureCell = measureWith(FONT, TABLE_SIZE);
    // The header row, repeated on every page; a title wider than its column (a long zone name) wraps too.
    const titles = COLUMNS.map((column) =>
      wrapText(
        column.key === 'time' ? `Time (${clean(scope.timeZone)})` : column.title,
        column.width - 2 * CELL_PAD,
        2,
        measureWith(BOLD, TABLE_SIZE),
      ),
    );
    const headerHeight = Math.max(...titles.map((t) => t.length)) * TABLE_LINE + 4;
    const header = () => {
      doc.rect(MARGIN, y - 2, WIDTH, headerHeight).fill('#e4e4e4');
      doc.fillColor('black');
      let x = MARGIN;
      titles.forEach((lines, i) => {
        lines.forEach((text, n) => line(text, x + CELL_PAD, y + n * TABLE_LINE, BOLD, TABLE_SIZE));
        x += (COLUMNS[i] as (typeof COLUMNS)[number]).width;
      });
      y += headerHeight;
    };
    header();
    let after: Cursor | undefined;
    let shaded = false;
    for (;;) {
      if (signal.aborted) throw cancelledError();
      const page = await queryPage(store, { query, order: 'asc', limit: PAGE_ROWS, ...zone, after });
      for (const event of page.events) {
        const cells = eventCells(event, scope.timeZone).map((value, i) => {
          const column = COLUMNS[i] as (typeof COLUMNS)[number];
          return wrapText(clean(value), column.width - 2 * CELL_PAD, column.lines, measureCell);
        });
        const height = Math.max(...cells.map((c) => c.length)) * TABLE_LINE + 3;
        if (y + height > BOTTOM) {
          newPage();
          header();
          shaded = false;
        }
        if (shaded)
          doc
            .rect(MARGIN, y - 1.5, WIDTH, height)
            .fill('#f4f4f4')
            .fillColor('black');
        shaded = !shaded;
        let x = MARGIN;
        cells.forEach((lines, i) => {
          lines.forEach((text, n) => line(text, x + CELL_PAD, y + n * TABLE_LINE, FONT, TABLE_SIZE));
          x += (COLUMNS[i] as (typeof COLUMNS)[number]).width;
        });
        y += height;
      }
      done += page.events.length;
      progress('writing events', done, span.events, bytes, started);
      if (!page.next) break;
      after = page.next;
    }

    // Appendix.
    newPage();
    line('Appendix: exported files', MARGIN, y, BOLD, 13);
    y += 20;
    const exported = options.exportedFiles ?? [];
    if (exported.length === 0)
      paragraph(
        'No files were exported with this report: it was made on its own, not as part of an evidence package.',
        {},
      );
    for (const f of exported) {
      room(24);
      paragraph(f.name, { font: BOLD, size: 8 });
      paragraph(`SHA-256 ${f.sha256}   ${f.bytes.toLocaleString('en-US')} bytes`, { size: 8 });
      y += 3;
    }
    y += 8;
    paragraph("This report's own SHA-256 is recorded in the case journal (its `report` entry).", { size: 8 });
    paragraph(
      replaced.count === 0
        ? 'Every character of the values shown could be drawn in the standard PDF font.'
        : `${replaced.count.toLocaleString('en-US')} character(s) outside the standard PDF font's character set ` +
            '(WinAnsi), among them control characters and text-direction overrides, are shown as ?. The exports ' +
            'hold the exact values.',
      { size: 8 },
    );

    doc.end();
    await written;
    if (signal.aborted) throw cancelledError();
    await commitOutput(out);
  } catch (error) {
    doc.unpipe(file);
    file.destroy();
    if (!file.closed) await new Promise<void>((resolve) => file.once('close', () => resolve()));
    await discardOutput(out);
    throw error;
  }
  const sha256 = hash.digest('hex');
  await store.journal('report', {
    query: scope.query,
    timeZone: scope.timeZone,
    file: basename(out.path),
    path: out.path,
    bytes,
    sha256,
    pages,
    events: done,
  });
  return { path: out.path, pages, events: done, bytes, sha256 };
}

/**
 * pdfkit encodes and measures every string it draws glyph by glyph, kerning pair by kerning pair (and measures it
 * again to place it); a report draws the same actions, actors, IPs and outcomes thousands of times. This keeps the
 * font's results for the strings it has seen (bounded): 10 000 events took ~25% less CPU. It reaches into pdfkit's
 * font object (`_font.encode`, `_font.widthOfString`), so where those are not there it does nothing.
 */
function rememberGlyphWork(doc: PDFKit.PDFDocument): void {
  type Font = { encode?: (text: string) => unknown; widthOfString?: (text: string, size: number) => number };
  const font = (doc as unknown as { _font?: Font })._font;
  const encode = font?.encode;
  const widthOf = font?.widthOfString;
  if (!font || typeof encode !== 'function' || typeof widthOf !== 'function') return;
  const encodings = new Map<string, unknown>();
  const widths = new Map<string, number>();
  font.encode = (text: string) => {
    let encoded = encodings.get(text);
    if (encoded === undefined) {
      encoded = encode.call(font, text);
      if (encodings.size > 50_000) encodings.clear();
      encodings.set(text, encoded);
    }
    return encoded;
  };
  font.widthOfString = (text: string, size: number) => {
    const key = `${size}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = widthOf.call(font, text, size);
      if (widths.size > 100_000) widths.clear();
      widths.set(key, width);
    }
    return width;
  };
}

/** The table's cells of one event, in COLUMNS order. */
function eventCells(event: NormalizedEvent, timeZone: string): string[] {
  return [
    localTime(event.occurred_at, timeZone),
    event.action,
    actorLabel(event),
    targetLabel(event),
    event.ip ?? '',
    event.outcome,
    describeEvent(event),
  ];
}
