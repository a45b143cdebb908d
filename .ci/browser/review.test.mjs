// The review site in a real browser: Debian's Chromium, driven by
// playwright-core (no browser download), with axe-core injected from npm.
// Usage: node review.test.mjs SITE_DIR SCREENSHOT.png
// For each fact of every article page: clicking it presses its button and
// highlights exactly its spans (compared by the code-point offsets Rust
// wrote, and by text where a span stands alone). Also: dir="rtl" on an
// Arabic body, no console errors, axe-core with no violation on any page,
// where the reader's place goes when a fact is picked (1280 and 390 px),
// the keyboard, the filter, the entity pages, the picture of the process
// against the meetings table, and screenshots.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

const require = createRequire(import.meta.url);
const [site, screenshot] = process.argv.slice(2);
const failures = [];
const fail = (message) => { failures.push(message); console.log(`FAIL ${message}`); };

// Served on 127.0.0.1 (axe-core reads stylesheets, which file:// forbids).
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".png": "image/png" };
const root = path.resolve(site);
const server = http.createServer((req, res) => {
  const file = path.resolve(root, "." + decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root + path.sep)) { res.writeHead(403).end(); return; }
  try {
    const body = readFileSync(file);
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const consoleErrors = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));
// Nothing may be fetched from the network.
const requests = [];
page.on("request", (r) => { if (!r.url().startsWith(origin + "/")) requests.push(r.url()); });

/** Merges [start, end] intervals that overlap or touch. */
function merge(intervals) {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

async function axe(label) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const counts = {};
  for (const v of result) counts[v.impact] = (counts[v.impact] || 0) + 1;
  console.log(`axe ${label}: ${result.length} violations ${JSON.stringify(counts)} ${JSON.stringify(result)}`);
  // Every violation fails, whatever its impact.
  for (const v of result) fail(`axe ${label}: ${v.id} (${v.impact}, ${v.nodes} nodes)`);
}

let clicked = 0;
const pages = readdirSync(path.join(site, "articles")).filter((f) => f.endsWith(".html")).sort();
for (const file of pages) {
  await page.goto(`${origin}/articles/${file}`);
  const lang = await page.getAttribute("#body", "lang");
  const dir = await page.getAttribute("#body", "dir");
  if (lang === "ar" && dir !== "rtl") fail(`${file}: Arabic body with dir=${dir}`);
  const facts = await page.$$eval("button.pick", (bs) => bs.map((b) => b.dataset.fact));
  for (const id of facts) {
    const button = page.locator(`button.pick[data-fact="${id}"]`);
    await button.click();
    clicked += 1;
    if ((await button.getAttribute("aria-pressed")) !== "true") fail(`${file} ${id}: button not pressed`);
    const runs = await page.$$eval(".seg.hl", (segs) => {
      const out = [];
      for (const s of segs) {
        const start = Number(s.dataset.start), end = Number(s.dataset.end);
        const last = out[out.length - 1];
        if (last && last.end === start) { last.end = end; last.text += s.textContent; }
        else out.push({ start, end, text: s.textContent });
      }
      return out;
    });
    const spans = await page.$$eval(`[id="fact-${id}"] [data-start]`, (els) =>
      els.map((e) => ({ start: Number(e.dataset.start), end: Number(e.dataset.end), quote: e.querySelector("bdi").textContent })));
    const expected = merge(spans.map((s) => [s.start, s.end]));
    const got = runs.map((r) => [r.start, r.end]);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      fail(`${file} ${id}: highlighted ${JSON.stringify(got)}, spans ${JSON.stringify(expected)}`);
    }
    for (const s of spans) {
      const run = runs.find((r) => r.start === s.start && r.end === s.end);
      if (run && run.text !== s.quote) fail(`${file} ${id}: highlighted «${run.text}», quote «${s.quote}»`);
    }
  }
  if (file === pages[0] && facts.length > 0) {
    const first = page.locator(`button.pick[data-fact="${facts[0]}"]`);
    await first.click();
    if ((await first.getAttribute("aria-pressed")) !== "true") fail(`${file}: selecting a fact again`);
    await first.click();
    if ((await first.getAttribute("aria-pressed")) !== "false") fail(`${file}: a second click does not unselect`);
    if ((await page.locator(".seg.hl").count()) !== 0) fail(`${file}: highlights left after unselecting`);
    await first.click();
    const seg = page.locator(".seg.hl").first();
    await seg.click();
    const listed = await page.$$eval("#segment-facts a", (as) => as.map((a) => a.textContent));
    if (!listed.includes(facts[0])) fail(`${file}: clicking a segment lists ${JSON.stringify(listed)}`);
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(`screenshot ${screenshot}: ${file} with fact ${facts[0]} selected`);
  }
  await axe(file);
}
// Where the reader is: picking the last fact moves neither the page nor
// the list of facts, and brings its words into view beside it (desktop);
// on a phone, the facts keep their place, the text shows the words when
// flipped to, and flipping back finds the facts where they were.
const inView = (handle) => handle.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
});
const article = `${origin}/articles/${pages[0]}`;
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(article);
let last = page.locator("button.pick").last();
await last.scrollIntoViewIfNeeded();
let y = await page.evaluate(() => window.scrollY);
await last.click();
if ((await page.evaluate(() => window.scrollY)) !== y) fail(`desktop: picking the last fact scrolled the page from ${y} to ${await page.evaluate(() => window.scrollY)}`);
if (!(await inView(last))) fail("desktop: the pressed fact left the screen");
if (!(await inView(page.locator(".seg.hl").first()))) fail("desktop: the picked fact's words are not in view");
await page.screenshot({ path: screenshot.replace(/\.png$/, "-desktop-last.png") });
console.log(`desktop: picked the last fact at scrollY ${y}; page unmoved, its words in view`);

