// Site search: Material's search dialog, answered by Pagefind.
//
// Pagefind's index is built over the finished site by hooks/search.py (with
// Japanese segmentation and the alternates the hook adds). Searching starts on
// every `input` event, so text that arrives without key events (a paste,
// voice input, an IME commit) searches too, not only typing.
// Results are built as DOM nodes: the excerpt's <mark>s are recreated from
// text, nothing from the index is inserted as HTML.

const MAX_RESULTS = 10;
const DELAY_MS = 120;

let pagefind = null;

function config() {
  const el = document.getElementById("__config");
  return el ? JSON.parse(el.textContent) : { base: ".", translations: {} };
}

async function loadPagefind(base) {
  if (!pagefind) {
    // base is "." or ".." on pages, the site's path ("/", "/kmc-guide/") on the 404 page.
    const root = new URL(base.endsWith("/") ? base : `${base}/`, location.href);
    const terms = fetch(new URL("pagefind/kmc-terms.json", root))
      .then((r) => (r.ok ? r.json() : {}))
      .catch(() => ({}));
    const pf = import(new URL("pagefind/pagefind.js", root).href).then(async (mod) => {
      await mod.options({ baseUrl: root.pathname });
      return mod;
    });
    pagefind = Promise.all([pf, terms]).then(([mod, words]) => ({ pf: mod, terms: words }));
  }
  return pagefind;
}

// A reading (かいやく) or an everyday word (キャンセル) of one of the guide's
// terms, typed as a word of the query or inside one (検証用アカウント), becomes
// the guide's word (解約, 試験用): the list is guidebuild/publish/search_terms.py,
// written beside the index. Longer words first; a word that already holds
// the guide's word (年末年始 holds 年末's 年末年始) is left alone.
// A word all in katakana is also looked up in hiragana (KAIYAKU typed in
// katakana is the reading of the guide's word), as search_terms.hiragana does;
// the list maps a katakana spelling's hiragana back to itself, so the
// guide's own katakana words stay as typed.
const KATAKANA = /^[\u30a1-\u30f6\u30fc]+$/;
const hiragana = (word) => word.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

function guideWords(query, terms) {
  const keys = Object.keys(terms).sort((a, b) => b.length - a.length);
  return query.split(/\s+/).map((word) => {
    const low = word.toLowerCase();
    if (terms[low]) return terms[low];
    if (KATAKANA.test(word) && terms[hiragana(word)]) return terms[hiragana(word)];
    let out = word;
    for (const key of keys) {
      const i = out.toLowerCase().indexOf(key);
      if (i >= 0 && !out.includes(terms[key])) out = out.slice(0, i) + terms[key] + out.slice(i + key.length);
    }
    return out;
  }).join(" ");
}

// Pagefind ANDs the words of a query. A Japanese compound typed without
// spaces (請求書宛先) may not match the words the index was cut into; then
// search its parts (cut by the browser's own Japanese word segmenter) and
// rank pages by how many parts they hold, then by Pagefind's score.
// Returns the results and the query's words an excerpt may highlight.
async function find({ pf, terms }, raw) {
  const typed = raw.normalize("NFKC").trim();
  const query = guideWords(typed, terms);
  const marks = markable(`${typed} ${query}`);
  const whole = await pf.search(query);
  if (whole.results.length || typeof Intl.Segmenter !== "function") return { results: whole.results, marks };
  const words = [...new Intl.Segmenter("ja", { granularity: "word" }).segment(query)]
    .filter((s) => s.isWordLike && !SINGLE_KANA.test(s.segment))
    .map((s) => s.segment);
  if (words.length < 2) return { results: [], marks };
  const found = new Map();
  for (const part of await Promise.all(words.map((w) => pf.search(w)))) {
    for (const r of part.results) {
      const seen = found.get(r.id) || { r, hits: 0, score: 0 };
      seen.hits += 1;
      seen.score += r.score;
      found.set(r.id, seen);
    }
  }
  const results = [...found.values()]
    .sort((a, b) => b.hits - a.hits || b.score - a.score)
    .map((x) => x.r);
  return { results, marks };
}

