/*
 * src/cli/cmd_eval_html.c - `khabar eval html DIR`: the HTML extractor
 * against trafilatura's evaluation set.
 *
 * DIR holds evaldata.json (URL -> {"file", "with": [...], "without":
 * [...]}) and eval/<file>.  The text judged is the article's main text: its
 * body paragraphs, then its subheadings, joined by newlines (title, teaser
 * and captions are left out, as trafilatura's own comparison does).  Per
 * document each "with" snippet found is a true positive, else a false
 * negative; each "without" snippet found is a false positive, else a true
 * negative; a page the extractor rejects finds nothing.  Totals give
 * precision, recall, F1 and accuracy (trafilatura's tests/comparison.py).
 * Entries whose file is missing are counted and skipped.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "extract/extract.h"
#include "text/text.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct tally {
    long tp, fn, fp, tn;
    long docs, missing, rejected;
} tally;

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar eval html [--raw-utf8] [-v] DIR\n\n"
                 "runs the HTML extractor on trafilatura's evaluation set in DIR (evaldata.json\n"
                 "and eval/*.html) and prints precision, recall, F1 and accuracy of the snippets\n"
                 "that must (\"with\") and must not (\"without\") appear in the main text.\n"
                 "  --raw-utf8  skip charset decoding (bytes read as UTF-8, bad ones replaced)\n"
                 "  -v          print one line per document: TP FN FP TN file\n");
}

/* Body then subheadings, one per line. */
static int main_text(const kh_article *a, kh_buf *out)
{
    const kh_strlist *lists[] = {&a->body, &a->subheadings};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++)
            if (kh_buf_appends(out, lists[l]->items[i]) != KH_OK ||
                kh_buf_appendc(out, '\n') != KH_OK)
                return 0;
    return 1;
}

static int eval_one(const char *dir, json_t *entry, int raw, int verbose, tally *t)
{
    const char *file = json_string_value(json_object_get(entry, "file"));
    json_t *with = json_object_get(entry, "with"), *without = json_object_get(entry, "without");
    char path[4096];
    kh_buf page, clean, text;
    kh_article *a = NULL;
    kh_err err;
    int ok = 0;
    kh_buf_init(&page, KH_CAP_PAGE);
    kh_buf_init(&clean, KH_CAP_PAGE * 3);
    kh_buf_init(&text, KH_CAP_PAGE * 3);
    if (!file || !json_is_array(with) || !json_is_array(without))
        return 1; /* not an entry */
    snprintf(path, sizeof path, "%s/eval/%s", dir, file);
    kh_err_init(&err, path);
    if (kh_buf_read_file(&page, path, &err) != KH_OK) {
        t->missing++;
        ok = 1;
        goto done;
    }
    a = kh_article_new();
    if (!a)
        goto done;
    const char *html = page.data ? page.data : "";
    size_t len = page.len;
    if (raw) {
        if (kh_text_utf8_clean(html, len, &clean, NULL) != KH_OK)
            goto done;
        html = clean.data ? clean.data : "";
        len = clean.len;
    }
    kh_rc rc = kh_extract_html(html, len, a, &err);
    if (rc == KH_ERR_NOMEM)
        goto done;
    if (rc != KH_OK)
        t->rejected++;
    else if (!main_text(a, &text))
        goto done;
    const char *got = text.data ? text.data : "";
    long tp = 0, fn = 0, fp = 0, tn = 0;
    for (size_t i = 0; i < json_array_size(with); i++) {
        const char *s = json_string_value(json_array_get(with, i));
        if (s && strstr(got, s))
            tp++;
        else
            fn++;
    }
    for (size_t i = 0; i < json_array_size(without); i++) {
        const char *s = json_string_value(json_array_get(without, i));
        if (s && strstr(got, s))
            fp++;
        else
            tn++;
    }
    if (verbose)
        printf("%ld %ld %ld %ld %s\n", tp, fn, fp, tn, file);
    t->tp += tp;
    t->fn += fn;
    t->fp += fp;
    t->tn += tn;
    t->docs++;
    ok = 1;
done:
    kh_article_free(a);
    kh_buf_clean(&page);
    kh_buf_clean(&clean);
    kh_buf_clean(&text);
    return ok;
}

int eval_html(int argc, char **argv)
{
    int raw = 0, verbose = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (kh_cli_is_help(argv[i])) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--raw-utf8") == 0)
            raw = 1;
        else if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (!dir && argv[i][0] != '-')
            dir = argv[i];
        else {
            usage(stderr);
            return 2;
        }
    }
    if (!dir) {
        usage(stderr);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/evaldata.json", dir);
    json_error_t jerr;
    json_t *gold = json_load_file(path, 0, &jerr);
    if (!gold || !json_is_object(gold)) {
        kh_cli_error("%s:%d: %s", path, jerr.line, gold ? "not a JSON object" : jerr.text);
        json_decref(gold);
        return 1;
    }
    tally t = {0};
    const char *url;
    json_t *entry;
    json_object_foreach(gold, url, entry)
    {
        if (!eval_one(dir, entry, raw, verbose, &t)) {
            kh_cli_error("%s: out of memory", url);
            json_decref(gold);
            return 1;
        }
    }
    json_decref(gold);
    double p = t.tp + t.fp ? (double)t.tp / (double)(t.tp + t.fp) : 0;
    double r = t.tp + t.fn ? (double)t.tp / (double)(t.tp + t.fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    long all = t.tp + t.fn + t.fp + t.tn;
    double acc = all ? (double)(t.tp + t.tn) / (double)all : 0;
    printf("documents  %ld (%ld without output, %ld files missing)\n", t.docs, t.rejected,
           t.missing);
    printf("snippets   TP %ld  FN %ld  FP %ld  TN %ld\n", t.tp, t.fn, t.fp, t.tn);
    printf("precision  %.3f\nrecall     %.3f\nF1         %.3f\naccuracy   %.3f\n", p, r, f, acc);
    return 0;
}