await page.setViewportSize({ width: 390, height: 844 });
await page.goto(article);
if ((await page.getAttribute("main.review", "data-show")) !== "facts") fail("phone: the facts are not shown first");
last = page.locator("button.pick").last();
await last.scrollIntoViewIfNeeded();
const factsBox = page.locator("main.review > section.facts");
const top = await factsBox.evaluate((b) => b.scrollTop);
y = await page.evaluate(() => window.scrollY);
await last.click();
if ((await factsBox.evaluate((b) => b.scrollTop)) !== top || (await page.evaluate(() => window.scrollY)) !== y) fail("phone: picking the last fact moved the list");
if (!(await inView(last)) || (await last.getAttribute("aria-pressed")) !== "true") fail("phone: the pressed fact is not in view, pressed");
await page.screenshot({ path: screenshot.replace(/\.png$/, "-phone-facts.png") });
await page.click(".flip button[data-side=text]");
if (!(await inView(page.locator(".seg.hl").first()))) fail("phone: flipped to the text, the picked words are not in view");
await page.screenshot({ path: screenshot.replace(/\.png$/, "-phone-text.png") });
await axe(`${pages[0]} at 390 px`);
await page.click(".flip button[data-side=facts]");
if ((await factsBox.evaluate((b) => b.scrollTop)) !== top || !(await inView(last))) fail("phone: flipping back lost the facts' place");
console.log(`phone: facts kept at scrollTop ${top}; the text shows the words; flipping back keeps the place`);

// From the keyboard: pick a fact with Enter, reach its words with Tab from
// the top of the page, and list their facts with Enter.
await page.setViewportSize({ width: 1280, height: 900 });
await page.goto(article);
const firstFact = page.locator("button.pick").first();
const firstId = await firstFact.getAttribute("data-fact");
await firstFact.focus();
await page.keyboard.press("Enter");
if ((await firstFact.getAttribute("aria-pressed")) !== "true") fail("keyboard: Enter does not pick a fact");
// From the top of the page, as a keyboard user who picked a fact would go
// back to read it.
await page.focus("header a");
let reached = false;
for (let i = 0; i < 40 && !reached; i++) {
  await page.keyboard.press("Tab");
  reached = await page.evaluate(() => document.activeElement.matches(".seg.hl"));
}
if (!reached) fail("keyboard: Tab never reaches the highlighted words");
await page.keyboard.press("Enter");
const listedByKey = await page.$$eval("#segment-facts a", (as) => as.map((a) => a.textContent));
if (!listedByKey.includes(firstId)) fail(`keyboard: Enter on the words lists ${JSON.stringify(listedByKey)}`);
console.log(`keyboard: picked ${firstId}, tabbed to its words, listed ${listedByKey.length} facts`);