// What an excerpt may highlight: the query's words, whole, and the words the
// browser's segmenter cuts them into, unless a single character or all
// hiragana (a function word such as desu or iru is never a hit).
function markable(text) {
  const whole = text.toLowerCase().split(/\s+/).filter((w) => w && !SINGLE_KANA.test(w));
  const parts = typeof Intl.Segmenter !== "function" ? [] : whole.flatMap((w) =>
    [...new Intl.Segmenter("ja", { granularity: "word" }).segment(w)].map((s) => s.segment));
  return { whole, parts: parts.filter((p) => p.length > 1 && !HIRAGANA.test(p)) };
}

const HIRAGANA = /^[\p{Script=Hiragana}\u30fc]+$/u;

// Whether a highlighted run of the excerpt is a whole matched word: it holds
// a word of the query or one of its parts.
function isHit(text, marks) {
  const t = text.normalize("NFKC").toLowerCase().trim();
  if (t.length < 2) return false;
  return [...marks.whole, ...marks.parts].some((w) => t.includes(w));
}

// A particle or a lone kana (の, が, い) is no word worth searching or highlighting.
const SINGLE_KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;
// Where a block (heading, paragraph, cell) or a sentence ends in Pagefind's
// page text: blocks are joined with ". ".
const BOUNDARY = /(?:\.\s|[。！？\n])\s*/g;
const LOOK_BACK = 40;
const ELLIPSIS = "\u2026";

// Pagefind's excerpt as [text, marked] pieces. Pagefind marks each indexed
// word on its own (a term cut into a two-kanji word and one kanji): marks
// next to each other are joined into one, which is kept as a hit only if it
// is a whole word of the query (isHit).
function excerptPieces(excerpt, marks) {
  const doc = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const out = [];
  for (const node of doc.body.firstChild.childNodes) {
    const mark = node.nodeName === "MARK";
    const last = out[out.length - 1];
    if (mark && last && last[1]) last[0] += node.textContent;
    else out.push([node.textContent, mark]);
  }
  return out.map(([text, mark]) => [text, mark && isHit(text, marks)]);
}

// Pagefind cuts its excerpt a number of words before the hit, which may be
// inside a heading or a word. Start it instead where its block or sentence
// starts, when that is close; else at the next word, after an ellipsis. An
// excerpt from the hidden line of other spellings (hooks/search.py) is
// replaced by the page's opening words, unmarked.
function alignedPieces(data, marks) {
  let pieces = excerptPieces(data.excerpt || "", marks);
  const content = data.content || "";
  let plain = pieces.map(([t]) => t).join("");
  const terms = data.meta && data.meta.kmc_terms;
  const at = plain ? content.indexOf(plain.slice(0, 24)) : -1;
  if (at < 0) return pieces;
  const hidden = terms ? content.lastIndexOf(terms) : -1;
  const firstHit = pieces.findIndex(([, marked]) => marked);
  const hitAt = at + pieces.slice(0, Math.max(firstHit, 0)).reduce((n, [t]) => n + t.length, 0);
  if (hidden >= 0 && (at >= hidden || (firstHit >= 0 && hitAt >= hidden))) {
    return [[content.slice(0, Math.min(plain.length, hidden)).trim(), false]];
  }
  if (hidden >= 0 && at + plain.length > hidden) {
    pieces = cut(pieces, 0, hidden - at);
    plain = plain.slice(0, hidden - at);
  }
  let start = 0;
  for (const m of content.slice(0, at).matchAll(BOUNDARY)) start = m.index + m[0].length;
  if (at - start <= LOOK_BACK) {
    return [[content.slice(start, at), false], ...pieces];
  }
  // Too far back: start after a block or sentence end inside the excerpt,
  // before its first hit, if there is one.
  const hitIn = firstHit >= 0 ? hitAt - at : plain.length;
  for (const m of plain.slice(0, Math.min(hitIn, LOOK_BACK)).matchAll(BOUNDARY)) {
    return [[ELLIPSIS, false], ...cut(pieces, m.index + m[0].length, plain.length)];
  }
  // Else keep a start at a word, or move to the next word.
  let skip = 0;
  if (typeof Intl.Segmenter === "function") {
    const from = Math.max(start, at - 20);
    const starts = [...new Intl.Segmenter("ja", { granularity: "word" })
      .segment(content.slice(from, at + plain.length))].map((x) => from + x.index);
    if (!starts.includes(at)) skip = (starts.find((i) => i > at) ?? at) - at;
  }
  if (!skip) return [[ELLIPSIS, false], ...pieces];
  return [[ELLIPSIS, false], ...cut(pieces, skip, plain.length)];
}

