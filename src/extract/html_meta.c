/*
 * src/extract/html_meta.c - what a page says about itself: <meta> tags
 * (Open Graph, article:*, Dublin Core), schema.org JSON-LD (an object, an
 * array or an @graph), <title>, <time datetime>, itemprop=datePublished and
 * the breadcrumb trail.
 *
 * One walk over the whole tree; the first value of each kind wins, as the
 * head comes before the body and the article's own tags before those of
 * related items.  html.c decides between the sources.
 * Depends on: core, text, gumbo, jansson.
 */
#include "extract/html_int.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>

#define CRUMB_MAX 24
#define LD_DEPTH_MAX 8

typedef struct meta_ctx {
    kh_article *a;        /* borrows the caller's article (strings go to its arena) */
    kh_html_meta *m;      /* borrows the caller's result */
    const char *tw_title; /* borrows gumbo: twitter:title, used without og:title */
    const char *tw_desc;  /* borrows gumbo */
    int time_from_itemprop;
    int seen_crumb;
    kh_rc rc;    /* first failure inside the walk */
    kh_err *err; /* borrows the caller's */
} meta_ctx;

/* Collects the text of a subtree; breadcrumb items split at <li> and <a>. */
typedef struct text_ctx {
    kh_buf buf;                   /* owns; the text (or item) being collected */
    int split_items;              /* breadcrumb mode */
    const char *items[CRUMB_MAX]; /* borrow the article's arena */
    size_t n_items;
    kh_article *a; /* borrows the caller's article */
    kh_rc rc;
} text_ctx;

static const char *attr(const GumboElement *el, const char *name);
static int visit_text(const GumboNode *node, int leaving, void *vctx);
static kh_rc item_flush(text_ctx *t);
static kh_rc subtree_text(const GumboNode *node, int split, text_ctx *t, kh_err *err);
static void on_meta(meta_ctx *c, const GumboElement *el);
static const char *ld_string(meta_ctx *c, json_t *v);
static int ld_is_article(json_t *type);
static void ld_take(meta_ctx *c, json_t *o, int depth);
static void on_ld_json(meta_ctx *c, const GumboElement *el);
static int is_breadcrumb(const GumboElement *el);
static void on_breadcrumb(meta_ctx *c, const GumboNode *node);
static int visit_meta(const GumboNode *node, int leaving, void *vctx);

static const char *attr(const GumboElement *el, const char *name)
{
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, name);
    return at && at->value[0] ? at->value : NULL;
}

static int visit_text(const GumboNode *node, int leaving, void *vctx)
{
    text_ctx *t = vctx;
    if (node->type == GUMBO_NODE_ELEMENT) {
        GumboTag tag = node->v.element.tag;
        if (!leaving && (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE))
            return KH_HTML_SKIP;
        if (t->split_items && (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_A) && item_flush(t) != KH_OK)
            return KH_HTML_STOP;
        return KH_HTML_DESCEND;
    }
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
        const char *s = node->v.text.text;
        kh_rc rc = kh_buf_appendc(&t->buf, ' ');
        if (rc == KH_OK)
            rc = kh_buf_appends(&t->buf, s);
        if (rc != KH_OK) {
            t->rc = rc;
            return KH_HTML_STOP;
        }
    }
    return KH_HTML_SKIP;
}

/* Ends one breadcrumb item; separators such as "»" or ">" alone are not
 * items. */
static kh_rc item_flush(text_ctx *t)
{
    if (t->buf.len == 0)
        return KH_OK;
    kh_rc rc = KH_OK;
    const char *s = kh_extract_html_clean(t->a, t->buf.data, t->buf.len, &rc);
    kh_buf_reset(&t->buf);
    if (rc != KH_OK) {
        t->rc = rc;
        return rc;
    }
    if (s && strlen(s) > 2 && t->n_items < CRUMB_MAX &&
        !(t->n_items > 0 && strcmp(t->items[t->n_items - 1], s) == 0))
        t->items[t->n_items++] = s;
    return KH_OK;
}

static kh_rc subtree_text(const GumboNode *node, int split, text_ctx *t, kh_err *err)
{
    t->split_items = split;
    kh_rc rc = kh_extract_html_walk(node, visit_text, t, err);
    if (rc == KH_DONE)
        rc = t->rc;
    if (rc == KH_OK && split)
        rc = item_flush(t);
    return rc;
}

