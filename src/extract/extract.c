/*
 * src/extract/extract.c - the extract stage's front door: guesses what a
 * page is (HTML, an already extracted JSON record, or a text dump), runs the
 * right extractor, refuses what holds no Arabic article, and writes the
 * result as the JSON object `khabar extract` prints.
 *
 * The checks here are the stage's answer to bad input: empty or blank input,
 * binary data or another encoding than UTF-8, a page with no article text,
 * a page in another language.  Each is KH_ERR_* with a message; scattered
 * invalid UTF-8 in otherwise good text is replaced and counted
 * (kh_article.n_bad_utf8) instead.  Everything is one linear pass.
 * Depends on: core, text, jansson, utf8proc.
 */
#include "extract/extract_int.h"

#include "text/text.h"

#include <jansson.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* How much of a page the HTML sniffer looks at. */
#define SNIFF_BYTES 65536

static size_t skip_blank(const char *s, size_t n);
static int is_arabic_letter(uint32_t cp);
static int json_record_ok(json_t *root);
static kh_rc add_paragraphs(kh_article *a, const char *s, size_t n, kh_buf *tmp);
static kh_rc set_field(kh_article *a, const char **field, json_t *root, const char *name,
                       kh_buf *tmp);
static kh_rc several_records(const char *buf, size_t len, kh_err *err);
static kh_rc extract_record(const char *buf, size_t len, kh_article *out, kh_err *err);
static kh_rc put_str(kh_buf *out, const char *key, const char *s, int comma);
static kh_rc put_list(kh_buf *out, const char *key, const kh_strlist *l);

/* Bytes of leading white space and byte-order mark. */
static size_t skip_blank(const char *s, size_t n)
{
    size_t i = 0;
    for (;;) {
        if (i + 3 <= n && memcmp(s + i, "\xef\xbb\xbf", 3) == 0)
            i += 3;
        else if (i < n && strchr(" \t\r\n\f\v", s[i]) && s[i])
            i++;
        else
            return i;
    }
}

kh_rc kh_extract_check_text(const char *s, size_t n, kh_input_kind kind, size_t *n_bad, kh_err *err)
{
    int any_charset = kind == KH_INPUT_HTML;
    /* HTML and JSON may write Arabic as escapes (&#1575; \\u0627). */
    int literal_arabic = kind == KH_INPUT_TEXT;
    if (n_bad)
        *n_bad = 0;
    if (!s || n == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "empty input");
    size_t pos = 0, n_cp = 0, bad = 0, ink = 0, arabic = 0, nul = 0;
    uint32_t cp;
    int r;
    while ((r = kh_text_utf8_next(s, n, &pos, &cp)) != 0) {
        n_cp++;
        if (r < 0 || cp == 0) {
            bad++;
            nul += cp == 0 && r > 0;
        } else if (!(cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xFEFF || cp == 0xA0 ||
                     cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x200E ||
                     cp == 0x200F)) {
            ink++;
            if (cp >= 0x0600 && is_arabic_letter(cp))
                arabic++;
        }
    }
    if (n_bad)
        *n_bad = bad;
    if (any_charset && nul * 10 > n_cp)
        return kh_err_set(err, KH_ERR_UTF8, 0, -1, "binary data: %zu of %zu bytes are NUL", nul,
                          n_cp);
    if (!any_charset && bad * 10 > n_cp)
        return kh_err_set(err, KH_ERR_UTF8, 0, -1,
                          "not UTF-8 text: %zu of %zu characters are NUL or invalid "
                          "(binary data, or a legacy encoding such as windows-1256)",
                          bad, n_cp);
    if (ink == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1, "blank input: only white space");
    if (literal_arabic && arabic == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1,
                          "no Arabic article found: the input has no Arabic letters");
    return KH_OK;
}

/* The Arabic script blocks, letters only (not digits or punctuation). */
static int is_arabic_letter(uint32_t cp)
{
    int in_block = (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
                   (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
                   (cp >= 0xFE70 && cp <= 0xFEFF);
    if (!in_block)
        return 0;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LM;
}

/* Counts letters of s into *letters and its Arabic letters into *arabic. */
static void count_letters(const char *s, size_t *letters, size_t *arabic)
{
    if (!s)
        return;
    size_t n = strlen(s), pos = 0;
    uint32_t cp;
    int r;
    while ((r = kh_text_utf8_next(s, n, &pos, &cp)) != 0) {
        if (r < 0)
            continue;
        utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
        if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) {
            (*letters)++;
            if (is_arabic_letter(cp))
                (*arabic)++;
        }
    }
}

kh_rc kh_extract_check_article(kh_article *a, kh_err *err)
{
    if (!a)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract_check_article: NULL argument");
    if (a->body.n == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1,
                          "no article text found (only page furniture or headings)");
    size_t letters = 0, arabic = 0;
    count_letters(a->title, &letters, &arabic);
    for (size_t i = 0; i < a->body.n; i++)
        count_letters(a->body.items[i], &letters, &arabic);
    if (arabic == 0)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1,
                          "no Arabic article found: the text has no Arabic letters");
    if (arabic * 2 < letters)
        return kh_err_set(err, KH_ERR_EMPTY, 0, -1,
                          "no Arabic article found: only %zu%% of the letters are Arabic",
                          arabic * 100 / letters);
    return KH_OK;
}

