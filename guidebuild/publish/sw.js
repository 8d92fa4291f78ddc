// The site's service worker (sw.js at the site root, so its scope is the
// whole site). Written by guidebuild/publish/offline.py, which puts this
// deploy's manifest in place of the MANIFEST line below.
//
// * Content-named files (the manifest's `shell` and `runtime`: a name
//   changes whenever its bytes do) come from this deploy's cache first.
// * Pages come from the network first and fall back to the copy kept when
//   they were last read; a page never read offline gets the offline page.
//   A page is kept only if it is this deploy's (its kmc-deploy <meta>), so a
//   cached page never refers to files another deploy's cache holds.
// * Anything else of the site (search index, images) comes from the network
//   first and is kept for offline use.
// * "warm" (from a page, see offline.mjs): fetch the calculator's runtime
//   into the cache unless it is there already (at most once per deploy), never
//   when the reader's browser asks to save data or the connection is 2g,
//   unless the page has just downloaded them itself.
// * A new deploy installs on the next visit, copies the files it shares with
//   the old one (same name, same bytes), refreshes the pages read before,
//   takes over and deletes the old deploy's caches.

const MANIFEST = {"version": "dev", "shell": [], "runtime": [], "offline": "offline.html"}; // MANIFEST

const PREFIX = "kmc-";
const FILES = `${PREFIX}files-${MANIFEST.version}`;
const PAGES = `${PREFIX}pages-${MANIFEST.version}`;
const scope = new URL("./", self.location).href;
const url = (path) => new URL(path, scope).href;
const SHELL = MANIFEST.shell.map(url);
const RUNTIME = MANIFEST.runtime.map(url);
const NAMED = new Set([...SHELL, ...RUNTIME]);
const OFFLINE = url(MANIFEST.offline);
const MARK = `<meta name="kmc-deploy" content="${MANIFEST.version}">`;

function slowOrSaving() {
  const c = self.navigator.connection;
  return Boolean(c && (c.saveData || c.effectiveType === "2g" || c.effectiveType === "slow-2g"));
}

// How many files a warm-up fetches at once: a handful of small files each
// cost a round trip, which side by side they share, while the big ones
// (first in the manifest's list) fill the line.
const PARALLEL = 6;

// Files of `urls` this deploy's cache lacks: copied from an older deploy's
// cache when it has the same name (so the same bytes), else fetched when
// `fetchMissing`, PARALLEL at a time in the order of `urls`. Resolves to the
// number still missing.
async function fill(urls, fetchMissing) {
  const cache = await caches.open(FILES);
  const wanted = [];
  let missing = 0;
  for (const u of urls) {
    if (await cache.match(u)) continue;
    const old = await caches.match(u);
    if (old) await cache.put(u, old);
    else if (fetchMissing) wanted.push(u);
    else missing += 1;
  }
  let next = 0;
  const fetchNext = async () => {
    while (next < wanted.length) {
      const u = wanted[next++];
      try {
        const response = await fetch(u);
        if (response.ok) await cache.put(u, response);
        else missing += 1;
      } catch {
        missing += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, wanted.length) }, fetchNext));
  return missing;
}

let warming = null;
// `loaded`: the page has just downloaded these files itself (the calculator
// page once ready), so they come from the HTTP cache whatever the connection.
function warm(loaded) {
  if (!loaded && slowOrSaving()) return Promise.resolve("skipped");
  warming ??= fill(RUNTIME, true).then((missing) => (missing ? "incomplete" : "done")).finally(() => {
    warming = null;
  });
  return warming;
}

async function olderCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== FILES && name !== PAGES);
}

