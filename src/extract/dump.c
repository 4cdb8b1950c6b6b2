/*
 * src/extract/dump.c - from a text dump of a page to an article.
 *
 * A text dump is what a browser's "select all, copy" or a crawler's text
 * view gives: one block per line, the article mixed with the page's
 * furniture.  dump_line.c says what each line is on its own (a counter, a
 * share row, a photo credit, prose...); this file reads the page top to
 * bottom and gives every non-empty line its role from that kind and its
 * position:
 *
 *   1. the title: the line a breadcrumb ends with, else the first
 *      headline-like line of four words or more before the first paragraph;
 *   2. before the title: logo, breadcrumb, section, counters, share rows;
 *   3. the header block right after the title: furniture (counters, share,
 *      section label, dates, credited captions) with at most two prose lines
 *      among it; the first of those is the teaser, the others are captions;
 *   4. the body: finished sentences or long lines are paragraphs, short
 *      unfinished lines are subheadings, furniture keeps its kind; a run of
 *      headings after the last paragraph is a list of related links;
 *   5. after a related-stories header: items of caption, title, teaser and
 *      section, separated by "Loading..." lines; a menu ends the page.
 *
 * Each rule and the evidence for it are in docs/extract.md.  Time and memory
 * are linear in the input: every pass is one scan, look-backs and
 * look-aheads are bounded.
 * Depends on: core, text.
 */
#include "extract/extract_int.h"

#include "core/alloc.h"
#include "text/text.h"

#include <stdint.h>
#include <string.h>

#define NONE KH_EXTRACT_NONE

/* How far a breadcrumb is looked for and how far from it the title may be. */
#define CRUMB_SCAN 30
#define CRUMB_REACH 4
/* Prose lines the header block may hold among its furniture: the teaser and
 * one uncredited caption. */
#define HEADER_PROSE 2
/* Non-empty lines one page may have: real pages have thousands; millions
 * of tiny lines are not a page and would cost ~100 bytes each. */
#define MAX_LINES 1000000

typedef kh_extract_dump_page dump;

static kh_rc split_lines(dump *p);
static int is_body_like(const kh_extract_line *l);
static int is_title_like(const kh_extract_line *l);
static int same_key(const kh_extract_line *a, const kh_extract_line *b);
static void find_title(dump *p);
static int is_nav_item(const kh_extract_line *l, int *known);
static void find_vertical_menus(dump *p);
static void find_spaced_menus(dump *p);
static int is_title_repeat(const dump *p, size_t i);
static kh_line_role furniture_role(int kind);
static void mark_before_title(dump *p);
static void mark_header(dump *p, size_t start);
static void mark_link_list(dump *p, size_t start, size_t end);
static size_t mark_body(dump *p, size_t start);
static void mark_after_body(dump *p, size_t start, const char *section_key, size_t section_len);

static kh_rc split_lines(dump *p)
{
    size_t start = 0, number = 0;
    while (start < p->len) {
        const char *nl = memchr(p->text + start, '\n', p->len - start);
        size_t end = nl ? (size_t)(nl - p->text) : p->len;
        size_t raw_len = end - start;
        number++;
        if (raw_len > 0 && p->text[start + raw_len - 1] == '\r')
            raw_len--;
        kh_buf_reset(&p->d);
        kh_buf_reset(&p->m);
        if (kh_text_clean_display(p->text + start, raw_len, &p->d) != KH_OK)
            return KH_ERR_NOMEM;
        if (p->d.len > 0) {
            if (kh_text_normalize(p->text + start, raw_len, &p->m) != KH_OK)
                return KH_ERR_NOMEM;
            if (p->n == MAX_LINES)
                return KH_ERR_TOOBIG;
            kh_extract_line *grown = kh_grow(p->lines, p->n, &p->cap, sizeof *grown, 64);
            if (!grown)
                return KH_ERR_NOMEM;
            p->lines = grown;
            kh_extract_line *l = &p->lines[p->n];
            memset(l, 0, sizeof *l);
            l->off = start;
            l->len = raw_len;
            l->n = number;
            const char *m = p->m.data ? p->m.data : "";
            if (kh_extract_dump_line_scan(p->v, p->d.data, p->d.len, m, p->m.len, &p->scratch, l) !=
                KH_OK)
                return KH_ERR_NOMEM;
            p->n++;
        }
        start = end + 1;
    }
    return KH_OK;
}

