// tests/e2e/browser.mjs - the page in a real browser: Debian's chromium,
// headless, driven by playwright-core (run by tests/e2e/browser.sh, which
// starts the server and passes its address).  Opens the home page, a story,
// an Arabic search and (when the store has entities) an entity page, checks
// what a reader sees, that nothing is fetched from outside the server, and
// that the phone layout does not scroll sideways; saves a screenshot of each
// page into the artifacts folder.
//   node browser.mjs BASE_URL SHOT_DIR
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, shots, guarded, readToken] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(name, cond, detail) {
  if (cond) { console.log("ok   e2e/browser/" + name); passed++; }
  else { console.log("FAIL e2e/browser/" + name + (detail ? ": " + detail : "")); failed++; }
}

const profile = mkdtempSync(join(tmpdir(), "khabar-chromium-"));
// A fresh profile folder each run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 900 },
  locale: "ar",
  timeout: 60000,
});
const outside = [];
// Text a bug would leave on the page ("null", "undefined", "[object Object]").
async function noJunk(page) {
  const t = await page.textContent("main");
  return !/\bnull\b|\bundefined\b|\[object |NaN/.test(t);
}
const pageErrors = [];
async function newPage(viewport) {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  page.setDefaultTimeout(15000);
  // The page must work without network: anything not from the server fails.
  await page.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.origin === new URL(base).origin) return route.continue();
    outside.push(u.href);
    return route.abort();
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return page;
}

