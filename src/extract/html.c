/*
 * src/extract/html.c - from an HTML page to an article.
 *
 * The page is made valid UTF-8 (html_charset.c), parsed by gumbo (which
 * repairs any markup), its metadata read (html_meta.c) and its body found
 * by scoring blocks (html_score.c).  This file decides between the sources
 * of each field:
 *   title     og:title, else the first <h1> in or next to the content, else
 *             JSON-LD headline, else <title> minus the site's name;
 *   outlet    og:site_name, else JSON-LD publisher.name, else
 *             application-name;
 *   published article:published_time, JSON-LD datePublished, <time
 *             datetime> or itemprop, meta date/pubdate/DC.date;
 *   section   article:section, JSON-LD articleSection, the breadcrumb's
 *             last-but-one item;
 *   teaser    og:description or meta description unless it only repeats
 *             the start of the first paragraph.
 * When the blocks give no body, JSON-LD articleBody (plain text) is used;
 * with neither the page has no article (KH_ERR_EMPTY).  Everything is linear
 * in the page: gumbo is, and every walk here visits each node once with an
 * explicit stack, so deep junk cannot overflow the C stack.
 * Depends on: core, text, gumbo, jansson.
 */
#include "extract/html_int.h"
#include "core/alloc.h"
#include "text/text.h"

#include <string.h>
#include <strings.h>

#define MAX_NESTING 10000

static int too_deep(const char *s, size_t n);
static const char *title_strip_site(kh_article *a, const char *t, const char *site, kh_rc *rc);
static int similar(const char *x, size_t x_len, const char *y);
static int is_home(const char *s);
static int is_prefix_of_body(const char *teaser, const char *first);
static kh_rc add_ld_body(kh_article *a, const char *body, kh_err *err);
static kh_rc drop_body_equal(kh_article *a, const char *s);
static kh_rc fill_fields(kh_article *a, const kh_html_meta *m, const kh_html_body *b, kh_err *err);

const char *kh_extract_html_clean(kh_article *a, const char *s, size_t n, kh_rc *rc)
{
    kh_buf b;
    const char *r = NULL;
    if (!s || n == 0)
        return NULL;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_rc e = kh_text_clean_display(s, n, &b);
    if (e != KH_OK) {
        *rc = e;
        goto done;
    }
    if (b.len == 0)
        goto done;
    r = kh_article_strndup(a, b.data, b.len);
    if (!r)
        *rc = KH_ERR_NOMEM;
done:
    kh_buf_clean(&b);
    return r;
}

kh_rc kh_extract_html_walk(const GumboNode *root, kh_html_visit visit, void *ctx, kh_err *err)
{
    typedef struct frame {
        const GumboNode *node;
        unsigned next;
    } frame;
    frame *stack = NULL;
    size_t n = 0, cap = 0;
    kh_rc rc = KH_OK;
    const GumboNode *node = root;
    for (;;) {
        if (node) {
            int r = visit(node, 0, ctx);
            if (r == KH_HTML_STOP) {
                rc = KH_DONE;
                goto done;
            }
            int has_children =
                node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_DOCUMENT;
            if (r == KH_HTML_DESCEND && has_children) {
                frame *ns = kh_grow(stack, n, &cap, sizeof *ns, 64);
                if (!ns) {
                    rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "walking the HTML tree");
                    goto done;
                }
                stack = ns;
                stack[n].node = node;
                stack[n].next = 0;
                n++;
            }
        }
        if (n == 0)
            break;
        frame *top = &stack[n - 1];
        const GumboVector *kids = top->node->type == GUMBO_NODE_DOCUMENT
                                      ? &top->node->v.document.children
                                      : &top->node->v.element.children;
        if (top->next < kids->length) {
            node = kids->data[top->next++];
        } else {
            node = NULL;
            n--;
            if (top->node->type == GUMBO_NODE_ELEMENT && visit(top->node, 1, ctx) == KH_HTML_STOP) {
                rc = KH_DONE;
                goto done;
            }
        }
    }