static void on_meta(meta_ctx *c, const GumboElement *el)
{
    const char *key = attr(el, "property");
    const char *content = attr(el, "content");
    if (!key)
        key = attr(el, "name");
    if (!key)
        key = attr(el, "itemprop");
    if (!key || !content)
        return;
    kh_html_meta *m = c->m;
    struct {
        const char *key;
        const char **slot;
    } const map[] = {
        {"og:title", &m->og_title},
        {"twitter:title", &c->tw_title},
        {"og:site_name", &m->og_site},
        {"og:description", &m->og_desc},
        {"description", &m->description},
        {"twitter:description", &c->tw_desc},
        {"application-name", &m->app_name},
        {"article:published_time", &m->pub_article},
        {"og:published_time", &m->pub_article},
        {"article:published", &m->pub_article},
        {"datepublished", &m->pub_time},
        {"date", &m->pub_meta},
        {"pubdate", &m->pub_meta},
        {"publishdate", &m->pub_meta},
        {"publish-date", &m->pub_meta},
        {"publish_date", &m->pub_meta},
        {"dc.date", &m->pub_meta},
        {"dc.date.issued", &m->pub_meta},
        {"dcterms.date", &m->pub_meta},
        {"dcterms.created", &m->pub_meta},
        {"sailthru.date", &m->pub_meta},
        {"parsely-pub-date", &m->pub_meta},
        {"article:section", &m->section_meta},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(key, map[i].key) == 0 && !*map[i].slot) {
            *map[i].slot = content;
            return;
        }
}

/* A JSON-LD value as display text in the arena: a string, the first string
 * of an array, or an object's "name". */
static const char *ld_string(meta_ctx *c, json_t *v)
{
    if (json_is_array(v) && json_array_size(v) > 0)
        v = json_array_get(v, 0);
    if (json_is_object(v))
        v = json_object_get(v, "name");
    if (!json_is_string(v))
        return NULL;
    kh_rc rc = KH_OK;
    const char *s = kh_extract_html_clean(c->a, json_string_value(v), json_string_length(v), &rc);
    if (rc != KH_OK && c->rc == KH_OK)
        c->rc = rc;
    return s;
}

static int ld_is_article(json_t *type)
{
    if (json_is_array(type)) {
        for (size_t i = 0; i < json_array_size(type); i++)
            if (ld_is_article(json_array_get(type, i)))
                return 1;
        return 0;
    }
    const char *t = json_string_value(type);
    return t && (strstr(t, "Article") || strstr(t, "Posting") || strstr(t, "Report"));
}

/* Takes the article fields of the first article-typed object found in an
 * object, an array or an @graph. */
static void ld_take(meta_ctx *c, json_t *o, int depth)
{
    if (depth > LD_DEPTH_MAX || c->rc != KH_OK)
        return;
    if (json_is_array(o)) {
        for (size_t i = 0; i < json_array_size(o); i++)
            ld_take(c, json_array_get(o, i), depth + 1);
        return;
    }
    if (!json_is_object(o))
        return;
    json_t *graph = json_object_get(o, "@graph");
    if (graph)
        ld_take(c, graph, depth + 1);
    if (!ld_is_article(json_object_get(o, "@type")))
        return;
    kh_html_meta *m = c->m;
    if (!m->ld_headline)
        m->ld_headline = ld_string(c, json_object_get(o, "headline"));
    if (!m->ld_body)
        m->ld_body = ld_string(c, json_object_get(o, "articleBody"));
    if (!m->ld_date)
        m->ld_date = ld_string(c, json_object_get(o, "datePublished"));
    if (!m->ld_section)
        m->ld_section = ld_string(c, json_object_get(o, "articleSection"));
    if (!m->ld_desc)
        m->ld_desc = ld_string(c, json_object_get(o, "description"));
    if (!m->ld_publisher)
        m->ld_publisher = ld_string(c, json_object_get(o, "publisher"));
}

static void on_ld_json(meta_ctx *c, const GumboElement *el)
{
    const char *type = attr(el, "type");
    if (!type || !strstr(type, "ld+json") || el->children.length == 0)
        return;
    const GumboNode *kid = el->children.data[0];
    if (kid->type != GUMBO_NODE_TEXT && kid->type != GUMBO_NODE_CDATA &&
        kid->type != GUMBO_NODE_WHITESPACE)
        return;
    /* Bad JSON-LD is common and simply ignored. */
    json_error_t jerr;
    json_t *j = json_loads(kid->v.text.text, JSON_DISABLE_EOF_CHECK, &jerr);
    if (!j)
        return;
    ld_take(c, j, 0);
    json_decref(j);
}

