/*
 * src/cli/cmd_eval_search.c - `khabar eval search`: known-item search over
 * a store, khabar's Arabic tokenizer against FTS5's unicode61 (diacritics
 * removed), with the titles' words as written and in another spelling.
 *
 * Method: every step-th stored article that is not a duplicate and has at
 * least three usable title words is a target; its query is the four longest
 * title words that are not stop words.  A variant of the query respells
 * each word as transliterations and careless typing do: hamza forms of alef
 * to bare alef, final ة to ه, ى to ي, and one long vowel (ي or و) dropped
 * from the middle of words of six letters or more (see respell()).  Both indexes answer with all
 * words required, any word when that finds nothing (what GET /api/search
 * does), best 10 by BM25; khabar's puts first the articles where several
 * words stand together as typed.  A third query, the title's first three
 * words in order, is what a reader recalling a headline types.  Scored: the target itself in the
 * top 10
 * ("article@10"), the target or another article of its story
 * ("story@10"), and the mean reciprocal rank of the target.  The unicode61
 * index is built in memory (temp schema, contentless), the khabar index is
 * the server's own (created or caught up in the store).
 */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "search/search.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_QUERY_WORDS 4
#define TOP 10

/* ---- types ---- */

typedef struct score {
    long n, article, story;
    double mrr;
} score;

typedef struct target {
    int64_t rowid, story_id;
    char query[512];
    char variant[512];
    char run[512]; /* the title's first three words, in order */
} target;

/* ---- static prototypes ---- */

static void usage(FILE *out);
static int build_base(sqlite3 *db);
static int make_query(const char *title, char *q, size_t cap, char *v, size_t vcap);
static void respell(const char *w, size_t len, kh_buf *out);
static int make_run(const char *title, char *q, size_t cap);
static int run_khabar(sqlite3 *db, const target *t, const char *q, score *s);
static int run_base(sqlite3 *db, const target *t, const char *q, score *s);
static int story_of(sqlite3 *db, int64_t rowid, int64_t *story);
static void add_rank(score *s, int rank, int story_hit);
static void print_score(const char *name, const score *s);

/* ---- public functions ---- */

int eval_search(int argc, char **argv)
{
    const char *path = NULL;
    long n_want = 300;
    for (int i = 1; i < argc; i++) {
        if (kh_cli_is_help(argv[i])) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            kh_cli_error("eval search: %s needs a value", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--db") == 0)
            path = argv[++i];
        else if (strcmp(argv[i], "--n") == 0) {
            char *end = NULL;
            n_want = strtol(argv[++i], &end, 10);
            if (*end || n_want < 1 || n_want > 100000) {
                kh_cli_error("eval search: --n wants 1 to 100000");
                return 2;
            }
        } else {
            kh_cli_error("eval search: unknown option %s", argv[i]);
            return 2;
        }
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    target *ts = NULL;
    long n = 0, total = 0;
    int status = 1;
    kh_err err;
    kh_err_init(&err, path);
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        kh_cli_error("eval search: %s: cannot open", path);
        goto done;
    }
    sqlite3_busy_timeout(db, 5000);
    if (kh_search_open(db, &err) != KH_OK || kh_search_sync(db, 0, NULL, &err) != KH_OK) {
        kh_cli_error("eval search: %s: %s", path, err.msg);
        goto done;
    }
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM articles WHERE dup_of IS NULL", -1, &st,
                           NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        kh_cli_error("eval search: %s: not a khabar store", path);
        goto done;
    }
    total = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    long step = total / n_want > 1 ? total / n_want : 1;
    ts = kh_calloc((size_t)n_want, sizeof *ts);
    if (!ts) {
        kh_cli_error("eval search: out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db,
                           "SELECT rowid, title, coalesce(story_id, 0) FROM articles"
                           " WHERE dup_of IS NULL ORDER BY rowid",
                           -1, &st, NULL) != SQLITE_OK)
        goto done;
    for (long k = 0; sqlite3_step(st) == SQLITE_ROW && n < n_want; k++) {
        if (k % step != 0)
            continue;
        target *t = &ts[n];
        const char *title = (const char *)sqlite3_column_text(st, 1);
        if (!title ||
            !make_query(title, t->query, sizeof t->query, t->variant, sizeof t->variant) ||
            !make_run(title, t->run, sizeof t->run))
            continue;
        t->rowid = sqlite3_column_int64(st, 0);
        t->story_id = sqlite3_column_int64(st, 2);
        n++;
    }
    sqlite3_finalize(st);
    st = NULL;
    fprintf(stderr, "eval search: %ld targets of %ld articles; building the unicode61 index\n", n,
            total);
    if (!build_base(db)) {
        kh_cli_error("eval search: cannot build the unicode61 index: %s", sqlite3_errmsg(db));
        goto done;
    }
    score k_as = {0}, k_var = {0}, b_as = {0}, b_var = {0}, k_run = {0}, b_run = {0};
    for (long i = 0; i < n; i++) {
        if (!run_khabar(db, &ts[i], ts[i].query, &k_as) ||
            !run_khabar(db, &ts[i], ts[i].variant, &k_var) ||
            !run_khabar(db, &ts[i], ts[i].run, &k_run) ||
            !run_base(db, &ts[i], ts[i].query, &b_as) ||
            !run_base(db, &ts[i], ts[i].variant, &b_var) ||
            !run_base(db, &ts[i], ts[i].run, &b_run)) {
            kh_cli_error("eval search: a query failed: %s", sqlite3_errmsg(db));
            goto done;
        }
    }
    printf("known-item search, %ld targets (every %ld-th of %ld articles), query: the %d longest "
           "title words\n",
           n, step, total, MAX_QUERY_WORDS);
    print_score("khabar, as written", &k_as);
    print_score("unicode61, as written", &b_as);
    print_score("khabar, respelled", &k_var);
    print_score("unicode61, respelled", &b_var);
    print_score("khabar, first 3 words", &k_run);
    print_score("unicode61, first 3 words", &b_run);
    status = 0;
done:
    sqlite3_finalize(st);
    sqlite3_close(db);
    kh_free(ts);
    return status;
}