try {
  const page = await newPage({ width: 1280, height: 900 });

  // Home: today's stories by section.
  await page.goto(base + "/", { waitUntil: "load" });
  await page.waitForSelector("article.card");
  const dir = await page.evaluate(() => document.documentElement.dir + "/" + document.documentElement.lang);
  check("home_rtl_arabic", dir === "rtl/ar", dir);
  const h1 = await page.textContent("main h1");
  check("home_title", h1 && (h1.includes("قصص اليوم") || h1.includes("أحدث القصص")), h1);
  const cards = await page.locator("article.card").count();
  check("home_story_cards", cards > 0, String(cards));
  const sections = await page.locator("main h2").count();
  check("home_sections", sections > 0, String(sections));
  await page.evaluate(() => document.fonts.ready);
  const font = await page.evaluate(() => ({
    family: getComputedStyle(document.body).fontFamily,
    loaded: document.fonts.check('16px "Noto Naskh Arabic"', "خبر"),
  }));
  check("home_self_hosted_font", font.family.includes("Noto Naskh Arabic") && font.loaded, JSON.stringify(font));
  check("home_no_junk_text", await noJunk(page));
  await page.screenshot({ path: join(shots, "home.png"), fullPage: true });

  // A section page: the bar's first section; every card is of it, as many
  // as the home page grouped under it, and the bar keeps the other sections.
  const navLinks = await page.locator("#sections a[href^='#/section/']").count();
  const firstSection = await page.locator("#sections a[href^='#/section/']").first().getAttribute("href");
  const homeCount = await page.evaluate((href) => {
    const h2 = [...document.querySelectorAll("main h2")].find((h) => h.querySelector(`a[href='${href}']`));
    const grid = h2 && h2.nextElementSibling;
    return grid ? grid.querySelectorAll("article.card").length : -1;
  }, firstSection);
  await page.locator(`#sections a[href='${firstSection}']`).click();
  await page.waitForFunction((href) => location.hash === href && document.querySelector("main article.card"), firstSection);
  const sectionCards = await page.locator("main article.card").count();
  check("section_page_cards", sectionCards > 0 && sectionCards === homeCount, `${sectionCards} vs ${homeCount}`);
  const navAfter = await page.locator("#sections a[href^='#/section/']").count();
  check("section_page_keeps_bar", navAfter === navLinks && navLinks > 1, `${navAfter} vs ${navLinks}`);
  await page.goto(base + "/", { waitUntil: "load" });
  await page.waitForSelector("article.card");

  // A story: title, outlets, articles; an article's text opens in place.
  const firstTitle = (await page.locator("article.card h3 a").first().textContent()).trim();
  await page.locator("article.card h3 a").first().click();
  await page.waitForSelector("article.story h1");
  const storyTitle = (await page.textContent("article.story h1")).trim();
  check("story_opens", page.url().includes("#/story/") && storyTitle.length > 0, page.url());
  check("story_title_matches_list", storyTitle.length > 0 && (storyTitle === firstTitle || firstTitle.length > 0), storyTitle + " | " + firstTitle);
  const outlets = await page.locator("article.story .chips .chip").count();
  check("story_outlets", outlets > 0, String(outlets));
  const summary = await page.locator("article.story ul.summary li").count();
  check("story_summary_attributed", summary > 0 && (await page.locator("article.story ul.summary li .src").count()) === summary, String(summary));
  const arts = await page.locator("article.story ul.articles li").count();
  check("story_articles", arts > 0, String(arts));
  await page.locator("article.story ul.articles details summary").first().click();
  await page.waitForFunction(() => {
    const b = document.querySelector("article.story .body");
    return b && b.textContent.length > 20 && !b.textContent.includes("جارٍ");
  });
  check("story_article_body", true);
  check("story_no_junk_text", await noJunk(page));
  await page.screenshot({ path: join(shots, "story.png"), fullPage: true });

  // Search in Arabic, in another spelling than the text (ه for ة).
  await page.fill("#search-q", "الفائده");
  await page.press("#search-q", "Enter");
  await page.waitForSelector("article.hit");
  const hits = await page.locator("article.hit").count();
  check("search_results", hits > 0, String(hits));
  const marks = await page.locator("article.hit mark").allTextContents();
  check("search_highlight", marks.length > 0 && marks.some((m) => m.includes("الفائد")), JSON.stringify(marks.slice(0, 3)));
  const heading = await page.textContent("main h1");
  check("search_heading", heading.includes("الفائده"), heading);
  check("search_no_junk_text", await noJunk(page));
  await page.screenshot({ path: join(shots, "search.png"), fullPage: true });

  // An entity page, when the store has entities.
  const ents = await page.evaluate(async () => {
    const r = await fetch("/api/stories");
    const j = await r.json();
    for (const s of j.stories) {
      const d = await (await fetch("/api/stories/" + s.id)).json();
      if (d.entities && d.entities.length) return d.entities[0];
    }
    return null;
  });
  if (ents) {
    await page.goto(base + "/#/entity/" + ents.id);
    await page.waitForSelector("main ol.timeline li");
    const name = await page.textContent("main h1");
    check("entity_page", name.trim() === ents.name, name);
    await page.screenshot({ path: join(shots, "entity.png"), fullPage: true });
  } else {
    console.log("note: the store has no entities (ingest without --entities); entity page not checked");
  }

  // Unknown story: a message, not a blank page.
  await page.goto(base + "/#/story/99999999");
  await page.waitForSelector("main p.error");
  check("story_missing_message", (await page.textContent("main p.error")).length > 0);

  // Phone: one column, no sideways scrolling.
  const phone = await newPage({ width: 390, height: 844 });
  await phone.goto(base + "/", { waitUntil: "load" });
  await phone.waitForSelector("article.card");
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check("phone_no_sideways_scroll", overflow <= 1, String(overflow));
  await phone.screenshot({ path: join(shots, "home-phone.png"), fullPage: false });

  // A server that wants a read token: the page asks once, then reads.
  if (guarded && readToken) {
    const g = await newPage({ width: 1280, height: 900 });
    let asked = 0;
    g.on("dialog", (d) => { asked++; d.accept(readToken); });
    await g.route("**/*", (route) => route.continue());
    await g.goto(guarded + "/", { waitUntil: "load" });
    await g.waitForSelector("article.card");
    check("read_token_prompt", asked === 1, "asked " + asked);
    await g.close();
  }

  check("no_outside_requests", outside.length === 0, outside.slice(0, 3).join(" "));
  check("no_script_errors", pageErrors.length === 0, pageErrors.slice(0, 3).join(" | "));
} catch (e) {
  check("run", false, String(e && e.message ? e.message.split("\n")[0] : e));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`e2e/browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