// The filter: each choice shows exactly the facts that match it.
await page.goto(article);
const cards = await page.$$eval("article.fact", (cs) => cs.map((c) => ({ kind: c.dataset.kind, modality: c.dataset.modality, entities: c.dataset.entities })));
for (const [name, value, matches] of [
  ["kind", "meeting", (c) => c.kind === "meeting"],
  ["modality", "conditional", (c) => c.modality === "conditional"],
  ["entity", "iraq", (c) => c.entities.includes(" iraq ")],
]) {
  await page.selectOption(`form.filter select[name=${name}]`, value);
  const shown = await page.$$eval("article.fact", (cs) => cs.map((c) => !c.hidden));
  const expected = cards.map(matches);
  if (JSON.stringify(shown) !== JSON.stringify(expected)) fail(`filter ${name}=${value}: shows ${shown.filter(Boolean).length}, expected ${expected.filter(Boolean).length}`);
  if (!expected.some(Boolean)) fail(`filter ${name}=${value}: nothing to show, so the check proves nothing`);
  const count = await page.textContent("form.filter .shown");
  if (count !== `${expected.filter(Boolean).length} of ${cards.length} facts shown`) fail(`filter ${name}=${value}: says «${count}»`);
  console.log(`filter ${name}=${value}: ${count}`);
  await page.selectOption(`form.filter select[name=${name}]`, "");
}
if ((await page.$$eval("article.fact[hidden]", (cs) => cs.length)) !== 0) fail("filter: clearing every choice does not show every fact");

// The entity pages: each lists every fact that refers to it (as the fact
// cards' data-entities say), with links that reach the cards, and its roles
// at meetings as the index's rosters give them.
const refsOf = {};
for (const file of pages) {
  await page.goto(`${origin}/articles/${file}`);
  const cardRefs = await page.$$eval("article.fact", (cs) => cs.map((c) => c.dataset.entities.trim().split(" ").filter(Boolean)));
  for (const ids of cardRefs) for (const id of ids) refsOf[id] = (refsOf[id] || 0) + 1;
}
await page.goto(`${origin}/index.html`);
const rosterOf = {};
for (const [meeting, entity, role] of await page.$$eval("tr[data-meeting] [data-entity]", (ss) => ss.map((s) => [s.closest("tr").dataset.meeting, s.dataset.entity, s.dataset.role]))) {
  (rosterOf[entity] = rosterOf[entity] || []).push(`${meeting} ${role}`);
}
const entityPages = readdirSync(path.join(site, "entities")).filter((f) => f.endsWith(".html")).sort();
const indexLinks = await page.$$eval("#entities ~ div a, section[aria-labelledby=entities] a", (as) => as.map((a) => a.getAttribute("href")));
if (indexLinks.length !== entityPages.length) fail(`index links ${indexLinks.length} entity pages, ${entityPages.length} exist`);
let entityFacts = 0;
for (const file of entityPages) {
  const id = file.replace(/\.html$/, "");
  await page.goto(`${origin}/entities/${file}`);
  const rows = await page.$$eval("tr.ref a", (as) => as.map((a) => a.getAttribute("href")));
  if (rows.length !== (refsOf[id] || 0)) fail(`entities/${file}: ${rows.length} facts, the cards say ${refsOf[id] || 0}`);
  for (const href of rows) {
    const [target, anchor] = href.split("#");
    const html = readFileSync(path.resolve(root, "entities", target), "utf8");
    if (!html.includes(`id="${anchor}"`)) fail(`entities/${file} links ${href}, which has no #${anchor}`);
  }
  const roles = await page.$$eval("tr[data-role]:not([data-role=declined])", (trs) => trs.map((t) => `${t.dataset.meeting} ${t.dataset.role}`));
  if (JSON.stringify(roles.sort()) !== JSON.stringify((rosterOf[id] || []).sort())) fail(`entities/${file}: roles ${JSON.stringify(roles)}, index rosters ${JSON.stringify(rosterOf[id] || [])}`);
  entityFacts += rows.length;
  await axe(`entities/${file}`);
}
if (entityFacts === 0) fail("no entity page lists a fact");
console.log(`entities: ${entityPages.length} pages, ${entityFacts} fact rows, each as the cards and rosters say`);

