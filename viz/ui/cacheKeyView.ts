// The cache-key view: the month grid of the range FullCalendar requested (end exclusive) beside
// the exact keys the delete, edit or create view's invalidation removed, as bars over the same
// days, and what became of the answer cached for the requested range (which key still holds the
// deleted item or the old version, stored before or after the commit), then every answer cached
// for another range that is wrong about the change. Computed from the run.
import { answerWords, storedWords, type CacheKeyAnalysis, type CachedAnswer, type KeyRange } from '../model/cacheKeys';
import { clear, el } from './dom';
import { GLYPH } from './palette';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function renderCacheKeys(root: HTMLElement, a: CacheKeyAnalysis | null, runName: string, run: number): void {
  clear(root);
  root.setAttribute('data-testid', `keys-${run}`);
  if (!a) {
    root.append(el('h3', {}, `Run ${runName}: no delete, edit or create in this run`), el('p', { class: 'muted' }, 'The cache-key view explains a delete, an edit or a create; this run has none.'));
    return;
  }
  const of = a.count > 1 ? ` (${a.sameKind ? a.kind : 'change'} ${a.ordinal} of ${a.count})` : '';
  root.append(
    el('h3', {}, `Run ${runName}: cache keys when ${a.user} ${a.kind}s "${a.itemTitle}"${a.oldTitle ? ` (was "${a.oldTitle}")` : ''} at ${a.clickT} ms${of}`),
    el('p', { class: 'keys-verdict', 'data-testid': `keys-verdict-${run}` }, a.verdict),
  );
  if (!a.requested) return;
  const days = a.days;
  const covered = new Set<string>();
  for (const r of a.ranges) for (const d of days) if (d >= r.start && d < r.end) covered.add(d);

  const grid = el('div', { class: 'month-grid', role: 'table', 'aria-label': `requested range ${a.requested.start} to ${a.requested.end}, end exclusive` });
  const first = days.length ? weekday(days[0]) : 0;
  const head = el('div', { class: 'mg-row mg-head', role: 'row' });
  for (let i = 0; i < 7; i++) head.append(el('span', { role: 'columnheader' }, WEEKDAYS[(first + i) % 7]));
  grid.append(head);
  for (let w = 0; w < Math.ceil(days.length / 7); w++) {
    const row = el('div', { class: 'mg-row', role: 'row' });
    for (const d of days.slice(w * 7, w * 7 + 7)) {
      const [, m, day] = d.split('-').map(Number);
      const cell = el(
        'span',
        { role: 'cell', class: `mg-cell mg-m${m % 2}${covered.has(d) ? ' mg-covered' : ''}`, title: `${d}${covered.has(d) ? ': inside a deleted key range' : ''}` },
        el('b', {}, day === 1 ? `${MONTHS[m - 1]} 1` : String(day)),
      );
      // A name on a plain <i> is not read (ARIA prohibits it on a generic element): the mark is an image.
      if (covered.has(d)) cell.append(el('i', { role: 'img', 'aria-label': 'inside a deleted key range' }, '✂'));
      row.append(cell);
    }
    grid.append(row);
  }
  const figure = el(
    'figure',
    { class: 'keys-grid' },
    el('figcaption', {}, `FullCalendar requested ${a.requested.start} → ${a.requested.end}: ${days.length} days, end exclusive (the next day, ${a.requested.end}, is not included).`),
    grid,
    el('p', { class: 'legend' }, '✂ = a deleted key covers this day (with the same start and end, only then does it match).'),
  );

  const side = el('div', { class: 'keys-side' });
  side.append(el('h4', {}, 'Requested range'), rangeBar(days, a.requested.start, a.requested.end, 'request'));
  side.append(el('h4', {}, `Keys the invalidation deleted (${a.totalDeleted})`));
  if (!a.ranges.length && !a.otherKeys.length) side.append(el('p', { class: 'muted' }, 'none'));
  const list = el('ul', { class: 'key-ranges' });
  for (const r of a.ranges) list.append(rangeItem(days, r));
  if (a.otherKeys.length) list.append(el('li', {}, el('span', { class: 'mono' }, a.otherKeys.slice(0, 3).join(', ')), a.otherKeys.length > 3 ? ` … ${a.otherKeys.length - 3} more` : ''));
  side.append(list);
  if (a.bumps.length) {
    side.append(el('h4', {}, 'Version bump'));
    const ul = el('ul');
    for (const b of a.bumps) ul.append(el('li', { class: 'mono' }, b.text));
    side.append(ul);
  }
  side.append(el('h4', {}, 'Answer cached for the requested range'));
  const ans = el('ul', { class: 'answers' });
  if (!a.answers.length) ans.append(el('li', { class: 'muted' }, 'nothing cached'));
  for (const x of a.answers) ans.append(answerItem(a, x, 'cached-answer'));
  side.append(ans);
  // The view's analysis is about the requested range; a wrong copy cached for another (the next
  // month's grid, another user's) is served to whoever asks for that range, so it is listed too.
  side.append(el('h4', {}, 'Other cached ranges with a wrong copy'));
  if (!a.elsewhere.length) side.append(el('p', { class: 'muted', 'data-testid': 'cached-elsewhere-none' }, 'none: no answer cached for another range is wrong about this change'));
  else {
    const other = el('ul', { class: 'answers' });
    for (const x of a.elsewhere) other.append(answerItem(a, x, 'cached-elsewhere', `${x.start} → ${x.end}: `));
    side.append(other);
  }
  root.append(el('div', { class: 'keys-body' }, figure, side));
}