/* A paragraph: a finished sentence of some length, or a long line of prose
 * (a twentieth of its words or more are stop words, which lists of names
 * and tags do not have). */
static int is_body_like(const kh_extract_line *l)
{
    if (l->kind != KH_EXTRACT_LINE_TEXT)
        return 0;
    if (l->end == KH_EXTRACT_END_PERIOD && l->n_words >= 6)
        return 1;
    return l->n_words >= 20 && l->n_stop * 20 >= l->n_words;
}

/* A headline: a few words, not ending a sentence with a period or colon. */
static int is_title_like(const kh_extract_line *l)
{
    return l->kind == KH_EXTRACT_LINE_TEXT && l->n_words >= 2 && l->n_words <= 30 &&
           (l->end == KH_EXTRACT_END_NONE || l->end == KH_EXTRACT_END_QUESTION);
}

static int same_key(const kh_extract_line *a, const kh_extract_line *b)
{
    return a->key && b->key && a->key_len == b->key_len && memcmp(a->key, b->key, a->key_len) == 0;
}

/* The title is the line a breadcrumb ("Home <section> <title>") ends with,
 * when there is one: the repeat is the page telling us which line is the
 * title.  A page whose prose starts before any headline has no title. */
static void find_title(dump *p)
{
    p->title = p->crumb = NONE;
    for (size_t i = 0; i < p->n && i < CRUMB_SCAN; i++) {
        const kh_extract_line *c = &p->lines[i];
        if ((c->kind != KH_EXTRACT_LINE_HOME && c->kind != KH_EXTRACT_LINE_TEXT) || !c->key)
            continue;
        for (size_t j = i + 1; j < p->n && j <= i + CRUMB_REACH; j++) {
            const kh_extract_line *t = &p->lines[j];
            if (!is_title_like(t) || t->n_words < 3 || !t->key || t->key_len >= c->key_len ||
                t->n_words >= c->n_words)
                continue;
            if (memcmp(c->key + c->key_len - t->key_len, t->key, t->key_len) != 0)
                continue;
            if (c->kind == KH_EXTRACT_LINE_HOME || c->n_words - t->n_words <= 4) {
                p->title = j;
                p->crumb = i;
                return;
            }
        }
    }
    /* Otherwise the headline sits right above the article: the first
     * headline-like line of four words or more with at most HEADER_PROSE
     * prose or menu lines between it and the first paragraph (site chrome
     * above a page's headline and its navigation is further away).  Failing that, the first such
     * line; failing that, a shorter one. */
    size_t first_para = p->n;
    for (size_t i = 0; i < p->n; i++) {
        const kh_extract_line *l = &p->lines[i];
        if (is_body_like(l) || l->kind == KH_EXTRACT_LINE_RELATED_HEADER ||
            l->kind == KH_EXTRACT_LINE_SEE_ALSO) {
            first_para = i;
            break;
        }
    }
    size_t prose_after = 0, near = NONE, first = NONE, short_one = NONE;
    for (size_t i = first_para; i-- > 0;) {
        const kh_extract_line *l = &p->lines[i];
        if (is_title_like(l) && l->n_words >= 4) {
            if (prose_after <= HEADER_PROSE)
                near = i;
            first = i;
        } else if (is_title_like(l)) {
            short_one = i;
        }
        if ((l->kind == KH_EXTRACT_LINE_TEXT && l->n_words > 0) || l->kind == KH_EXTRACT_LINE_MENU)
            prose_after++; /* a menu between: the line is above the navigation */
    }
    p->title = near != NONE ? near : first != NONE ? first : short_one;
    /* A headline printed twice counts from its first print. */
    for (size_t i = 0; p->title != NONE && i < p->title; i++)
        if (same_key(&p->lines[i], &p->lines[p->title])) {
            p->title = i;
            break;
        }
}

/* A navigation link laid out on its own line: a known section name, a lone
 * home word, or any short unfinished text line (menus hold names no list
 * knows: "قضايا المجتمع", "فكر و فن"). */
