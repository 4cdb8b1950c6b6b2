/*
 * src/serve/route_search.c - GET /api/search?q=&page=: articles matching
 * the words of q (src/search: Arabic tokenizer, BM25), grouped by story.
 *
 * Grouping: hits arrive best first; a story is placed where its best
 * article ranks and shows up to two of its articles, each with a snippet
 * twice: "snippet" as plain text and "snippet_html" escaped for HTML with
 * the matched words in <mark>, so the page never puts raw stored text into
 * HTML.  Articles without a story form a group of their own.
 */
#include "core/alloc.h"
#include "search/search.h"
#include "serve/serve_int.h"

#include <string.h>

#define MAX_HITS 200 /* articles ranked per query */
#define PER_STORY 2  /* articles shown per story */

/* ---- static prototypes ---- */

static int text_ok(const char *q);
static json_t *hit_json(const kh_search_hit *h);
static json_t *snippet(const char *s, int html);
static json_t *group_head(kh_store *s, const kh_view_model *m, const kh_search_hit *h, kh_err *err);

/* ---- public functions ---- */

void kh_serve_route_search(kh_serve_req *r, const char *arg, kh_serve_resp *out)
{
    const char *q = kh_serve_param(r, "q");
    const char *page_s = kh_serve_param(r, "page");
    int64_t page = 1;
    kh_err err;
    kh_search_hits hits;
    json_t *groups = NULL, *o = NULL;
    (void)arg;
    memset(&hits, 0, sizeof hits);
    if (!q || !*q) {
        kh_serve_reply_error(out, 400, "q is required");
        return;
    }
    if (strlen(q) > KH_SERVE_MAX_Q) {
        kh_serve_reply_error(out, 414, "q over %d bytes", KH_SERVE_MAX_Q);
        return;
    }
    if (!text_ok(q)) {
        kh_serve_reply_error(out, 400, "q must be UTF-8 text");
        return;
    }
    if (page_s && !kh_serve_param_int(page_s, 1, 10, &page)) {
        kh_serve_reply_error(out, 400, "page must be an integer from 1 to 10");
        return;
    }
    kh_err_init(&err, NULL);
    kh_rc rc = kh_search_query(kh_serve_store_db(r->store), q, MAX_HITS, &hits, &err);
    if (rc != KH_OK) {
        if (strstr(err.msg, "no such table") || strstr(err.msg, "no such tokenizer"))
            kh_serve_reply_error(out, 503, "the search index is being built");
        else
            kh_serve_reply_err(out, &err);
        goto done;
    }
    groups = json_array();
    if (!groups)
        goto nomem;
    /* Group in rank order: a story's first hit places it.  Pass 1 picks the
     * hits shown (group on this page, at most PER_STORY each); their
     * snippets are made in one query; pass 2 writes the groups. */
    int64_t first = (page - 1) * KH_SERVE_PAGE_SIZE, last = page * KH_SERVE_PAGE_SIZE;
    int64_t *seen = kh_calloc(hits.n + 1, sizeof *seen);
    size_t *shown = kh_calloc(hits.n + 1, sizeof *shown);
    size_t *group_of = kh_calloc(hits.n + 1, sizeof *group_of);
    size_t *per_group = kh_calloc(KH_SERVE_PAGE_SIZE, sizeof *per_group);
    size_t n_seen = 0, n_shown = 0;
    if (!seen || !shown || !group_of || !per_group) {
        kh_free(seen);
        kh_free(shown);
        kh_free(group_of);
        kh_free(per_group);
        goto nomem;
    }
    for (size_t i = 0; i < hits.n; i++) {
        const kh_search_hit *h = &hits.items[i];
        int64_t key = h->story_id > 0 ? h->story_id : -h->rowid;
        size_t g = 0;
        while (g < n_seen && seen[g] != key)
            g++;
        if (g == n_seen)
            seen[n_seen++] = key;
        if ((int64_t)g < first || (int64_t)g >= last)
            continue;
        size_t slot = g - (size_t)first;
        if (per_group[slot] >= PER_STORY)
            continue;
        per_group[slot]++;
        group_of[n_shown] = slot;
        shown[n_shown++] = i;
    }
    rc = kh_search_snippets(kh_serve_store_db(r->store), &hits, shown, n_shown, &err);
    for (size_t k = 0; rc == KH_OK && k < n_shown; k++) {
        const kh_search_hit *h = &hits.items[shown[k]];
        json_t *grp = json_array_get(groups, group_of[k]);
        if (!grp) {
            /* Groups appear in rank order, so a new one is the next index. */
            if (!(grp = group_head(r->store, r->srv->view_model, h, &err)) ||
                json_array_append_new(groups, grp)) {
                rc = err.rc ? err.rc : KH_ERR_NOMEM;
                break;
            }
        }
        json_t *hj = hit_json(h);
        if (!hj || json_array_append_new(json_object_get(grp, "articles"), hj))
            rc = kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
    }
    kh_free(seen);
    kh_free(shown);
    kh_free(group_of);
    kh_free(per_group);
    if (rc != KH_OK)
        goto fail;
    o = json_pack("{s:s, s:I, s:I, s:I, s:b, s:O}", "q", q, "page", (json_int_t)page, "total",
                  (json_int_t)n_seen, "articles", (json_int_t)hits.n, "any_word", hits.any_word,
                  "results", groups);
    kh_serve_reply_json(out, 200, o);
    goto done;
nomem:
    kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
fail:
    kh_serve_reply_err(out, &err);
done:
    json_decref(groups);
    kh_search_hits_clean(&hits);
}