done:
    kh_free(stack);
    return rc;
}

/* Gumbo's tree building is quadratic in the depth of open elements (each
 * tag checks the stack of open elements), so junk such as 100,000 unclosed
 * <b> tags would take minutes.  This linear pre-scan estimates the depth:
 * start tags count up, end tags down; void elements, elements whose end tag
 * is optional (p, li, td...), comments and script or style bodies are
 * skipped.  Real pages stay far below the cap. */
static int too_deep(const char *s, size_t n)
{
    static const char *const flat[] = {
        "area",   "base",     "br",     "col",      "embed", "hr",     "img",   "input", "link",
        "meta",   "param",    "source", "track",    "wbr",   "p",      "li",    "dt",    "dd",
        "option", "optgroup", "tr",     "td",       "th",    "tbody",  "thead", "tfoot", "colgroup",
        "rt",     "rp",       "keygen", "basefont", "frame", "isindex"};
    long depth = 0;
    size_t i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s) + 1;
        if (i >= n)
            break;
        if (s[i] == '/') {
            if (depth > 0)
                depth--;
            continue;
        }
        if (s[i] == '!') {
            const char *end = (n - i >= 3 && memcmp(s + i, "!--", 3) == 0)
                                  ? memmem(s + i, n - i, "-->", 3)
                                  : memchr(s + i, '>', n - i);
            if (!end)
                break;
            i = (size_t)(end - s);
            continue;
        }
        char name[12];
        size_t k = 0;
        while (i < n && k + 1 < sizeof name &&
               ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                (s[i] >= '0' && s[i] <= '9')))
            name[k++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i++] + 32 : s[i++]);
        name[k] = '\0';
        if (k == 0)
            continue;
        int skip = 0;
        for (size_t j = 0; j < sizeof flat / sizeof flat[0] && !skip; j++)
            skip = strcmp(name, flat[j]) == 0;
        if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0) {
            /* Their bodies are raw text; jump to the end tag. */
            size_t nl = k;
            while (i < n && !(s[i] == '<' && i + 1 + nl < n && s[i + 1] == '/' &&
                              strncasecmp(s + i + 2, name, nl) == 0))
                i++;
            continue;
        }
        if (!skip && ++depth > MAX_NESTING)
            return 1;
    }
    return 0;
}

/* Loose equality of two short strings: the same after ASCII case folding,
 * or one contains the other (for "Site" against "Site.com"). */
static int similar(const char *x, size_t x_len, const char *y)
{
    size_t y_len = strlen(y);
    if (x_len == 0 || y_len == 0)
        return 0;
    if (x_len == y_len && strncasecmp(x, y, x_len) == 0)
        return 1;
    const char *s = x_len > y_len ? x : y, *t = x_len > y_len ? y : x;
    size_t s_len = x_len > y_len ? x_len : y_len, t_len = x_len > y_len ? y_len : x_len;
    if (t_len < 3)
        return 0;
    for (size_t i = 0; i + t_len <= s_len; i++)
        if (strncasecmp(s + i, t, t_len) == 0)
            return 1;
    return 0;
}

/* The first item of most breadcrumbs, which is no section. */
static int is_home(const char *s)
{
    static const char *const home[] = {"home",     "homepage", "startseite", "accueil",
                                       "inicio",   "portada",  "الرئيسية",   "الصفحة الرئيسية",
                                       "الرئيسيه", "main"};
    for (size_t i = 0; i < sizeof home / sizeof home[0]; i++)
        if (strcasecmp(s, home[i]) == 0)
            return 1;
    return 0;
}

/* "Headline - Site" -> "Headline".  The segment matching the site's name
 * goes; without a name, the shorter trailing segment after the last
 * separator goes when the rest is clearly the longer part. */