/* An extracted record has a string "html", or a string "title" or "text". */
static int json_record_ok(json_t *root)
{
    if (!json_is_object(root))
        return 0;
    return json_is_string(json_object_get(root, "html")) ||
           json_is_string(json_object_get(root, "text")) ||
           json_is_string(json_object_get(root, "title"));
}

kh_input_kind kh_extract_detect(const char *buf, size_t len)
{
    if (!buf)
        return KH_INPUT_UNKNOWN;
    size_t i = skip_blank(buf, len);
    if (i == len)
        return KH_INPUT_UNKNOWN;
    if (buf[i] == '<') {
        static const char *const tags[] = {"<html", "<body",     "<p>",   "<p ",
                                           "<div",  "<!doctype", "<head", "<article",
                                           "<meta", "<title",    NULL};
        size_t n = len - i < SNIFF_BYTES ? len - i : SNIFF_BYTES;
        for (size_t k = 0; tags[k]; k++) {
            size_t tl = strlen(tags[k]);
            for (size_t j = i; j + tl <= i + n; j++)
                if (buf[j] == '<' && strncasecmp(buf + j, tags[k], tl) == 0)
                    return KH_INPUT_HTML;
        }
        return KH_INPUT_TEXT;
    }
    if (buf[i] == '{') {
        json_t *root = json_loadb(buf + i, len - i, JSON_ALLOW_NUL, NULL);
        int ok = json_record_ok(root);
        json_decref(root);
        if (ok)
            return KH_INPUT_JSON;
    }
    return KH_INPUT_TEXT;
}

/* Adds each non-empty line of s as one paragraph. */
static kh_rc add_paragraphs(kh_article *a, const char *s, size_t n, kh_buf *tmp)
{
    size_t start = 0;
    while (start < n) {
        const char *nl = memchr(s + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - s) : n;
        kh_buf_reset(tmp);
        if (kh_text_clean_display(s + start, end - start, tmp) != KH_OK)
            return KH_ERR_NOMEM;
        if (tmp->len > 0 && kh_article_list_add(a, &a->body, tmp->data, tmp->len) != KH_OK)
            return KH_ERR_NOMEM;
        start = end + 1;
    }
    return KH_OK;
}

/* Sets *field to the display form of root's string member name, unless the
 * member is missing or *field is already set. */
static kh_rc set_field(kh_article *a, const char **field, json_t *root, const char *name,
                       kh_buf *tmp)
{
    json_t *v = json_object_get(root, name);
    if (*field || !json_is_string(v))
        return KH_OK;
    kh_buf_reset(tmp);
    if (kh_text_clean_display(json_string_value(v), json_string_length(v), tmp) != KH_OK)
        return KH_ERR_NOMEM;
    if (tmp->len == 0)
        return KH_OK;
    *field = kh_article_strndup(a, tmp->data, tmp->len);
    return *field ? KH_OK : KH_ERR_NOMEM;
}

/* JSONL (one record per line) is not one page: refuse it rather than read
 * its JSON as a text dump. */
static kh_rc several_records(const char *buf, size_t len, kh_err *err)
{
    size_t i = skip_blank(buf, len);
    if (i == len || buf[i] != '{')
        return KH_OK;
    json_t *first = json_loadb(buf + i, len - i, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, NULL);
    int record = json_record_ok(first);
    json_decref(first);
    if (record)
        return kh_err_set(err, KH_ERR_PARSE, 0, -1,
                          "several JSON records: extract takes one page (JSONL goes to ingest)");
    return KH_OK;
}

/* A JSON record: {"html": ...} goes through the HTML extractor, {"title",
 * "text"} is already extracted and only split into paragraphs. */
static kh_rc extract_record(const char *buf, size_t len, kh_article *out, kh_err *err)
{
    json_error_t jerr;
    kh_rc rc = KH_OK;
    kh_buf tmp;
    kh_buf_init(&tmp, KH_CAP_PAGE);
    json_t *root = json_loadb(buf, len, JSON_ALLOW_NUL, &jerr);
    if (!json_record_ok(root)) {
        rc = kh_err_set(err, KH_ERR_PARSE, jerr.line > 0 ? jerr.line : 0, -1,
                        "not a JSON record with \"title\", \"text\" or \"html\"");
        goto done;
    }
    json_t *html = json_object_get(root, "html");
    if (json_is_string(html)) {
        rc = kh_extract_html(json_string_value(html), json_string_length(html), out, err);
        if (rc != KH_OK)
            goto done;
    } else {
        json_t *text = json_object_get(root, "text");
        if (json_is_string(text) &&
            add_paragraphs(out, json_string_value(text), json_string_length(text), &tmp) != KH_OK) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the record");
            goto done;
        }
    }
    out->kind = KH_INPUT_JSON;
    if (set_field(out, &out->title, root, "title", &tmp) != KH_OK ||
        set_field(out, &out->outlet, root, "outlet", &tmp) != KH_OK ||
        set_field(out, &out->published, root, "published", &tmp) != KH_OK ||
        set_field(out, &out->url, root, "url", &tmp) != KH_OK ||
        set_field(out, &out->id, root, "id", &tmp) != KH_OK ||
        set_field(out, &out->section, root, "section", &tmp) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory reading the record");
        goto done;
    }
    rc = kh_extract_check_article(out, err);