/* ---- static functions ---- */

/* UTF-8 (jansson checks it as the answer will need) without controls. */
static int text_ok(const char *q)
{
    for (const char *p = q; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != ' ' && *p != '\t')
            return 0;
    json_t *t = json_string(q);
    json_decref(t);
    return t != NULL;
}

static json_t *group_head(kh_store *s, const kh_view_model *m, const kh_search_hit *h, kh_err *err)
{
    json_t *story = NULL;
    if (h->story_id > 0) {
        kh_store_story row;
        kh_rc rc = kh_store_story_get(s, h->story_id, 1, &row, err);
        if (rc == KH_OK) {
            if (!(story = kh_story_query_brief(s, m, &row, 0, err)))
                return NULL;
        } else if (rc != KH_DONE) {
            return NULL;
        }
    }
    json_t *g = json_pack("{s:o, s:f, s:[]}", "story", story ? story : json_null(), "score",
                          h->score, "articles");
    if (!g)
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return g;
}

static json_t *hit_json(const kh_search_hit *h)
{
    char when[32] = "";
    if (h->published_ts > 0)
        kh_store_article_time_format(h->published_ts, when, sizeof when);
    json_t *t = json_string(h->title), *ol = json_string(h->outlet), *id = json_string(h->id);
    return json_pack("{s:o, s:o, s:o, s:o, s:f, s:o, s:o}", "id", id ? id : json_null(), "title",
                     t ? t : json_null(), "outlet", ol ? ol : json_null(), "published",
                     when[0] ? json_string(when) : json_null(), "score", h->score, "snippet",
                     snippet(h->snippet, 0), "snippet_html", snippet(h->snippet, 1));
}

/* The snippet without its marks, or escaped for HTML with <mark> around
 * the matches. */
static json_t *snippet(const char *s, int html)
{
    kh_buf b;
    kh_rc rc = KH_OK;
    kh_buf_init(&b, KH_CAP_REQUEST);
    int open = 0;
    for (const char *p = s; *p && rc == KH_OK; p++) {
        switch (*p) {
        case KH_SEARCH_MARK_OPEN:
            if (html && !open)
                rc = kh_buf_appends(&b, "<mark>");
            open = 1;
            break;
        case KH_SEARCH_MARK_CLOSE:
            if (html && open)
                rc = kh_buf_appends(&b, "</mark>");
            open = 0;
            break;
        case '&':
            rc = html ? kh_buf_appends(&b, "&amp;") : kh_buf_appendc(&b, *p);
            break;
        case '<':
            rc = html ? kh_buf_appends(&b, "&lt;") : kh_buf_appendc(&b, *p);
            break;
        case '>':
            rc = html ? kh_buf_appends(&b, "&gt;") : kh_buf_appendc(&b, *p);
            break;
        case '"':
            rc = html ? kh_buf_appends(&b, "&quot;") : kh_buf_appendc(&b, *p);
            break;
        case '\'':
            rc = html ? kh_buf_appends(&b, "&#39;") : kh_buf_appendc(&b, *p);
            break;
        default:
            rc = kh_buf_appendc(&b, *p);
        }
    }
    if (rc == KH_OK && html && open)
        rc = kh_buf_appends(&b, "</mark>");
    json_t *v = rc == KH_OK ? json_stringn(b.data ? b.data : "", b.len) : NULL;
    if (rc == KH_OK)
        kh_buf_clean(&b);
    return v ? v : json_null();
}