static const char *title_strip_site(kh_article *a, const char *t, const char *site, kh_rc *rc)
{
    static const char *const seps[] = {" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "};
    size_t len = strlen(t);
    const char *best = NULL;
    size_t best_sep = 0;
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        const char *p = t, *last = NULL;
        size_t sl = strlen(seps[i]);
        while ((p = strstr(p, seps[i])) != NULL) {
            if (!last && site && similar(t, (size_t)(p - t), site)) {
                /* "Site | Headline": the name leads. */
                const char *r = kh_article_strndup(a, p + sl, len - (size_t)(p - t) - sl);
                if (!r)
                    *rc = KH_ERR_NOMEM;
                return r;
            }
            last = p;
            p += sl;
        }
        if (last && (!best || last > best)) {
            best = last;
            best_sep = sl;
        }
    }
    if (!best)
        return t;
    const char *tail = best + best_sep;
    size_t head_len = (size_t)(best - t), tail_len = len - (size_t)(tail - t);
    int drop = site ? similar(tail, tail_len, site) : (tail_len * 2 < head_len);
    if (!drop && site && similar(t, head_len, site)) {
        const char *r = kh_article_strndup(a, tail, tail_len);
        if (!r)
            *rc = KH_ERR_NOMEM;
        return r;
    }
    if (!drop)
        return t;
    const char *r = kh_article_strndup(a, t, head_len);
    if (!r)
        *rc = KH_ERR_NOMEM;
    return r;
}

/* True when the teaser is the first paragraph or its opening words: such a
 * description adds nothing. */
static int is_prefix_of_body(const char *teaser, const char *first)
{
    if (!first || !*first)
        return 0;
    size_t tl = strlen(teaser), fl = strlen(first);
    /* Descriptions are often cut and end in "..." or "…". */
    while (tl > 0 && (teaser[tl - 1] == '.' || teaser[tl - 1] == ' '))
        tl--;
    if (tl >= 3 && strcmp(teaser + tl - 3, "…") == 0)
        tl -= 3;
    if (tl > 40)
        tl -= 10; /* a cut description may end mid-word */
    return tl > 0 && tl <= fl && strncmp(teaser, first, tl) == 0;
}

/* JSON-LD articleBody as paragraphs: one per non-empty line.  Bodies that
 * carry markup are left alone (they would need a second parse). */
static kh_rc add_ld_body(kh_article *a, const char *body, kh_err *err)
{
    if (strchr(body, '<'))
        return KH_OK;
    const char *p = body;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        kh_rc rc = KH_OK;
        const char *s = kh_extract_html_clean(a, p, n, &rc);
        if (rc != KH_OK)
            return kh_err_set(err, rc, 0, -1, "adding the JSON-LD body: %s", kh_rc_str(rc));
        if (s && kh_article_list_add(a, &a->body, s, strlen(s)) != KH_OK)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "adding the JSON-LD body");
        p += n;
        if (*p)
            p++;
    }
    return KH_OK;
}

/* Removes body paragraphs equal to s (the title repeated in the body). */
static kh_rc drop_body_equal(kh_article *a, const char *s)
{
    size_t j = 0;
    for (size_t i = 0; i < a->body.n; i++)
        if (strcmp(a->body.items[i], s) != 0)
            a->body.items[j++] = a->body.items[i];
    a->body.n = j;
    return KH_OK;
}

