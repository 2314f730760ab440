// The flow model with its data and without its judgements, for while a lesson's question waits:
// "✖ stale copy", "◆ old version · edited at 184 ms", "unreachable", a chip struck through or
// outlined, a "missing: …" chip, a layer's count of such copies. Each is the comparison with the
// database the learner is asked to make (and "unreachable" says whether the next request reads
// the entry), so it would answer "will the reload show it?". The entries, titles and dates stay,
// and so does the database's own "row deleted, committed at 184 ms" (what it holds, not a verdict).
import { GLYPH } from '../ui/palette';
import type { FlowModel, Line, Row, Seg } from './layerModel';

const FLAGGED_CHIP = /\bchip-(deleted|old)\b/;
const GLYPH_PREFIX = new RegExp(`^(?:${GLYPH.deleted}|${GLYPH.back}) `);

function plainSeg(s: Seg): Seg | null {
  if (s.mark) return null;
  if (s.cls && /\bchip-missing\b/.test(s.cls)) return null;
  if (s.cls && FLAGGED_CHIP.test(s.cls)) return { text: s.text.replace(GLYPH_PREFIX, ''), cls: 'chip' };
  return s;
}

function plainLine(l: Line): Line | null {
  const segs = l.segs.map(plainSeg).filter((s): s is Seg => s !== null);
  // A line that was only a judgement (a calendar's "missing" item) is not data.
  if (!segs.length) return null;
  return { segs, item: l.item, testid: l.testid };
}

function plainRow(row: Row): Row {
  return { ...row, copies: 0, olds: 0, lines: row.lines.map(plainLine).filter((l): l is Line => l !== null) };
}

export function withoutJudgements(model: FlowModel): FlowModel {
  return { ...model, rows: model.rows.map(plainRow) };
}
