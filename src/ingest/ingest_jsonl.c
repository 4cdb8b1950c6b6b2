/*
 * src/ingest/ingest_jsonl.c - JSONL records to articles.
 *
 * One article a line: {"id", "url", "outlet", "published", "title", and
 * "text" (already extracted, paragraphs separated by "\n") or "html" (a
 * page, run through kh_extract_html), optional "section" and "teaser"}.
 * Blank lines are passed over.  A line that is not a JSON object, is not
 * UTF-8, or lacks id, title or text is reported as "FILE:LINE: message" and
 * skipped; the file goes on.  jansson rejects invalid UTF-8 and \u0000
 * itself, so every string that reaches the store is valid text.
 * Depends on: core, extract (ingest/ingest_int.h), jansson.
 */
#include "ingest/ingest_int.h"
#include "core/lines.h"
#include "extract/extract.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---- static prototypes ---- */

static const char *field(json_t *obj, const char *key, size_t *len);
static const char *copy_field(kh_article *a, json_t *obj, const char *key);
static kh_rc add_paragraphs(kh_article *a, const char *text, size_t len);
static int is_blank(const char *s, size_t n);

/* ---- public functions ---- */

kh_rc kh_ingest_jsonl(kh_ingest *in, const char *path, kh_err *err)
{
    const char *name = strcmp(path, "-") == 0 ? "(stdin)" : path;
    kh_err e;
    kh_err_init(&e, name);
    kh_lines *l = kh_lines_open(path, &e);
    if (!l) {
        kh_ingest_report(in, &e, 1);
        return KH_OK;
    }
    kh_rc rc = KH_OK;
    for (;;) {
        const char *line;
        size_t len;
        kh_err_init(&e, name);
        kh_rc lr = kh_lines_next(l, &line, &len, &e);
        if (lr == KH_DONE)
            break;
        if (lr == KH_ERR_TOOBIG) {
            e.line = kh_lines_number(l);
            kh_ingest_report(in, &e, 0);
            continue;
        }
        if (lr != KH_OK) { /* a truncated gzip stream: the rest is lost */
            kh_ingest_report(in, &e, 1);
            break;
        }
        if (is_blank(line, len))
            continue;
        kh_article *a = NULL;
        long ln = kh_lines_number(l);
        if (kh_ingest_jsonl_record(line, len, &a, &e) != KH_OK) {
            e.line = ln;
            kh_ingest_report(in, &e, 0);
            continue;
        }
        if ((rc = kh_ingest_article(in, a, name, ln, err)) != KH_OK)
            break;
    }
    kh_lines_close(l);
    return rc;
}

kh_rc kh_ingest_jsonl_record(const char *line, size_t len, kh_article **out, kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_article *a = NULL;
    json_error_t jerr;
    *out = NULL;
    json_t *obj = json_loadb(line, len, 0, &jerr);
    if (!obj) {
        if (json_error_code(&jerr) == json_error_invalid_utf8)
            return kh_err_set(err, KH_ERR_UTF8, 0, jerr.position, "record is not valid UTF-8");
        if (json_error_code(&jerr) == json_error_out_of_memory)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return kh_err_set(err, KH_ERR_PARSE, 0, -1, "malformed JSON: %s (column %d)", jerr.text,
                          jerr.column);
    }
    if (!json_is_object(obj)) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record is not a JSON object");
        goto done;
    }
    size_t text_len = 0, html_len = 0;
    const char *text = field(obj, "text", &text_len);
    const char *html = field(obj, "html", &html_len);
    json_t *id = json_object_get(obj, "id");
    if (!id || !(json_is_string(id) || json_is_integer(id)) ||
        (json_is_string(id) && json_string_length(id) == 0)) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no id");
        goto done;
    }
    if (!text && !html) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no text or html");
        goto done;
    }
    if (!(a = kh_article_new())) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    if (html && !text) {
        kh_err xe;
        kh_err_init(&xe, NULL);
        if (kh_extract_html(html, html_len, a, &xe) != KH_OK) {
            rc = kh_err_set(err, xe.rc, 0, -1, "html: %s", xe.msg);
            goto done;
        }
    }
    a->kind = text ? KH_INPUT_JSON : KH_INPUT_HTML;
    char num[32];
    if (json_is_integer(id))
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
    const char *id_s = json_is_integer(id) ? num : json_string_value(id);
    if (!(a->id = kh_article_strndup(a, id_s, strlen(id_s)))) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    /* The record's own fields win over what extraction found. */
    const char *v;
    if ((v = copy_field(a, obj, "url")))
        a->url = v;
    if ((v = copy_field(a, obj, "outlet")))
        a->outlet = v;
    if ((v = copy_field(a, obj, "published")))
        a->published = v;
    if ((v = copy_field(a, obj, "title")))
        a->title = v;
    if ((v = copy_field(a, obj, "section")))
        a->section = v;
    if ((v = copy_field(a, obj, "teaser")))
        a->teaser = v;
    if (!a->title || is_blank(a->title, strlen(a->title))) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no title");
        goto done;
    }
    if (text && (rc = add_paragraphs(a, text, text_len)) != KH_OK) {
        kh_err_set(err, rc, 0, -1, "out of memory");
        goto done;
    }
    if (a->body.n == 0) {
        rc = kh_err_set(err, KH_ERR_EMPTY, 0, -1, "record has empty text");
        goto done;
    }
    *out = a;
    a = NULL;
done:
    kh_article_free(a);
    json_decref(obj);
    return rc;
}

/* ---- static functions ---- */

/* The string value of key, or NULL when absent, null or not a string. */
static const char *field(json_t *obj, const char *key, size_t *len)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        return NULL;
    *len = json_string_length(v);
    return json_string_value(v);
}

/* A copy of a non-blank string field in a's arena, or NULL (absent, blank
 * or out of memory: the caller checks what it requires). */
static const char *copy_field(kh_article *a, json_t *obj, const char *key)
{
    size_t len = 0;
    const char *s = field(obj, key, &len);
    if (!s)
        return NULL;
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    return len ? kh_article_strndup(a, s, len) : NULL;
}

/* Splits text at "\n" into trimmed, non-empty paragraphs. */
static kh_rc add_paragraphs(kh_article *a, const char *text, size_t len)
{
    size_t start = 0;
    while (start < len) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t b = start, e = end;
        while (b < e && (text[b] == ' ' || text[b] == '\t' || text[b] == '\r'))
            b++;
        while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
            e--;
        if (e > b) {
            kh_rc rc = kh_article_list_add(a, &a->body, text + b, e - b);
            if (rc != KH_OK)
                return rc;
        }
        start = end + 1;
    }
    return KH_OK;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}