static int is_nav_item(const kh_extract_line *l, int *known)
{
    if (l->kind == KH_EXTRACT_LINE_SECTION_NAME || (l->home && l->n_words == 1)) {
        *known = 1;
        return 1;
    }
    return l->kind == KH_EXTRACT_LINE_TEXT && l->n_words >= 1 && l->n_words <= 3 &&
           l->end == KH_EXTRACT_END_NONE;
}

/* Three or more navigation links in a row, one of them a known section name
 * or home word, are a menu laid out one link per line: none of them is the
 * article's section or a heading. */
static void find_vertical_menus(dump *p)
{
    for (size_t i = 0; i < p->n;) {
        size_t j = i;
        int known = 0;
        while (j < p->n && is_nav_item(&p->lines[j], &known))
            j++;
        if (j - i >= 3 && known)
            for (size_t k = i; k < j; k++)
                p->lines[k].kind = KH_EXTRACT_LINE_MENU;
        i = j > i ? j : i + 1;
    }
}

/* "الرئيسية رياضة اقتصاد": a home word and two or more section names, no
 * path separator and not ending with the title, is a navigation bar; a
 * breadcrumb names one path ("الرئيسية › محليات"). */
static void find_spaced_menus(dump *p)
{
    for (size_t i = 0; i < p->n; i++) {
        kh_extract_line *l = &p->lines[i];
        if (l->kind == KH_EXTRACT_LINE_HOME && i != p->crumb && l->menu_names >= 3 && l->path == 0)
            l->kind = KH_EXTRACT_LINE_MENU;
    }
}

/* A later line that repeats the title word for word (a page printing its
 * headline twice) is the title again, not a heading of the body. */
static int is_title_repeat(const dump *p, size_t i)
{
    if (p->title == NONE || i <= p->title)
        return 0;
    return same_key(&p->lines[i], &p->lines[p->title]);
}

/* The role a furniture kind has wherever it stands; KH_ROLE_NONE for text,
 * dates and meta lines, whose role depends on more than their kind. */
static kh_line_role furniture_role(int kind)
{
    switch (kind) {
    case KH_EXTRACT_LINE_COUNTER:
        return KH_ROLE_COUNTER;
    case KH_EXTRACT_LINE_LOADING:
        return KH_ROLE_LOADING;
    case KH_EXTRACT_LINE_RELATED_HEADER:
        return KH_ROLE_RELATED_HEADER;
    case KH_EXTRACT_LINE_SEE_ALSO:
        return KH_ROLE_SEE_ALSO;
    case KH_EXTRACT_LINE_SHARE:
        return KH_ROLE_SHARE;
    case KH_EXTRACT_LINE_LOGO:
        return KH_ROLE_LOGO;
    case KH_EXTRACT_LINE_SECTION_LABEL:
    case KH_EXTRACT_LINE_SECTION_NAME:
        return KH_ROLE_SECTION;
    case KH_EXTRACT_LINE_MENU:
        return KH_ROLE_FOOTER_MENU;
    case KH_EXTRACT_LINE_HOME:
        return KH_ROLE_BREADCRUMB;
    case KH_EXTRACT_LINE_CREDIT:
        return KH_ROLE_CAPTION;
    default:
        return KH_ROLE_NONE;
    }
}

/* Lines above the title are the masthead: logo, breadcrumb, section,
 * counters, share rows, menus.  Prose there is left without a role. */
static void mark_before_title(dump *p)
{
    size_t end = p->title == NONE ? 0 : p->title;
    for (size_t i = 0; i < end; i++) {
        kh_extract_line *l = &p->lines[i];
        l->role = furniture_role(l->kind);
        if (l->role == KH_ROLE_NONE && i == p->crumb)
            l->role = KH_ROLE_BREADCRUMB;
    }
    if (p->title != NONE)
        p->lines[p->title].role = KH_ROLE_TITLE;
}

/* Finds the header block and gives its prose lines their roles.  The block
 * is the furniture right under the title (counters, share rows, section
 * label, dates, credited photo captions and their repeats) with at most
 * HEADER_PROSE prose lines among it; it must be followed by a paragraph, so
 * that share buttons closing a short article do not swallow it.  The prose
 * lines inside are the teaser (the first, if long enough) and captions. */
