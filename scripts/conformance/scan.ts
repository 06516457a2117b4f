// Scan vitest sources for the tests they declare and the rule tags each one carries.
//
// A small lexer (comments, string and template literals, regex literals, punctuation) finds every
// `describe(…)` / `it(…)` / `test(…)` call (also `.each(…)(…)`, `.skip`, `.only`, `.concurrent`,
// `.sequential`, `.skipIf(…)`, `.runIf(…)`, `.for(…)`) with its title and extent. Tags (rule ids
// of rules.ts) are attributed to a test when they appear
//   - in its title or the title of an enclosing describe,
//   - in the comments directly above its call or above an enclosing describe's call,
//   - anywhere in its body (comments and string literals, e.g. expect messages).
// Tags elsewhere (file headers, helpers, describe bodies outside any test) are not attributed:
// they are listed per file as `unattributed` so a mapping entry can be written where they are
// meant.

export interface ScannedTest {
  file: string;
  /** Titles as written: enclosing describes, then the test. */
  titles: string[];
  /** The same as regular expressions (template holes and printf formats are wildcards). */
  patterns: RegExp[];
  line: number;
  /** Tag → where it was found ('title' | 'comment' | 'body'). */
  tags: Map<string, 'title' | 'comment' | 'body'>;
}

export interface ScannedFile {
  file: string;
  tests: ScannedTest[];
  /** Tags found outside every test (header comments, helpers). */
  unattributed: string[];
}

type TokType = 'comment' | 'string' | 'template' | 'regex' | 'ident' | 'punct' | 'number';
interface Tok {
  type: TokType;
  text: string;
  start: number;
  end: number;
  line: number;
}

const REGEX_PRECEDERS = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_KEYWORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await']);

export function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  const push = (type: TokType, start: number, startLine: number): void => {
    toks.push({ type, text: src.slice(start, i), start, end: i, line: startLine });
  };
  const lastSignificant = (): Tok | undefined => {
    for (let k = toks.length - 1; k >= 0; k--) if (toks[k]!.type !== 'comment') return toks[k];
    return undefined;
  };
  // Template literal from i (at the backquote) to its end, nested ${ } included.
  const template = (): void => {
    i++;
    while (i < n) {
      const c = src[i]!;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '\n') line++;
      if (c === '`') {
        i++;
        return;
      }
      if (c === '$' && src[i + 1] === '{') {
        i += 2;
        let depth = 1;
        while (i < n && depth > 0) {
          const d = src[i]!;
          if (d === '\n') line++;
          if (d === '`') {
            template();
            continue;
          }
          if (d === "'" || d === '"') {
            quoted(d);
            continue;
          }
          if (d === '{') depth++;
          else if (d === '}') depth--;
          i++;
        }
        continue;
      }
      i++;
    }
  };
  const quoted = (q: string): void => {
    i++;
    while (i < n && src[i] !== q) {
      if (src[i] === '\\') i++;
      else if (src[i] === '\n') break;
      i++;
    }
    i++;
  };
  while (i < n) {
    const c = src[i]!;
    const start = i;
    const startLine = line;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      push('comment', start, startLine);
    } else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? n : e + 2;
      for (let k = start; k < i; k++) if (src[k] === '\n') line++;
      push('comment', start, startLine);
    } else if (c === "'" || c === '"') {
      quoted(c);
      push('string', start, startLine);
    } else if (c === '`') {
      template();
      push('template', start, startLine);
    } else if (c === '/') {
      const prev = lastSignificant();
      const isRegex = !prev || (prev.type === 'punct' && REGEX_PRECEDERS.has(prev.text)) || (prev.type === 'ident' && REGEX_KEYWORDS.has(prev.text));
      if (isRegex) {
        i++;
        let inClass = false;
        while (i < n && src[i] !== '\n') {
          const d = src[i]!;
          if (d === '\\') i++;
          else if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          i++;
        }
        i++;
        while (i < n && /[a-z]/i.test(src[i]!)) i++;
        push('regex', start, startLine);
      } else {
        i++;
        push('punct', start, startLine);
      }
    } else if (/[A-Za-z_$]/.test(c)) {
      while (i < n && /[\w$]/.test(src[i]!)) i++;
      push('ident', start, startLine);
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[\w.]/.test(src[i]!)) i++;
      push('number', start, startLine);
    } else {
      i++;
      push('punct', start, startLine);
    }
  }
  return toks;
}

// ------------------------------------------------------------------ tags