/* ---- static functions ---- */

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar eval search --db PATH [--n 300]\n\n"
                 "Known-item search over the store: for N articles, their longest title words\n"
                 "as a query, as written and respelled (أ/إ/آ to ا, ة to ه, ى to ي, one inner\n"
                 "ي/و dropped), against khabar's index and FTS5's unicode61.  Prints\n"
                 "article@10, story@10 and MRR.  Creates or updates the store's search index.\n");
}

static int build_base(sqlite3 *db)
{
    return sqlite3_exec(db,
                        "DROP TABLE IF EXISTS temp.base;"
                        "CREATE VIRTUAL TABLE temp.base USING fts5(title, body, content='',"
                        " tokenize='unicode61 remove_diacritics 2');"
                        "INSERT INTO temp.base(base, rank) VALUES('rank', 'bm25(3.0, 1.0)');"
                        "INSERT INTO temp.base(rowid, title, body)"
                        " SELECT rowid, title, body FROM main.articles",
                        NULL, NULL, NULL) == SQLITE_OK;
}

/* Arabic letters only, 3+ of them, not a stop word: a query word. */
static int usable(const char *w, size_t len, kh_buf *norm)
{
    size_t pos = 0, letters = 0;
    uint32_t cp;
    while (kh_text_utf8_next(w, len, &pos, &cp))
        if (cp >= 0x0621 && cp <= 0x064A)
            letters++;
        else
            return 0;
    if (letters < 3)
        return 0;
    kh_buf_reset(norm);
    if (kh_text_normalize(w, len, norm) != KH_OK)
        return 0;
    return !kh_text_is_stopword(norm->data, norm->len);
}

/* The title's first three words as written, in order (a headline typed
 * from memory): stop words included, punctuation-only words skipped. */
static int make_run(const char *title, char *q, size_t cap)
{
    size_t qo = 0, n = 0;
    for (const char *p = title; *p && n < 3;) {
        while (*p == ' ')
            p++;
        const char *s = p;
        int letters = 0;
        while (*p && *p != ' ') {
            letters |= (unsigned char)*p >= 0xD8 || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
            p++;
        }
        if (p == s || !letters || *s == '"')
            continue;
        if (qo + (size_t)(p - s) + 2 >= cap)
            return 0;
        if (qo)
            q[qo++] = ' ';
        memcpy(q + qo, s, (size_t)(p - s));
        qo += (size_t)(p - s);
        n++;
    }
    q[qo] = '\0';
    return n == 3;
}