static void mark_header(dump *p, size_t start)
{
    size_t last_body = NONE;
    for (size_t i = p->n; i > start; i--)
        if (is_body_like(&p->lines[i - 1])) {
            last_body = i - 1;
            break;
        }
    if (last_body == NONE)
        return;
    size_t h = NONE, prose = 0, credit = NONE, prev = NONE;
    int furniture = 0;
    for (size_t i = start; i < p->n && i < last_body; i++) {
        const kh_extract_line *l = &p->lines[i];
        int dup = credit != NONE && i - credit <= 3 && l->key && p->lines[credit].key &&
                  kh_extract_dump_line_near_dup(l->key, l->key_len, p->lines[credit].key,
                                                p->lines[credit].key_len);
        if (l->kind == KH_EXTRACT_LINE_SEE_ALSO || l->kind == KH_EXTRACT_LINE_RELATED_HEADER ||
            l->kind == KH_EXTRACT_LINE_LOADING || l->kind == KH_EXTRACT_LINE_MENU)
            break;
        /* A caption printed twice is one caption. */
        if (l->kind == KH_EXTRACT_LINE_TEXT && prev != NONE && i - prev <= 3 && l->key &&
            kh_extract_dump_line_near_dup(l->key, l->key_len, p->lines[prev].key,
                                          p->lines[prev].key_len))
            dup = 1;
        if (l->kind == KH_EXTRACT_LINE_TEXT && !dup && !is_title_repeat(p, i)) {
            if (l->n_words == 0)
                continue;
            /* "وقال ..." continues a report: the body has begun. */
            if (l->cont)
                break;
            if (++prose > HEADER_PROSE)
                break;
            prev = i;
            continue;
        }
        if (l->kind == KH_EXTRACT_LINE_CREDIT)
            credit = i;
        if (!dup)
            furniture = 1;
        h = i;
    }
    /* Repeated lines alone do not make a header: a page may repeat a
     * paragraph. */
    if (h == NONE || !furniture)
        return;
    /* Roles of the prose inside; furniture gets its role in mark_body. */
    int teaser = 0;
    size_t caption = NONE;
    for (size_t i = start; i <= h; i++) {
        kh_extract_line *l = &p->lines[i];
        if (l->kind == KH_EXTRACT_LINE_CREDIT) {
            caption = i;
            continue;
        }
        if (l->kind != KH_EXTRACT_LINE_TEXT || l->n_words == 0 || is_title_repeat(p, i))
            continue;
        if (caption != NONE && i - caption <= 3 &&
            kh_extract_dump_line_near_dup(l->key, l->key_len, p->lines[caption].key,
                                          p->lines[caption].key_len))
            continue; /* mark_body calls it a repeat */
        if (!teaser && caption == NONE && l->n_words >= 8) {
            l->role = KH_ROLE_TEASER;
            teaser = 1;
        } else {
            l->role = KH_ROLE_CAPTION;
            caption = i;
        }
    }
}

/* Three or more headings after the last paragraph, with no paragraph
 * after them in the body zone, are a list of links to other stories: a
 * subheading is followed by the text it heads. */
static void mark_link_list(dump *p, size_t start, size_t end)
{
    size_t last_body = NONE;
    for (size_t i = start; i < end; i++)
        if (p->lines[i].role == KH_ROLE_BODY)
            last_body = i;
    if (last_body == NONE)
        return;
    size_t run = 0, first = NONE;
    for (size_t i = last_body + 1; i < end; i++) {
        if (p->lines[i].role != KH_ROLE_SUBHEADING)
            continue;
        if (first == NONE)
            first = i;
        run++;
    }
    if (run < 3)
        return;
    for (size_t i = first; i < end; i++)
        if (p->lines[i].role == KH_ROLE_SUBHEADING)
            p->lines[i].role = KH_ROLE_RELATED_TITLE;
}

/* From start to the first related-stories header or menu: paragraphs,
 * subheadings and furniture.  Returns where the body zone ends. */