function answerItem(a: CacheKeyAnalysis, x: CachedAnswer, testid: string, range = ''): HTMLElement {
  const state = x.survived ? (x.superseded ? `${x.late ? `stored while the ${a.kind} ran` : 'survives'}, but unreachable (old version)` : x.late ? `stored while the ${a.kind} ran` : `survives the ${a.kind}`) : 'deleted';
  const bad = x.survived && !x.superseded && x.holdsStale;
  const stored = storedWords(x, a.kind, a.commitT);
  return el(
    'li',
    { 'data-testid': testid, 'data-state': bad ? 'stale' : 'ok' },
    range,
    el('span', { class: 'mono' }, x.key),
    ' on ',
    el('span', {}, x.cache),
    ': ',
    el('span', { class: bad ? 's-badge-deleted' : 's-badge-fresh' }, `${bad ? (a.kind === 'delete' ? GLYPH.deleted : GLYPH.back) : GLYPH.fresh} ${state}`),
    x.holdsStale ? el('span', { class: 's-muted' }, ` · ${answerWords(a.kind, a.itemTitle, x.oldValue)}`) : '',
    stored ? el('span', { class: 's-muted', 'data-testid': 'cached-answer-stored' }, ` · ${stored}`) : '',
  );
}

function rangeBar(days: string[], start: string, end: string, kind: string): HTMLElement {
  const bar = el('span', { class: `range-bar range-${kind}`, 'aria-hidden': 'true' });
  for (const d of days) bar.append(el('i', { class: d >= start && d < end ? 'on' : '' }));
  const before = start < (days[0] ?? start);
  const after = end > (days[days.length - 1] ?? end);
  return el('span', { class: 'range' }, before ? '◂' : ' ', bar, after ? '▸' : ' ', el('span', { class: 'mono' }, ` ${start} → ${end}`));
}

function rangeItem(days: string[], r: KeyRange): HTMLElement {
  const overlaps = days.some((d) => d >= r.start && d < r.end);
  return el(
    'li',
    { 'data-testid': 'deleted-range', 'data-match': String(r.matchesRequest), 'data-hits-cached': String(r.hitsCached) },
    rangeBar(days, r.start, r.end, r.matchesRequest ? 'match' : 'miss'),
    el(
      'span',
      { class: r.hitsCached ? 's-badge-fresh' : 's-badge-deleted' },
      r.hitsCached ? '= the cached key' : r.matchesRequest ? '= requested range, ≠ the cached key' : overlaps ? '≠ requested range' : 'outside the requested range',
    ),
    el('span', { class: 's-muted' }, ` ${r.keys.length} key(s), ${r.existed.length} existed`),
  );
}