/**
 * Rule ids named in a text: `D<n>` (decisions 1..21) and fact-sheet §6 checklist items written
 * `§6.<n>`, `§6 item <n>` or `§6 items <list>` (list of numbers, ranges a-b, separated by
 * `,`, `/`, `and`). A bare `§6` names no item.
 */
export function tagsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\bD(\d{1,2})\b/g)) {
    const k = Number(m[1]);
    if (k >= 1 && k <= 21) out.add(`D${k}`);
  }
  for (const m of text.matchAll(/§\s*6\.(\d{1,2})\b/g)) {
    const k = Number(m[1]);
    if (k >= 1 && k <= 27) out.add(`§6.${k}`);
  }
  for (const m of text.matchAll(/§\s*6,?\s+items?\s+((?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:\s*(?:,|\/|and)\s*)?)+)/g)) {
    for (const part of m[1]!.split(/\s*(?:,|\/|and)\s*/)) {
      const r = /^(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?$/.exec(part.trim());
      if (!r) continue;
      const a = Number(r[1]);
      const b = r[2] ? Number(r[2]) : a;
      for (let k = a; k <= b && k <= 27; k++) if (k >= 1) out.add(`§6.${k}`);
    }
  }
  return [...out];
}

// ------------------------------------------------------------------ titles

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The literal text of a string / template token (template holes kept as `${…}`). */
function literalText(tok: Tok): string {
  return tok.text.slice(1, -1);
}

/** A title (string or template literal, or any expression) as a regexp over the reported title. */
export function titlePattern(tok: Tok | undefined, exprIsLiteral: boolean): RegExp {
  if (!tok || !exprIsLiteral) return /^.*$/s;
  let body = literalText(tok);
  if (tok.type === 'string') body = body.replace(/\\(.)/g, '$1');
  // Split on template holes ${…} (balanced) and printf-style formats of test.each (%s %d %i %f %j %o %#, $name).
  const parts: string[] = [];
  let lit = '';
  for (let k = 0; k < body.length; k++) {
    if (tok.type === 'template' && body[k] === '$' && body[k + 1] === '{') {
      let depth = 1;
      k += 2;
      while (k < body.length && depth > 0) {
        if (body[k] === '{') depth++;
        else if (body[k] === '}') depth--;
        k++;
      }
      k--;
      parts.push(escapeRe(lit), '.*?');
      lit = '';
    } else if (body[k] === '%' && /[sdifjoO#%]/.test(body[k + 1] ?? '')) {
      if (body[k + 1] === '%') lit += '%';
      else {
        parts.push(escapeRe(lit), '.*?');
        lit = '';
      }
      k++;
    } else if (body[k] === '$' && /[A-Za-z_]/.test(body[k + 1] ?? '')) {
      let e = k + 1;
      while (e < body.length && /[\w.]/.test(body[e]!)) e++;
      parts.push(escapeRe(lit), '.*?');
      lit = '';
      k = e - 1;
    } else {
      lit += body[k];
    }
  }
  parts.push(escapeRe(lit));
  return new RegExp(`^${parts.join('')}$`, 's');
}

// ------------------------------------------------------------------ calls

const CALLEES = new Set(['describe', 'it', 'test', 'suite']);
const MODIFIERS = new Set(['skip', 'only', 'concurrent', 'sequential', 'todo', 'fails', 'shuffle']);
const CALL_MODIFIERS = new Set(['each', 'skipIf', 'runIf', 'for']);

interface Call {
  kind: 'describe' | 'test';
  title: string;
  pattern: RegExp;
  titleTags: string[];
  commentTags: string[];
  /** Token index range of the whole call (callee to closing parenthesis). */
  from: number;
  to: number;
  line: number;
}

/** Index of the token closing the bracket opened at `open`. */
function matchClose(toks: Tok[], open: number): number {
  const o = toks[open]!.text;
  const c = o === '(' ? ')' : o === '[' ? ']' : '}';
  let depth = 0;
  for (let k = open; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.type !== 'punct') continue;
    if (t.text === o) depth++;
    else if (t.text === c && --depth === 0) return k;
  }
  return toks.length - 1;
}