static size_t mark_body(dump *p, size_t start)
{
    size_t caption = NONE;
    size_t i = start;
    int seen_body = 0;
    for (; i < p->n; i++) {
        kh_extract_line *l = &p->lines[i];
        /* A menu or related header ends the body; before any paragraph
         * (a page without title) it is masthead furniture. */
        if (l->kind == KH_EXTRACT_LINE_RELATED_HEADER || l->kind == KH_EXTRACT_LINE_MENU) {
            if (seen_body)
                break;
            l->role =
                l->kind == KH_EXTRACT_LINE_MENU ? KH_ROLE_FOOTER_MENU : KH_ROLE_RELATED_HEADER;
            continue;
        }
        if (l->role == KH_ROLE_TEASER)
            seen_body = 1;
        if (l->role == KH_ROLE_CAPTION)
            caption = i;
        if (l->role != KH_ROLE_NONE)
            continue; /* teaser or caption of the header block */
        /* A caption printed twice (an image's alt text and its caption). */
        if (caption != NONE && i - caption <= 3 && l->key && p->lines[caption].key &&
            kh_extract_dump_line_near_dup(l->key, l->key_len, p->lines[caption].key,
                                          p->lines[caption].key_len)) {
            l->role = KH_ROLE_CAPTION_DUPLICATE;
            continue;
        }
        switch (l->kind) {
        case KH_EXTRACT_LINE_SECTION_NAME:
            /* Above the text a section link; below it a footer link. */
            l->role = seen_body ? KH_ROLE_FOOTER_MENU : KH_ROLE_SECTION;
            break;
        case KH_EXTRACT_LINE_CREDIT:
            l->role = KH_ROLE_CAPTION;
            caption = i;
            break;
        case KH_EXTRACT_LINE_DATE:
        case KH_EXTRACT_LINE_META:
            break; /* no role fits a date, byline or tag row */
        default:
            if (l->kind != KH_EXTRACT_LINE_TEXT) {
                l->role = furniture_role(l->kind);
                break;
            }
            if (l->n_words == 0)
                break;
            if (is_title_repeat(p, i)) {
                l->role = KH_ROLE_TITLE;
                break;
            }
            /* Paragraphs end their last sentence or run long; headings are
             * short and unfinished.  A sentence that introduces a quotation
             * ends with a colon and has function words ("وقال الوزير في
             * بيانه:"); a heading with a colon has none ("أبرز النقاط:").
             * List items are part of the text. */
            if (l->n_words >= 16 || l->end == KH_EXTRACT_END_PERIOD || l->bullet ||
                (l->end == KH_EXTRACT_END_QUESTION && l->n_words > 10) ||
                (l->end == KH_EXTRACT_END_COLON && l->n_words >= 4 && l->n_stop > 0))
                l->role = KH_ROLE_BODY;
            else
                l->role = KH_ROLE_SUBHEADING;
            seen_body = 1;
            break;
        }
    }
    mark_link_list(p, start, i);
    return i;
}

/* After the body: related-stories blocks and the footer.  A block is a run
 * of items, each [loading] [caption] title [teaser] [section]; "Loading..."
 * and a section name close an item, a second headline opens a new one.
 * Anything after a menu is footer. */