await page.goto(`${origin}/index.html`);
await axe("index.html");

// The picture of the process against the meetings table: the same rounds,
// the same dates, and every roster entry of an asserted round as a mark
// with the same role (and no mark the table does not have, declined ones
// aside, which come from participation changes).
const fromTable = await page.$$eval("tr[data-round][data-modality=asserted]", (rows) => rows.map((tr) => ({
  round: tr.dataset.round,
  date: tr.cells[1].textContent,
  roster: Array.from(tr.querySelectorAll("[data-entity]")).map((s) => `${tr.dataset.round} ${s.dataset.entity} ${s.dataset.role}`),
})));
const fromPicture = await page.$$eval("figure.process svg", (svgs) => svgs.flatMap((svg) => [
  ...Array.from(svg.querySelectorAll("g.round")).map((g) => ({ round: g.dataset.round, date: g.dataset.date })),
]));
const marks = await page.$$eval("figure.process g.mark:not(.declined)", (gs) => gs.map((g) => `${g.dataset.round} ${g.dataset.entity} ${g.dataset.role}`));
const tableMarks = fromTable.flatMap((r) => r.roster).sort();
if (JSON.stringify(tableMarks) !== JSON.stringify([...marks].sort())) fail(`picture marks ${JSON.stringify(marks)} differ from the table's rosters ${JSON.stringify(tableMarks)}`);
for (const row of fromTable) {
  const column = fromPicture.find((c) => c.round === row.round);
  if (!column) fail(`round ${row.round} of the table is not in the picture`);
  else if (column.date !== row.date) fail(`round ${row.round}: picture dated ${column.date}, table ${row.date}`);
}
if (fromTable.length === 0 || marks.length === 0) fail("no round or no mark to compare");
console.log(`picture: ${fromPicture.length} rounds and ${marks.length} marks, as in the meetings table`);
// Every attesting fact is linked, and the link leads to its fact.
const links = await page.$$eval("tr[data-meeting] a[href*='#fact-']", (as) => as.map((a) => a.getAttribute("href")));
for (const href of links) {
  const [file, anchor] = href.split("#");
  const html = readFileSync(path.join(root, file), "utf8");
  if (!html.includes(`id="${anchor}"`)) fail(`index links ${href}, which has no #${anchor}`);
}
if (links.length === 0) fail("the meetings table links no fact");
// On a phone, the index does not scroll sideways: the table scrolls in its own region.
await page.setViewportSize({ width: 390, height: 844 });
const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
if (overflow > 0) fail(`index.html at 390 px is ${overflow} px too wide`);
await axe("index.html at 390 px");
await page.screenshot({ path: screenshot.replace(/\.png$/, "-index.png"), fullPage: true });
await page.setViewportSize({ width: 1400, height: 1000 });
await browser.close();
server.close();

if (consoleErrors.length) fail(`console errors: ${JSON.stringify(consoleErrors)}`);
if (requests.length) fail(`network requests: ${JSON.stringify(requests)}`);
console.log(`browser: ${pages.length} article pages, ${clicked} facts clicked, ${failures.length} failures`);
process.exit(failures.length ? 1 : 0);