// The pieces' text from character `from` to `to`, marks kept.
function cut(pieces, from, to) {
  const out = [];
  let pos = 0;
  for (const [text, marked] of pieces) {
    const a = Math.max(from, pos);
    const b = Math.min(to, pos + text.length);
    if (b > a) out.push([text.slice(a - pos, b - pos), marked]);
    pos += text.length;
  }
  return out;
}

function excerptNodes(data, marks) {
  return alignedPieces(data, marks).map(([text, marked]) => {
    if (!marked) return document.createTextNode(text);
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  });
}

function resultItem(data, marks) {
  const li = document.createElement("li");
  li.className = "md-search-result__item";
  const a = document.createElement("a");
  a.className = "md-search-result__link";
  a.href = data.url;
  const article = document.createElement("article");
  article.className = "md-search-result__article md-typeset";
  const title = document.createElement("h1");
  title.textContent = data.meta && data.meta.title ? data.meta.title : data.url;
  const text = document.createElement("p");
  text.append(...excerptNodes(data, marks));
  article.append(title, text);
  a.append(article);
  li.append(a);
  return li;
}

function countText(t, n) {
  if (n === 0) return t["search.result.none"] || "0";
  if (n === 1) return t["search.result.one"] || "1";
  return (t["search.result.other"] || "#").replace("#", String(n));
}

function setup(root) {
  if (root.dataset.kmcReady) return;
  root.dataset.kmcReady = "1";
  const { base, translations: t } = config();
  const input = root.querySelector("[data-kmc-search-input]");
  const form = root.querySelector("[data-kmc-search-form]");
  const meta = root.querySelector("[data-kmc-search-meta]");
  const list = root.querySelector("[data-kmc-search-results]");
  const toggle = document.getElementById("__search");
  let timer = 0;
  let seq = 0;

  const open = () => {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  };
  // Where the focus was before it entered the dialog: Esc returns it there.
  let returnTo = null;
  const shut = () => {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  };
  const close = () => {
    shut();
    const back = returnTo;
    returnTo = null;
    if (back && back.isConnected && back !== document.body) back.focus();
    else if (root.contains(document.activeElement)) document.activeElement.blur();
  };

  async function run() {
    const query = input.value.trim();
    const mine = ++seq;
    if (!query) {
      delete root.dataset.kmcQuery;
      list.replaceChildren();
      meta.textContent = t["search.result.placeholder"] || "";
      return;
    }
    const { results, marks } = await find(await loadPagefind(base), query);
    if (mine !== seq) return; // a newer query is under way
    const data = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== seq) return;
    list.replaceChildren(...data.map((d) => resultItem(d, marks)));
    meta.textContent = countText(t, results.length);
    root.dataset.kmcQuery = query;
  }

  const schedule = () => {
    open();
    clearTimeout(timer);
    timer = setTimeout(() => {
      run().catch((err) => {
        meta.textContent = t["search.result.none"] || "";
        console.warn("search failed", err);
      });
    }, DELAY_MS);
  };

  input.addEventListener("input", schedule);
  input.addEventListener("focus", () => {
    open();
    loadPagefind(base); // warm up while the reader types
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(schedule, 0));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && toggle && toggle.checked) close();
  });
  root.addEventListener("focusin", (e) => {
    if (e.relatedTarget && !root.contains(e.relatedTarget)) returnTo = e.relatedTarget;
  });
  // The overlay dims the page: it goes when the focus moves on to the page
  // (Tab past the box), not when a click inside the dialog blurs the box.
  root.addEventListener("focusout", (e) => {
    if (e.relatedTarget && !root.contains(e.relatedTarget)) {
      returnTo = null;
      shut();
    }
  });
  // On a phone Material holds the page still while the search is open and
  // frees it a moment after the search closes. A reader who tabs on from the
  // box meanwhile focuses elements the held page could not scroll to: once
  // the page is free, bring the focused one into view.
  new MutationObserver(() => {
    if (document.body.hasAttribute("data-md-scrolllock")) return;
    const el = document.activeElement;
    if (!el || el === document.body || root.contains(el)) return;
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight) el.scrollIntoView({ block: "nearest" });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-scrolllock"] });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked && document.activeElement !== input) input.focus();
    });
  }
}

function init() {
  const root = document.querySelector("[data-kmc-search]");
  if (root) setup(root);
}

if (typeof document$ !== "undefined") {
  document$.subscribe(init);
} else {
  init();
}