done:
    json_decref(root);
    kh_buf_clean(&tmp);
    return rc;
}

kh_rc kh_extract_page(const char *buf, size_t len, kh_article *out, kh_err *err)
{
    if (!buf || !out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_extract_page: NULL argument");
    size_t n_bad = 0;
    kh_input_kind kind = kh_extract_detect(buf, len);
    /* HTML may be in a charset it declares; the HTML extractor decodes it
     * and counts what it had to replace. */
    kh_rc rc = kh_extract_check_text(buf, len, kind, &n_bad, err);
    if (rc != KH_OK)
        return rc;
    switch (kind) {
    case KH_INPUT_HTML:
        rc = kh_extract_html(buf, len, out, err);
        if (rc == KH_OK)
            rc = kh_extract_check_article(out, err);
        return rc;
    case KH_INPUT_JSON:
        rc = extract_record(buf, len, out, err);
        break;
    default:
        rc = several_records(buf, len, err);
        if (rc == KH_OK)
            rc = kh_extract_dump(buf, len, out, err);
        break;
    }
    out->n_bad_utf8 = n_bad;
    return rc;
}

/* "key": "s" or "key": null, with a comma before unless it is the first. */
static kh_rc put_str(kh_buf *out, const char *key, const char *s, int comma)
{
    kh_rc rc = kh_buf_printf(out, "%s\"%s\": ", comma ? ", " : "", key);
    if (rc != KH_OK)
        return rc;
    if (!s)
        return kh_buf_appends(out, "null");
    if ((rc = kh_buf_appendc(out, '"')) != KH_OK ||
        (rc = kh_buf_append_json(out, s, strlen(s))) != KH_OK)
        return rc;
    return kh_buf_appendc(out, '"');
}

static kh_rc put_list(kh_buf *out, const char *key, const kh_strlist *l)
{
    kh_rc rc = kh_buf_printf(out, ", \"%s\": [", key);
    for (size_t i = 0; rc == KH_OK && i < l->n; i++) {
        if (i)
            rc = kh_buf_appends(out, ", ");
        if (rc == KH_OK)
            rc = kh_buf_appendc(out, '"');
        if (rc == KH_OK)
            rc = kh_buf_append_json(out, l->items[i], strlen(l->items[i]));
        if (rc == KH_OK)
            rc = kh_buf_appendc(out, '"');
    }
    return rc == KH_OK ? kh_buf_appendc(out, ']') : rc;
}

kh_rc kh_extract_json(const kh_article *a, kh_buf *out)
{
    if (!a || !out)
        return KH_ERR_ARG;
    kh_rc rc;
    if ((rc = kh_buf_appendc(out, '{')) != KH_OK || (rc = put_str(out, "title", a->title, 0)) ||
        (rc = put_str(out, "section", a->section, 1)) ||
        (rc = put_str(out, "outlet", a->outlet, 1)) ||
        (rc = put_str(out, "published", a->published, 1)) ||
        (rc = put_str(out, "teaser", a->teaser, 1)) ||
        (rc = put_list(out, "captions", &a->captions)) ||
        (rc = put_list(out, "subheadings", &a->subheadings)) ||
        (rc = put_list(out, "body", &a->body)) || (rc = put_list(out, "see_also", &a->see_also)) ||
        (rc = put_list(out, "related", &a->related)))
        return rc;
    if (a->kind == KH_INPUT_TEXT && a->lines) {
        if ((rc = kh_buf_appends(out, ", \"lines\": [")) != KH_OK)
            return rc;
        for (size_t i = 0; i < a->n_lines; i++) {
            const char *role = kh_line_role_name(a->lines[i].role);
            if ((rc = kh_buf_printf(out, "%s{\"n\": %zu, \"role\": ", i ? ", " : "",
                                    a->lines[i].n)) != KH_OK ||
                (rc = role ? kh_buf_printf(out, "\"%s\"}", role) : kh_buf_appends(out, "null}")))
                return rc;
        }
        if ((rc = kh_buf_appendc(out, ']')) != KH_OK)
            return rc;
    }
    return kh_buf_appendc(out, '}');
}
