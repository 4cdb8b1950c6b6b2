/* web/app.js - khabar's page: a small single-page reader over the JSON API
 * (docs/api.md), with hash routes so that it works from any static server
 * and the back button does what a reader expects:
 *   #/                  today's stories by section   (GET /api/stories)
 *   #/section/NAME      one section
 *   #/story/ID          a story                      (GET /api/stories/ID)
 *   #/search?q=WORDS    search                       (GET /api/search)
 *   #/entity/ID         an entity's stories          (GET /api/entities/ID)
 * Every piece of stored text goes into the page as text (textContent);
 * the one exception is the search snippet, which the server escapes and
 * marks up itself (snippet_html).  No framework, no build step. */
"use strict";

(function () {
  const app = document.getElementById("app");
  const sectionsNav = document.getElementById("sections");
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-q");

  const SECTION_AR = {
    politics: "سياسة", economy: "اقتصاد", sports: "رياضة", culture: "ثقافة",
    health: "صحة", technology: "تقنية", society: "مجتمع", religion: "دين",
    world: "العالم", local: "محليات", misc: "منوعات",
  };
  const TYPE_AR = {
    PERS: "شخص", PER: "شخص", PERSON: "شخص", LOC: "مكان", LOCATION: "مكان",
    ORG: "منظمة", ORGANIZATION: "منظمة", MISC: "أخرى",
  };
  const OTHER = "أخرى";

  const dateFmt = new Intl.DateTimeFormat("ar", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const dayFmt = new Intl.DateTimeFormat("ar", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  /* ---- small DOM helpers ---- */

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids.flat()) {
      if (k === null || k === undefined || k === false) continue;
      e.append(k instanceof Node ? k : String(k));
    }
    return e;
  }
  function show(...nodes) {
    app.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
    window.scrollTo(0, 0);
  }
  function status(text, cls) {
    show(el("p", { class: cls || "status" }, text));
  }
  function when(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    return isNaN(d) ? "" : dateFmt.format(d);
  }
  function sectionName(s) {
    if (!s) return OTHER;
    return SECTION_AR[s] || s;
  }
  /* Outlet names are often Latin (alwatan) and dates carry digits: each is
   * isolated in <bdi> so the right-to-left line keeps them in order. */
  function byline(...parts) {
    const out = [];
    parts.filter((p) => p).forEach((p, i) => {
      if (i) out.push(" · ");
      out.push(el("bdi", {}, p));
    });
    return out;
  }
  function n_ar(n) {
    return Number(n).toLocaleString("ar");
  }

  /* A server started with --read-token-file wants a bearer token for
   * reads: asked once, kept in this browser's localStorage. */
  const TOKEN_KEY = "khabar-read-token";
  async function api(path, retried) {
    const headers = { Accept: "application/json" };
    const token = localStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const r = await fetch(path, { headers });
    if ((r.status === 401 || r.status === 403) && !retried) {
      const t = window.prompt("هذا الخادم يطلب رمز قراءة:");
      if (t) {
        localStorage.setItem(TOKEN_KEY, t.trim());
        return api(path, true);
      }
    }
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) {
      const msg = body && body.error ? body.error : "HTTP " + r.status;
      const err = new Error(msg);
      err.status = r.status;
      throw err;
    }
    return body;
  }

  /* ---- pieces ---- */

  function outletChips(outlets) {
    return el("ul", { class: "chips" },
      (outlets || []).map((o) => el("li", { class: "chip" },
        o.name + (o.articles > 1 ? " (" + n_ar(o.articles) + ")" : ""))));
  }
  function storyCard(s) {
    return el("article", { class: "card", "data-story": s.id },
      el("h3", {}, el("a", { href: "#/story/" + s.id }, s.title || "—")),
      outletChips(s.outlets),
      el("div", { class: "meta" },
        n_ar(s.n_articles) + (s.n_articles === 1 ? " مقال" : " مقالات") + " · " + when(s.last_seen)));
  }

  /* ---- pages ---- */

  /* A story's section: the view's label (the server maps the outlet's
   * section or classifies the title); "" when neither says. */
  function sectionOf(s) {
    return s.section || "";
  }

  async function home(section, page) {
    status("جارٍ التحميل…");
    /* A section page asks for that label's stories (the server labels
     * every story, as the briefs show them); the home page for all. */
    const data = await api("/api/stories?page=" + page +
      (section ? "&label=" + encodeURIComponent(section) : ""));
    const all = data.stories || [];
    const stories = all;
    if (!stories.length && page === 1) {
      status("لا توجد قصص بعد. أضف مقالات بالأمر khabar ingest.");
      return;
    }
    const newest = stories.length ? new Date(stories[0].last_seen) : null;
    /* "Today" is the day of the newest story, not the wall clock: a store
     * of an old corpus still has a today.  With few stories that day, the
     * page says it shows the latest instead. */
    const dayStart = newest && !isNaN(newest) ? newest.getTime() - 86400000 : 0;
    const today = all.filter((s) => new Date(s.last_seen).getTime() >= dayStart).length;
    const title = section ? sectionName(section)
      : page === 1 && today >= Math.min(6, all.length) ? "قصص اليوم" : "أحدث القصص";
    const head = [el("h1", {}, title)];
    if (newest && !isNaN(newest)) head.push(el("p", { class: "day" }, dayFmt.format(newest)));
    const groups = new Map();
    for (const s of all) {
      const k = sectionOf(s);
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(s);
    }
    const blocks = [];
    if (section) blocks.push(el("div", { class: "grid" }, stories.map(storyCard)));
    else for (const [k, list] of groups) {
      blocks.push(el("h2", {}, el("a", { href: k ? "#/section/" + encodeURIComponent(k) : null }, sectionName(k))));
      blocks.push(el("div", { class: "grid" }, list.map(storyCard)));
    }
    const nodes = [...head, ...blocks];
    if (data.total > page * data.page_size) {
      const more = el("a", { class: "more", href: "#/" + (section ? "section/" + encodeURIComponent(section) : "") + "?page=" + (page + 1) }, "قصص أقدم");
      nodes.push(more);
    }
    show(...nodes);
    fillSections(groups, section);
  }

  function fillSections(groups, current) {
    /* A section page's stories are all of one label: the bar keeps the
     * labels the home page found, or lists them all when opened first. */
    let names = [...groups.keys()].filter((k) => k);
    if (current) {
      const shown = [...sectionsNav.querySelectorAll("a[href^='#/section/']")]
        .map((a) => decodeURIComponent(a.getAttribute("href").slice("#/section/".length)));
      names = shown.length ? shown : Object.keys(SECTION_AR);
      if (!names.includes(current)) names.push(current);
    }
    if (!names.length) return;
    sectionsNav.replaceChildren(
      el("a", { href: "#/", class: current ? null : "on" }, "الكل"),
      ...names.map((k) => el("a", { href: "#/section/" + encodeURIComponent(k), class: k === current ? "on" : null }, sectionName(k))));
  }

  function articleRef(story, ref) {
    /* Views name an article by index or by id. */
    if (typeof ref === "number") return story.articles[ref] || null;
    return (story.articles || []).find((a) => a.id === ref) || null;
  }

  async function story(id) {
    status("جارٍ التحميل…");
    const s = await api("/api/stories/" + encodeURIComponent(id));
    const arts = s.articles || [];
    const parts = [];
    parts.push(el("p", { class: "meta" }, sectionName(sectionOf(s)) + " · " + when(s.first_seen) +
      (s.last_seen && s.last_seen !== s.first_seen ? " — " + when(s.last_seen) : "")));
    parts.push(el("h1", {}, s.title));
    parts.push(outletChips(s.outlets));

    if (s.summary && s.summary.length) {
      parts.push(el("h2", {}, "الملخص"));
      parts.push(el("ul", { class: "summary" }, s.summary.map((x) => {
        const a = articleRef(s, x.article);
        const outlet = x.outlet || (a && a.outlet) || "";
        return el("li", {}, x.sentence + " ", el("span", { class: "src" }, "— ", el("bdi", {}, outlet)));
      })));
    } else if (arts.length) {
      parts.push(el("h2", {}, "الملخص"));
      parts.push(el("p", {}, "لا ملخص لهذه القصة بعد؛ المقالات أدناه."));
    }

    const adds = (s.unique_by_outlet || []).filter((u) => u.sentences && u.sentences.length);
    if (adds.length) {
      parts.push(el("h2", {}, "ما يضيفه كل مصدر"));
      parts.push(el("div", { class: "adds" }, adds.map((u) =>
        el("div", { class: "card" }, el("h3", {}, u.outlet || ""),
          el("ul", {}, u.sentences.map((t) => el("li", {}, typeof t === "string" ? t : t.sentence || "")))))));
    }

    if (s.entities && s.entities.length) {
      parts.push(el("h2", {}, "الأسماء في القصة"));
      parts.push(el("ul", { class: "chips" }, s.entities.map((e) =>
        el("li", { class: "chip ent" }, el("a", { href: "#/entity/" + e.id }, e.name),
          " ", el("span", { class: "src" }, TYPE_AR[e.type] || "")))));
    }

    const tl = s.timeline || [];
    if (tl.length) {
      parts.push(el("h2", {}, "التسلسل الزمني"));
      parts.push(el("ol", { class: "timeline" }, tl.map((t) => {
        const a = typeof t === "number" ? arts[t] : articleRef(s, t.article) || t;
        if (!a) return null;
        return el("li", {}, el("div", { class: "meta" }, byline(when(t.published || a.published), t.outlet || a.outlet)),
          el("div", {}, t.title || a.title || ""));
      })));
    }

    if (arts.length) {
      parts.push(el("h2", {}, "المقالات (" + n_ar(arts.length) + ")"));
      parts.push(el("ul", { class: "articles" }, arts.map((a) => {
        const d = el("details", { "data-article": a.id },
          el("summary", {}, a.title, " ", el("span", { class: "src" }, "— ", byline(a.outlet, when(a.published)))));
        d.addEventListener("toggle", () => loadBody(d, a), { once: true });
        return el("li", {}, d);
      })));
    }

    /* The same event on other days (a story a day) apart from the
     * stories that only share names and words with it. */
    const relItem = (r) => el("li", {},
      el("a", { href: "#/story/" + r.id }, r.title),
      r.last_seen ? el("span", { class: "when" }, " · ", el("bdi", {}, when(r.last_seen))) : null);
    const related = s.related || [];
    const sameEvent = related.filter((r) => r.same_event);
    const others = related.filter((r) => !r.same_event);
    if (sameEvent.length) {
      parts.push(el("h2", {}, "الحدث نفسه في أيام أخرى"));
      parts.push(el("ul", { class: "same-event" }, sameEvent.map(relItem)));
    }
    if (others.length) {
      parts.push(el("h2", {}, "قصص ذات صلة"));
      parts.push(el("ul", {}, others.map(relItem)));
    }
    show(el("article", { class: "story" }, parts));
    document.title = (s.title) + " — خبر";
  }

  async function loadBody(details, a) {
    const p = el("p", { class: "body" }, "جارٍ التحميل…");
    details.append(p);
    try {
      const full = await api("/api/articles/" + encodeURIComponent(a.id));
      p.textContent = full.body || "";
      if (full.url && /^https?:\/\//.test(full.url))
        details.append(el("p", {}, el("a", { href: full.url, rel: "noopener noreferrer", target: "_blank" }, "المصدر")));
    } catch (e) {
      p.textContent = "تعذر تحميل المقال: " + e.message;
    }
  }

  async function search(q) {
    input.value = q;
    if (!q.trim()) {
      status("اكتب كلمة للبحث.");
      return;
    }
    status("جارٍ البحث…");
    const data = await api("/api/search?q=" + encodeURIComponent(q));
    const res = data.results || [];
    const head = el("h1", {}, "نتائج البحث عن «" + q + "»");
    if (!res.length) {
      show(head, el("p", { class: "status" }, "لا نتائج."));
      return;
    }
    const note = data.any_word ? el("p", { class: "status" }, "لا مقال يضم كل الكلمات؛ هذه نتائج تضم بعضها.") : null;
    show(head, note, el("p", { class: "meta" }, n_ar(data.total) + " قصة"),
      el("div", { class: "grid" }, res.map((g) => {
        const st = g.story;
        const title = st ? el("a", { href: "#/story/" + st.id }, st.title) : (g.articles[0] || {}).title;
        return el("article", { class: "card hit" }, el("h3", {}, title),
          st ? outletChips(st.outlets) : null,
          (g.articles || []).map((a) => {
            const p = el("p", {});
            p.innerHTML = a.snippet_html; /* escaped by the server; only <mark> inside */
            return el("div", {}, el("div", { class: "meta" }, byline(a.outlet, when(a.published))), p);
          }));
      })));
    document.title = "بحث: " + q + " — خبر";
  }

  async function entity(id) {
    status("جارٍ التحميل…");
    const e = await api("/api/entities/" + encodeURIComponent(id));
    const stories = e.stories || [];
    show(el("h1", {}, e.name),
      el("p", { class: "meta" }, (TYPE_AR[e.type] || e.type || "") + " · " + n_ar(stories.length) + " قصة · " + n_ar(e.mentions || 0) + " ذكر"),
      el("h2", {}, "قصصه عبر الزمن"),
      el("ol", { class: "timeline" }, stories.map((s) =>
        el("li", {}, el("div", { class: "meta" }, when(s.first_seen)),
          el("a", { href: "#/story/" + s.id }, s.title)))));
    document.title = e.name + " — خبر";
  }

  /* ---- routing ---- */

  function parse() {
    const h = location.hash.replace(/^#/, "") || "/";
    const [path, query] = h.split("?");
    const params = new URLSearchParams(query || "");
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params };
  }

  async function route() {
    const { parts, params } = parse();
    const page = Math.max(1, Math.min(10000, parseInt(params.get("page") || "1", 10) || 1));
    try {
      if (parts[0] === "story" && parts[1]) await story(parts[1]);
      else if (parts[0] === "entity" && parts[1]) await entity(parts[1]);
      else if (parts[0] === "search") await search(params.get("q") || "");
      else if (parts[0] === "section" && parts[1]) await home(parts[1], page);
      else await home(null, page);
    } catch (e) {
      status(e.status === 404 ? "غير موجود." : "تعذر التحميل: " + e.message, "error");
    }
  }

  /* Pages other than the home page still show the section links. */
  async function ensureSections() {
    if (sectionsNav.children.length) return;
    try {
      const data = await api("/api/stories?page=1");
      const groups = new Map();
      for (const st of data.stories || []) groups.set(sectionOf(st), true);
      if (!sectionsNav.children.length) fillSections(groups, null);
    } catch (e) {
      /* the links are a convenience */
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "#/search?q=" + encodeURIComponent(input.value.trim());
  });
  window.addEventListener("hashchange", route);
  route().then(ensureSections);
})();
