/*
 * src/ingest/ingest_jsonl.c - JSONL records to articles.
 *
 * One article a line: {"id", "url", "outlet", "published", "title", and
 * "text" (already extracted, paragraphs separated by "\n") or "html" (a
 * page, run through kh_extract_html), optional "section" and "teaser"}.
 * Blank lines are passed over.  A line that is not a JSON object, is not
 * UTF-8, or lacks id, title or text is reported as "FILE:LINE: message" and
 * skipped; the file goes on.  The record parser (ingest_record.c) refuses
 * invalid UTF-8 and \u0000, so every string that reaches the store is
 * valid text.  Depends on: core, extract (ingest/ingest_int.h).
 *
 * A parallel ingest (ingest_par.c) holds up to a window of articles read
 * but not stored.  A stream (stdin or a named input that is not a regular
 * file: a pipe, a fifo) may pause for good between records, with articles
 * waiting that a reader expects stored; and kh_lines reads through zlib,
 * which blocks until its buffer is full, so "would the next read block"
 * cannot be told.  So on a stream the window is drained after each record:
 * one article at a time, as with one thread.
 */
#include "ingest/ingest_int.h"
#include "core/lines.h"
#include "extract/extract.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- static prototypes ---- */

static int trim(kh_ingest_field *f);
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
        if (e.rc == KH_ERR_NOMEM)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        kh_ingest_report(in, &e, 1);
        return KH_OK;
    }
    kh_rc rc = KH_OK;
    struct stat st;
    int is_stream = (strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) : stat(path, &st)) == 0 &&
                    !S_ISREG(st.st_mode);
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
            if (e.rc == KH_ERR_NOMEM) { /* the machine failed, not the record */
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                break;
            }
            e.line = ln;
            kh_ingest_report(in, &e, 0);
            continue;
        }
        if ((rc = kh_ingest_article(in, a, name, ln, err)) != KH_OK ||
            (is_stream && (rc = kh_ingest_drain(in, err)) != KH_OK))
            break;
    }
    kh_lines_close(l);
    return rc;
}

kh_rc kh_ingest_jsonl_record(const char *line, size_t len, kh_article **out, kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_ingest_field f[KH_INGEST_F__COUNT];
    *out = NULL;
    kh_article *a = kh_article_new();
    if (!a)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    if ((rc = kh_ingest_record_parse(line, len, &a->arena, f, err)) != KH_OK)
        goto done;
    char *text = f[KH_INGEST_F_TEXT].s, *html = f[KH_INGEST_F_HTML].s;
    if (!trim(&f[KH_INGEST_F_ID])) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no id");
        goto done;
    }
    if (!text && !html) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no text or html");
        goto done;
    }
    if (html && !text) {
        kh_err xe;
        kh_err_init(&xe, NULL);
        if (kh_extract_html(html, f[KH_INGEST_F_HTML].len, a, &xe) != KH_OK) {
            rc = kh_err_set(err, xe.rc, 0, -1, "html: %s", xe.msg);
            goto done;
        }
    }
    a->kind = text ? KH_INPUT_JSON : KH_INPUT_HTML;
    a->id = f[KH_INGEST_F_ID].s;
    /* The record's own fields win over what extraction found. */
    if (trim(&f[KH_INGEST_F_URL]))
        a->url = f[KH_INGEST_F_URL].s;
    if (trim(&f[KH_INGEST_F_OUTLET]))
        a->outlet = f[KH_INGEST_F_OUTLET].s;
    if (trim(&f[KH_INGEST_F_PUBLISHED]))
        a->published = f[KH_INGEST_F_PUBLISHED].s;
    if (trim(&f[KH_INGEST_F_TITLE]))
        a->title = f[KH_INGEST_F_TITLE].s;
    if (trim(&f[KH_INGEST_F_SECTION]))
        a->section = f[KH_INGEST_F_SECTION].s;
    if (trim(&f[KH_INGEST_F_TEASER]))
        a->teaser = f[KH_INGEST_F_TEASER].s;
    if (!a->title) {
        rc = kh_err_set(err, KH_ERR_PARSE, 0, -1, "record has no title");
        goto done;
    }
    if (text && (rc = add_paragraphs(a, text, f[KH_INGEST_F_TEXT].len)) != KH_OK) {
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
    return rc;
}

/* ---- static functions ---- */

/* Trims white space off f in place (the string is the parser's copy);
 * false when nothing is left or the field is absent. */
static int trim(kh_ingest_field *f)
{
    if (!f->s)
        return 0;
    char *s = f->s;
    size_t len = f->len;
    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    s[len] = '\0';
    f->s = len ? s : NULL;
    f->len = len;
    return len > 0;
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