static int is_breadcrumb(const GumboElement *el)
{
    const char *names[] = {"class", "id", "aria-label", "itemtype"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = attr(el, names[i]);
        if (v && (strcasestr(v, "breadcrumb") || strstr(v, "BreadcrumbList")))
            return 1;
    }
    return 0;
}

static void on_breadcrumb(meta_ctx *c, const GumboNode *node)
{
    text_ctx t;
    memset(&t, 0, sizeof t);
    kh_buf_init(&t.buf, 4096);
    t.a = c->a;
    c->seen_crumb = 1;
    kh_rc rc = subtree_text(node, 1, &t, c->err);
    kh_buf_clean(&t.buf);
    if (rc == KH_ERR_TOOBIG)
        rc = KH_OK; /* a "breadcrumb" that long is not one */
    if (rc != KH_OK) {
        c->rc = rc;
        return;
    }
    if (t.n_items >= 1)
        c->m->crumb_last = t.items[t.n_items - 1];
    if (t.n_items >= 2)
        c->m->crumb_prev = t.items[t.n_items - 2];
}

static int visit_meta(const GumboNode *node, int leaving, void *vctx)
{
    meta_ctx *c = vctx;
    if (node->type == GUMBO_NODE_DOCUMENT)
        return KH_HTML_DESCEND;
    if (leaving || node->type != GUMBO_NODE_ELEMENT)
        return KH_HTML_SKIP;
    const GumboElement *el = &node->v.element;
    switch (el->tag) {
    case GUMBO_TAG_META:
        on_meta(c, el);
        return KH_HTML_SKIP;
    case GUMBO_TAG_SCRIPT:
        on_ld_json(c, el);
        return c->rc == KH_OK ? KH_HTML_SKIP : KH_HTML_STOP;
    case GUMBO_TAG_STYLE:
        return KH_HTML_SKIP; /* not <noscript>: an unclosed one holds the page */
    case GUMBO_TAG_TITLE:
        if (!c->m->title_tag) {
            text_ctx t;
            memset(&t, 0, sizeof t);
            kh_buf_init(&t.buf, 4096);
            t.a = c->a;
            kh_rc rc = subtree_text(node, 0, &t, c->err);
            if (rc == KH_OK)
                c->m->title_tag = kh_extract_html_clean(c->a, t.buf.data, t.buf.len, &rc);
            kh_buf_clean(&t.buf);
            if (rc != KH_OK && rc != KH_ERR_TOOBIG) {
                c->rc = rc;
                return KH_HTML_STOP;
            }
        }
        return KH_HTML_SKIP;
    case GUMBO_TAG_TIME:
        if (!c->m->pub_time)
            c->m->pub_time = attr(el, "datetime");
        break;
    default:
        break;
    }
    const char *ip = attr(el, "itemprop");
    if (ip && strcasecmp(ip, "datePublished") == 0 && !c->time_from_itemprop) {
        const char *v = attr(el, "datetime");
        if (!v)
            v = attr(el, "content");
        if (v) {
            c->m->pub_time = v;
            c->time_from_itemprop = 1;
        }
    }
    if (!c->seen_crumb && is_breadcrumb(el)) {
        on_breadcrumb(c, node);
        return c->rc == KH_OK ? KH_HTML_SKIP : KH_HTML_STOP;
    }
    return KH_HTML_DESCEND;
}

kh_rc kh_extract_html_meta(const GumboNode *root, kh_article *a, kh_html_meta *m, kh_err *err)
{
    meta_ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.m = m;
    c.err = err;
    kh_rc rc = kh_extract_html_walk(root, visit_meta, &c, err);
    if (rc == KH_DONE || (rc == KH_OK && c.rc != KH_OK))
        rc = kh_err_set(err, c.rc, 0, -1, "reading the HTML metadata: %s", kh_rc_str(c.rc));
    if (rc != KH_OK)
        return rc;
    if (!m->og_title)
        m->og_title = c.tw_title;
    if (!m->og_desc && !m->description)
        m->og_desc = c.tw_desc;
    return KH_OK;
}