// The pages read before this service worker could keep them: those open
// now (the page that installs it was read without it) and those an older
// deploy kept, fetched again for this deploy. A page that fails to arrive is
// simply not kept.
async function keepReadPages() {
  const urls = new Set();
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    if (client.url.startsWith(scope)) urls.add(pageKey(client.url));
  }
  for (const name of await olderCaches()) {
    if (!name.startsWith(`${PREFIX}pages-`)) continue;
    for (const request of await (await caches.open(name)).keys()) urls.add(request.url);
  }
  const pages = await caches.open(PAGES);
  for (const u of urls) {
    try {
      await keepPage(pages, u, await fetch(u, { cache: "no-cache" }));
    } catch {
      // Offline meanwhile: the page is kept when it is read again online.
    }
  }
}

async function runtimeWasCached() {
  for (const name of await olderCaches()) {
    if (!name.startsWith(`${PREFIX}files-`)) continue;
    const keys = await (await caches.open(name)).keys();
    if (keys.some((r) => r.url.endsWith(".wasm"))) return true;
  }
  return false;
}

async function missingOf(urls) {
  const cache = await caches.open(FILES);
  const out = [];
  for (const u of urls) if (!(await cache.match(u))) out.push(u);
  return out;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await fill(SHELL, false);
    const cache = await caches.open(FILES);
    // The offline page keeps its name across deploys: never the HTTP cache's copy.
    await cache.add(new Request(OFFLINE, { cache: "no-cache" }));
    await cache.addAll(await missingOf(SHELL));
    // A reader who had the calculator offline keeps it across the deploy.
    await fill(RUNTIME, (await runtimeWasCached()) && !slowOrSaving());
    await keepReadPages();
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await olderCaches()) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "warm") {
    event.waitUntil(warm(Boolean(event.data.loaded)).then((outcome) => {
      if (event.source) event.source.postMessage({ type: "warm", outcome, version: MANIFEST.version });
    }));
  }
});

function pageKey(u) {
  const k = new URL(u);
  k.search = "";
  k.hash = "";
  return k.href;
}

// Kept only if it is this deploy's page; another deploy's page means a new
// deploy is out, so look for its service worker.
async function keepPage(cache, u, response) {
  if (!response.ok || response.type !== "basic" || response.redirected) return;
  const text = await response.clone().text();
  if (text.includes(MARK)) await cache.put(pageKey(u), response);
  else await self.registration.update().catch(() => {});
}

async function offlinePage() {
  const cached = await caches.match(OFFLINE, { cacheName: FILES });
  if (!cached) return Response.error();
  // The offline page stands in for any address: its links are the site
  // root's.
  const text = (await cached.text()).replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/i,
    `$1<base href="${scope}">`);
  return new Response(text, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

// Pages are always revalidated (GitHub Pages lets a browser keep one for ten
// minutes): online, the reader gets the deploy the server has now.
async function page(request, later) {
  let response;
  try {
    response = await fetch(request.url, { cache: "no-cache", credentials: "same-origin" });
  } catch {
    return (await caches.match(pageKey(request.url), { cacheName: PAGES })) || offlinePage();
  }
  // A navigation must not be answered with a followed redirect.
  if (response.redirected) return Response.redirect(response.url, 301);
  const copy = response.clone();
  later(caches.open(PAGES).then((cache) => keepPage(cache, request.url, copy)));
  return response;
}

async function named(request, later) {
  const cache = await caches.open(FILES);
  const hit = await cache.match(request.url);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") later(cache.put(request.url, response.clone()));
  return response;
}

async function other(request, later) {
  const cache = await caches.open(FILES);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") later(cache.put(request, response.clone()));
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET" || !request.url.startsWith(scope) || request.headers.has("range")) return;
  if (request.url === self.location.href) return;
  const handler = request.mode === "navigate" ? page : NAMED.has(request.url) ? named : other;
  // What a handler does after answering (keeping a copy) runs on while the
  // page reads the answer: the service worker lives until it is done.
  const tasks = [];
  const response = handler(request, (task) => tasks.push(task.catch(() => {})));
  event.respondWith(response);
  event.waitUntil(response.then(() => Promise.all(tasks), () => {}));
});
