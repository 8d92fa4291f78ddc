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
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
      await pf.options({ baseUrl: root.pathname });
      return pf;
    });
  }
  return pagefind;
}

// Pagefind ANDs the words of a query. A Japanese compound typed without
// spaces (請求書宛先) may not match the words the index was cut into; then
// search its parts (cut by the browser's own Japanese word segmenter) and
// rank pages by how many parts they hold, then by Pagefind's score.
async function find(pf, raw) {
  const query = raw.normalize("NFKC").trim();
  const whole = await pf.search(query);
  if (whole.results.length || typeof Intl.Segmenter !== "function") return whole.results;
  const words = [...new Intl.Segmenter("ja", { granularity: "word" }).segment(query)]
    .filter((s) => s.isWordLike)
    .map((s) => s.segment);
  if (words.length < 2) return [];
  const found = new Map();
  for (const part of await Promise.all(words.map((w) => pf.search(w)))) {
    for (const r of part.results) {
      const seen = found.get(r.id) || { r, hits: 0, score: 0 };
      seen.hits += 1;
      seen.score += r.score;
      found.set(r.id, seen);
    }
  }
  return [...found.values()]
    .sort((a, b) => b.hits - a.hits || b.score - a.score)
    .map((x) => x.r);
}

function excerptNodes(excerpt) {
  // Pagefind marks hits with <mark>; keep those, take everything else as text.
  const doc = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html");
  const out = [];
  for (const node of doc.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.push(mark);
    } else {
      out.push(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function resultItem(data) {
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
  text.append(...excerptNodes(data.excerpt || ""));
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
  const close = () => {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
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
    const pf = await loadPagefind(base);
    const results = await find(pf, query);
    if (mine !== seq) return; // a newer query is under way
    const data = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== seq) return;
    list.replaceChildren(...data.map(resultItem));
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
  root.addEventListener("keydown", (e) => {
    if (e.key === "Escape") close();
  });
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