static kh_rc fill_fields(kh_article *a, const kh_html_meta *m, const kh_html_body *b, kh_err *err)
{
    kh_rc rc = KH_OK;
    const char *site = m->og_site ? m->og_site : m->ld_publisher ? m->ld_publisher : m->app_name;
    if (site && !a->outlet)
        a->outlet = kh_extract_html_clean(a, site, strlen(site), &rc);
    const char *site_name = a->outlet;

    const char *title = NULL;
    if (m->og_title)
        title = kh_extract_html_clean(a, m->og_title, strlen(m->og_title), &rc);
    if (!title && b->h1)
        title = b->h1;
    if (!title && m->ld_headline)
        title = m->ld_headline;
    if (!title && m->title_tag)
        title = m->title_tag;
    if (title && rc == KH_OK)
        title = title_strip_site(a, title, site_name, &rc);
    if (title && !a->title)
        a->title = title;

    const char *pub = m->pub_article ? m->pub_article
                      : m->ld_date   ? m->ld_date
                      : m->pub_time  ? m->pub_time
                                     : m->pub_meta;
    if (pub && !a->published)
        a->published = kh_extract_html_clean(a, pub, strlen(pub), &rc);

    const char *sec = m->section_meta ? m->section_meta : m->ld_section;
    if (!sec && m->crumb_last) {
        /* The trail ends either in the article's title or in its section. */
        if (a->title && similar(m->crumb_last, strlen(m->crumb_last), a->title))
            sec = m->crumb_prev;
        else if (!a->title || strlen(m->crumb_last) < 40)
            sec = m->crumb_last;
        if (sec && is_home(sec))
            sec = NULL; /* "Home > Headline" names no section */
    }
    if (sec && !a->section)
        a->section = kh_extract_html_clean(a, sec, strlen(sec), &rc);

    const char *desc = m->og_desc ? m->og_desc : m->description ? m->description : m->ld_desc;
    if (desc && !a->teaser && rc == KH_OK) {
        const char *t = kh_extract_html_clean(a, desc, strlen(desc), &rc);
        if (t && !(a->body.n > 0 && is_prefix_of_body(t, a->body.items[0])) &&
            !(a->title && strcmp(t, a->title) == 0))
            a->teaser = t;
    }
    if (rc != KH_OK)
        return kh_err_set(err, rc, 0, -1, "reading the HTML metadata: %s", kh_rc_str(rc));
    if (a->title)
        return drop_body_equal(a, a->title);
    return KH_OK;
}

kh_rc kh_extract_html(const char *html, size_t len, kh_article *out, kh_err *err)
{
    GumboOptions opt = kGumboDefaultOptions;
    GumboOutput *g = NULL;
    kh_html_meta meta;
    kh_html_body body;
    kh_buf page;
    size_t n_bad = 0;
    kh_rc rc;
    kh_buf_init(&page, KH_CAP_PAGE * 3);
    if (!html || !out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract_html: NULL argument");
    if (len > KH_CAP_PAGE)
        return kh_err_set(err, KH_ERR_TOOBIG, 0, -1, "the HTML page is %zu bytes, over the %zu cap",
                          len, (size_t)KH_CAP_PAGE);
    memset(&meta, 0, sizeof meta);
    memset(&body, 0, sizeof body);
    out->kind = KH_INPUT_HTML;
    rc = kh_extract_html_charset(html, len, &page, &n_bad, err);
    if (rc != KH_OK)
        goto done;
    out->n_bad_utf8 += n_bad;
    if (too_deep(page.data ? page.data : "", page.len)) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "HTML nested deeper than %d elements",
                        MAX_NESTING);
        goto done;
    }
    /* The error list is of no use here and grows with the junk. */
    opt.max_errors = 0;
    g = gumbo_parse_with_options(&opt, page.data ? page.data : "", page.len);
    if (!g) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "parsing the HTML");
        goto done;
    }
    rc = kh_extract_html_meta(g->document, out, &meta, err);
    if (rc != KH_OK)
        goto done;
    rc = kh_extract_html_score(g->document, out, &body, err);
    if (rc != KH_OK)
        goto done;
    /* Blocks too thin to be an article: a plain-text articleBody wins. */
    if (meta.ld_body && strlen(meta.ld_body) > 2 * body.n_chars + 100) {
        out->body.n = 0;
        rc = add_ld_body(out, meta.ld_body, err);
        if (rc != KH_OK)
            goto done;
    }
    rc = fill_fields(out, &meta, &body, err);
    if (rc != KH_OK)
        goto done;
    if (out->body.n == 0)
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "no article found in the HTML");
done:
    if (g)
        gumbo_destroy_output(&opt, g);
    kh_buf_clean(&page);
    return rc;
}