static void mark_after_body(dump *p, size_t start, const char *section_key, size_t section_len)
{
    int related = 0, footer = 0, title = 0, teaser = 0, caption = 0;
    for (size_t i = start; i < p->n; i++) {
        kh_extract_line *l = &p->lines[i];
        int short_name = l->n_words <= 3 && l->end == KH_EXTRACT_END_NONE && l->key &&
                         ((section_key && l->key_len == section_len &&
                           memcmp(l->key, section_key, section_len) == 0) ||
                          (title && l->n_words <= 2));
        switch (l->kind) {
        case KH_EXTRACT_LINE_RELATED_HEADER:
            l->role = KH_ROLE_RELATED_HEADER;
            related = 1;
            footer = title = teaser = caption = 0;
            continue;
        case KH_EXTRACT_LINE_MENU:
        case KH_EXTRACT_LINE_HOME:
            l->role = KH_ROLE_FOOTER_MENU;
            footer = 1;
            related = 0;
            continue;
        case KH_EXTRACT_LINE_LOADING:
            l->role = KH_ROLE_LOADING;
            title = teaser = caption = 0;
            continue;
        case KH_EXTRACT_LINE_SHARE:
            l->role = KH_ROLE_SHARE;
            continue;
        case KH_EXTRACT_LINE_COUNTER:
            l->role = KH_ROLE_COUNTER;
            continue;
        case KH_EXTRACT_LINE_LOGO:
            l->role = KH_ROLE_LOGO;
            continue;
        case KH_EXTRACT_LINE_SEE_ALSO:
            l->role = KH_ROLE_SEE_ALSO;
            continue;
        case KH_EXTRACT_LINE_DATE:
        case KH_EXTRACT_LINE_META:
            continue;
        default:
            break;
        }
        if (footer || !related) {
            l->role = l->n_words ? KH_ROLE_FOOTER_MENU : KH_ROLE_NONE;
            continue;
        }
        if (l->n_words == 0)
            continue;
        if (l->kind == KH_EXTRACT_LINE_SECTION_NAME || l->kind == KH_EXTRACT_LINE_SECTION_LABEL ||
            short_name) {
            l->role = KH_ROLE_RELATED_SECTION;
            title = teaser = caption = 0;
            continue;
        }
        int headline = l->kind == KH_EXTRACT_LINE_TEXT && l->n_words <= 25 &&
                       l->end != KH_EXTRACT_END_PERIOD && l->end != KH_EXTRACT_END_COLON;
        if (headline) {
            if (title)
                teaser = caption = 0;
            l->role = KH_ROLE_RELATED_TITLE;
            title = 1;
        } else if (!title && !caption) {
            l->role = KH_ROLE_RELATED_CAPTION;
            caption = 1;
        } else if (title && !teaser) {
            l->role = KH_ROLE_RELATED_TEASER;
            teaser = 1;
        } else {
            l->role = KH_ROLE_RELATED_CAPTION;
            title = teaser = 0;
            caption = 1;
        }
    }
}

/* The display form of l into p->d. */
kh_rc kh_extract_dump(const char *text, size_t len, kh_article *out, kh_err *err)
{
    if (!text || !out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract_dump: NULL argument");
    size_t n_bad = 0;
    kh_rc rc = kh_extract_check_text(text, len, KH_INPUT_TEXT, &n_bad, err);
    if (rc != KH_OK)
        return rc;
    dump p;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.len = len;
    kh_arena_init(&p.scratch);
    /* A line's display form may outgrow the page (U+FFFD is 3 bytes). */
    kh_buf_init(&p.d, 4 * KH_CAP_PAGE);
    kh_buf_init(&p.m, 4 * KH_CAP_PAGE);
    kh_buf key;
    kh_buf_init(&key, KH_CAP_PAGE);
    out->kind = KH_INPUT_TEXT;
    out->n_bad_utf8 = n_bad;
    p.v = kh_extract_dump_line_vocab_new();
    rc = p.v ? split_lines(&p) : KH_ERR_NOMEM;
    if (rc == KH_ERR_TOOBIG) {
        rc = kh_err_set(err, rc, 0, -1, "more than %d non-empty lines: not one page", MAX_LINES);
        goto done;
    }
    if (rc != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the text dump");
        goto done;
    }
    find_vertical_menus(&p);
    find_title(&p);
    find_spaced_menus(&p);
    mark_before_title(&p);
    size_t start = p.title == NONE ? 0 : p.title + 1;
    mark_header(&p, start);
    size_t end = mark_body(&p, start);
    if (kh_extract_dump_fill_section(&p, out, &key) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the text dump");
        goto done;
    }
    mark_after_body(&p, end, key.data, key.len);
    if (kh_extract_dump_fill_published(&p, out, end) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the text dump");
        goto done;
    }
    if (kh_extract_dump_fill(&p, out) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the text dump");
        goto done;
    }
    rc = kh_extract_check_article(out, err);
done:
    kh_buf_clean(&key);
    kh_buf_clean(&p.d);
    kh_buf_clean(&p.m);
    kh_extract_dump_line_vocab_free(p.v);
    kh_arena_clean(&p.scratch);
    kh_free(p.lines);
    return rc;
}