static int make_query(const char *title, char *q, size_t cap, char *v, size_t vcap)
{
    const char *ws[64];
    size_t lens[64], n = 0;
    kh_buf norm, var;
    kh_buf_init(&norm, 4096);
    kh_buf_init(&var, 4096);
    for (const char *p = title; *p && n < 64;) {
        while (*p == ' ')
            p++;
        const char *s = p;
        while (*p && *p != ' ')
            p++;
        if (p > s && usable(s, (size_t)(p - s), &norm)) {
            ws[n] = s;
            lens[n] = (size_t)(p - s);
            n++;
        }
    }
    int ok = n >= 3;
    /* The longest words: the rarest, roughly. */
    for (size_t i = 0; ok && i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (lens[j] > lens[i]) {
                const char *tw = ws[i];
                size_t tl = lens[i];
                ws[i] = ws[j];
                lens[i] = lens[j];
                ws[j] = tw;
                lens[j] = tl;
            }
    size_t qo = 0, vo = 0;
    for (size_t i = 0; ok && i < n && i < MAX_QUERY_WORDS; i++) {
        kh_buf_reset(&var);
        respell(ws[i], lens[i], &var);
        if (qo + lens[i] + 2 >= cap || vo + var.len + 2 >= vcap || !var.data) {
            ok = 0;
            break;
        }
        if (qo)
            q[qo++] = ' ';
        memcpy(q + qo, ws[i], lens[i]);
        qo += lens[i];
        if (vo)
            v[vo++] = ' ';
        memcpy(v + vo, var.data, var.len);
        vo += var.len;
    }
    if (ok) {
        q[qo] = '\0';
        v[vo] = '\0';
    }
    kh_buf_clean(&norm);
    kh_buf_clean(&var);
    return ok;
}

/* The word as another writer might spell it.  The long vowel dropped is
 * one inside the word's middle (not among its first two or last three
 * letters, where ال, و and suffixes such as ين, ون, ية sit): the way
 * transliterations of one name differ (زيلينسكي, زيلنسكي). */
static void respell(const char *w, size_t len, kh_buf *out)
{
    uint32_t cps[128];
    size_t n = 0, pos = 0;
    uint32_t cp;
    while (n < 128 && kh_text_utf8_next(w, len, &pos, &cp))
        cps[n++] = cp;
    int dropped = n < 6;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c == 0x0623 || c == 0x0625 || c == 0x0622)
            c = 0x0627;
        else if (c == 0x0629 && i + 1 == n)
            c = 0x0647;
        else if (c == 0x0649)
            c = 0x064A;
        else if (!dropped && i >= 2 && i + 3 < n && (c == 0x064A || c == 0x0648)) {
            dropped = 1;
            continue;
        }
        if (kh_text_utf8_put(out, c) != KH_OK)
            return;
    }
}

static void add_rank(score *s, int rank, int story_hit)
{
    s->n++;
    if (rank > 0) {
        s->article++;
        s->mrr += 1.0 / rank;
    }
    if (rank > 0 || story_hit)
        s->story++;
}

static int run_khabar(sqlite3 *db, const target *t, const char *q, score *s)
{
    kh_search_hits h;
    kh_err err;
    kh_err_init(&err, NULL);
    if (kh_search_query(db, q, TOP, &h, &err) != KH_OK)
        return err.rc == KH_ERR_ARG ? (add_rank(s, 0, 0), 1) : 0;
    int rank = 0, story_hit = 0;
    for (size_t i = 0; i < h.n; i++) {
        if (!rank && h.items[i].rowid == t->rowid)
            rank = (int)i + 1;
        if (t->story_id > 0 && h.items[i].story_id == t->story_id)
            story_hit = 1;
    }
    add_rank(s, rank, story_hit);
    kh_search_hits_clean(&h);
    return 1;
}

/* The same words, quoted, all required, then any: as kh_search_query. */
static int run_base(sqlite3 *db, const target *t, const char *q, score *s)
{
    int rank = 0, story_hit = 0, got = 0;
    for (int pass = 0; pass < 2 && !got; pass++) {
        char match[1200];
        size_t o = 0;
        int first = 1;
        for (const char *p = q; *p;) {
            while (*p == ' ')
                p++;
            const char *w = p;
            while (*p && *p != ' ')
                p++;
            if (p == w)
                continue;
            int m = snprintf(match + o, sizeof match - o, "%s\"%.*s\"",
                             first ? "" : (pass ? " OR " : " "), (int)(p - w), w);
            if (m < 0 || (size_t)m >= sizeof match - o)
                return 0;
            o += (size_t)m;
            first = 0;
        }
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db,
                               "SELECT rowid FROM temp.base WHERE base MATCH ?1"
                               " ORDER BY rank LIMIT 10",
                               -1, &st, NULL) != SQLITE_OK)
            return 0;
        sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
        int i = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            int64_t rowid = sqlite3_column_int64(st, 0), story = 0;
            i++;
            got = 1;
            if (!rank && rowid == t->rowid)
                rank = i;
            if (t->story_id > 0 && story_of(db, rowid, &story) && story == t->story_id)
                story_hit = 1;
        }
        sqlite3_finalize(st);
    }
    add_rank(s, rank, story_hit);
    return 1;
}

static int story_of(sqlite3 *db, int64_t rowid, int64_t *story)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db, "SELECT coalesce(story_id, 0) FROM articles WHERE rowid = ?1",
                                -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(st, 1, rowid);
        ok = sqlite3_step(st) == SQLITE_ROW;
        if (ok)
            *story = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return ok;
}

static void print_score(const char *name, const score *s)
{
    double n = s->n ? (double)s->n : 1.0;
    printf("  %-22s article@10 %.3f   story@10 %.3f   MRR %.3f\n", name, (double)s->article / n,
           (double)s->story / n, s->mrr / n);
}