function findCalls(toks: Tok[]): Call[] {
  const calls: Call[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.type !== 'ident' || !CALLEES.has(t.text)) continue;
    const prev = toks[k - 1];
    if (prev && prev.type === 'punct' && prev.text === '.') continue; // x.it(…)
    // callee chain: .skip / .each(…) …, then '(' title
    let j = k + 1;
    for (;;) {
      const dot = toks[j];
      const name = toks[j + 1];
      if (dot?.type === 'punct' && dot.text === '.' && name?.type === 'ident') {
        if (MODIFIERS.has(name.text)) {
          j += 2;
          continue;
        }
        if (CALL_MODIFIERS.has(name.text) && toks[j + 2]?.text === '(') {
          j = matchClose(toks, j + 2) + 1;
          continue;
        }
        if (name.text === 'each' && toks[j + 2]?.type === 'template') {
          j += 3; // test.each`table`
          continue;
        }
      }
      break;
    }
    const open = toks[j];
    if (!open || open.type !== 'punct' || open.text !== '(') continue;
    const close = matchClose(toks, j);
    const first = toks[j + 1];
    // The title is a literal when the first argument is exactly one string/template token.
    const afterFirst = toks[j + 2];
    const literal =
      !!first && (first.type === 'string' || first.type === 'template') && !!afterFirst && afterFirst.type === 'punct' && (afterFirst.text === ',' || afterFirst.text === ')');
    let title: string;
    if (literal) title = literalText(first);
    else {
      // source text of the first argument
      let e = j + 1;
      let depth = 0;
      for (; e < close; e++) {
        const x = toks[e]!;
        if (x.type === 'punct' && (x.text === '(' || x.text === '[' || x.text === '{')) depth++;
        else if (x.type === 'punct' && (x.text === ')' || x.text === ']' || x.text === '}')) depth--;
        else if (depth === 0 && x.type === 'punct' && x.text === ',') break;
      }
      title = toks
        .slice(j + 1, e)
        .map((x) => x.text)
        .join('');
    }
    // comments directly above the call
    const commentTags: string[] = [];
    for (let b = k - 1; b >= 0 && toks[b]!.type === 'comment'; b--) commentTags.push(...tagsIn(toks[b]!.text));
    calls.push({
      kind: t.text === 'describe' || t.text === 'suite' ? 'describe' : 'test',
      title,
      pattern: titlePattern(literal ? first : undefined, literal),
      titleTags: literal ? tagsIn(title) : [],
      commentTags,
      from: k,
      to: close,
      line: t.line,
    });
  }
  return calls;
}

/** Scan one test source. `file` is the path reported (repository-relative). */
export function scanSource(file: string, src: string): ScannedFile {
  const toks = lex(src);
  const calls = findCalls(toks);
  const describes = calls.filter((c) => c.kind === 'describe');
  const tests = calls.filter((c) => c.kind === 'test');
  const attributed = new Set<number>(); // token indices inside some test or in an attributed comment/title
  const out: ScannedTest[] = [];
  for (const t of tests) {
    const chain = describes.filter((d) => d.from < t.from && d.to >= t.to).sort((a, b) => a.from - b.from);
    const tags = new Map<string, 'title' | 'comment' | 'body'>();
    const add = (ids: string[], where: 'title' | 'comment' | 'body'): void => {
      for (const id of ids) if (!tags.has(id) || where === 'title') tags.set(id, where);
    };
    for (let k = t.from; k <= t.to; k++) {
      const x = toks[k]!;
      if (x.type === 'comment' || x.type === 'string' || x.type === 'template') add(tagsIn(x.text), 'body');
      attributed.add(k);
    }
    for (const d of chain) add(d.commentTags, 'comment');
    add(t.commentTags, 'comment');
    for (const d of chain) add(d.titleTags, 'title');
    add(t.titleTags, 'title');
    out.push({ file, titles: [...chain.map((d) => d.title), t.title], patterns: [...chain.map((d) => d.pattern), t.pattern], line: t.line, tags });
  }
  // Mark the comments above calls and describe titles as attributed.
  for (const c of calls) {
    for (let b = c.from - 1; b >= 0 && toks[b]!.type === 'comment'; b--) attributed.add(b);
    for (let k = c.from; k < toks.length && k <= c.from + 8; k++) if (toks[k]!.type === 'string' || toks[k]!.type === 'template') {
      attributed.add(k);
      break;
    }
  }
  const unattributed = new Set<string>();
  toks.forEach((x, k) => {
    if (attributed.has(k)) return;
    if (x.type === 'comment' || x.type === 'string' || x.type === 'template') for (const id of tagsIn(x.text)) unattributed.add(id);
  });
  return { file, tests: out, unattributed: [...unattributed] };
}
