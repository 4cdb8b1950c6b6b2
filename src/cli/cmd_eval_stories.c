/*
 * src/cli/cmd_eval_stories.c - `khabar eval stories`: scores story
 * assignments against gold story labels (BCubed and pairwise P/R/F1).
 *
 * The assignments come from a file (`khabar assignments` prints them:
 * {"id","story"} a line) or from running the clusterer in memory over a
 * corpus file, so the figure is reproducible without a store.  Only the
 * gold ids are scored; a gold id with no assignment counts as a story of
 * its own.  Depends on: core, group.
 */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/hash.h"
#include "core/lines.h"
#include "group/group.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct eval_ctx {
    kh_hash ids;    /* gold id -> index; borrows nothing */
    kh_hash labels; /* label text -> number */
    kh_hash merged; /* story id (8 bytes) -> the story that absorbed it */
    int64_t *gold;  /* owns */
    int64_t *pred;  /* owns; -1 - index when unassigned */
    size_t n, cap;
    FILE *dump; /* borrows, may be NULL */
    size_t n_articles;
} eval_ctx;

static int label_of(eval_ctx *c, json_t *v, int64_t *out);
static int each_record(eval_ctx *c, const char *path,
                       int (*fn)(eval_ctx *c, const char *id, int64_t lab));
static int add_gold(eval_ctx *c, const char *id, int64_t lab);
static int add_assignment(eval_ctx *c, const char *id, int64_t lab);
static int read_gold(eval_ctx *c, const char *path);
static int read_assignments(eval_ctx *c, const char *path);
static int on_article(const kh_group_doc *doc, const kh_group_result *res, void *ctx);
static int64_t find_story(const eval_ctx *c, int64_t id);
static void usage(FILE *out);
static int on_prime(const kh_group_doc *doc, const kh_group_result *res, void *ctx);

int eval_stories(int argc, char **argv)
{
    const char *gold = NULL, *assign = NULL, *corpus = NULL, *dump = NULL, *prime = NULL;
    kh_group_opts opts;
    kh_group_opts_init(&opts);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (kh_cli_is_help(a)) {
            usage(stdout);
            return 0;
        } else if (i + 1 < argc && strcmp(a, "--gold") == 0) {
            gold = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--assignments") == 0) {
            assign = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--corpus") == 0) {
            corpus = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--prime") == 0) {
            prime = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--dump") == 0) {
            dump = argv[++i];
        } else if (i + 1 < argc && strcmp(a, "--idf-prior") == 0) {
            opts.idf_path = argv[++i]; /* a table, or "" for none */
        } else if (i + 1 < argc && strcmp(a, "--threshold") == 0) {
            opts.threshold = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(a, "--stem") == 0) {
            const char *s = argv[++i];
            if (strcmp(s, "light") == 0) {
                opts.stem = KH_STEM_LIGHT;
            } else if (strcmp(s, "snowball") == 0) {
                opts.stem = KH_STEM_SNOWBALL;
            } else {
                kh_cli_error("eval stories: --stem is light or snowball, not '%s'", s);
                return 2;
            }
        } else {
            kh_cli_error("eval stories: unexpected argument '%s'", a);
            usage(stderr);
            return 2;
        }
    }
    if (!gold || (!assign == !corpus)) {
        usage(stderr);
        return 2;
    }
    int status = 1;
    eval_ctx c = {0};
    kh_group *g = NULL;
    kh_hash_init(&c.ids, NULL);
    kh_hash_init(&c.labels, NULL);
    kh_hash_init(&c.merged, NULL);
    if (read_gold(&c, gold) != 0)
        goto done;
    if (assign) {
        if (read_assignments(&c, assign) != 0)
            goto done;
    } else {
        kh_err err;
        kh_err_init(&err, corpus);
        if (dump && !(c.dump = fopen(dump, "w"))) {
            kh_cli_error("%s: cannot write", dump);
            goto done;
        }
        if (!(g = kh_group_new(&opts, &err)) ||
            (prime && kh_group_replay(NULL, prime, on_prime, g, NULL, &err) != KH_OK) ||
            kh_group_replay(g, corpus, on_article, &c, NULL, &err) != KH_OK) {
            char msg[512];
            kh_err_format(&err, msg, sizeof msg);
            kh_cli_error("%s", msg);
            goto done;
        }
        for (size_t i = 0; i < c.n; i++)
            if (c.pred[i] >= 0)
                c.pred[i] = find_story(&c, c.pred[i]);
    }
    kh_group_scores s;
    kh_err err;
    kh_err_init(&err, gold);
    if (kh_group_score(c.gold, c.pred, c.n, &s, &err) != KH_OK) {
        kh_cli_error("%s", err.msg);
        goto done;
    }
    if (corpus)
        printf("articles clustered: %zu\n", c.n_articles);
    printf("gold items: %zu in %zu stories; predicted: %zu stories\n", s.n_items, s.n_gold,
           s.n_pred);
    printf("bcubed   precision %.4f recall %.4f f1 %.4f\n", s.b3_p, s.b3_r, s.b3_f);
    printf("pairwise precision %.4f recall %.4f f1 %.4f\n", s.pair_p, s.pair_r, s.pair_f);
    status = 0;
done:
    if (c.dump)
        fclose(c.dump);
    kh_group_free(g);
    kh_hash_clean(&c.ids);
    kh_hash_clean(&c.labels);
    kh_hash_clean(&c.merged);
    kh_free(c.gold);
    kh_free(c.pred);
    return status;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar eval stories --gold FILE (--assignments FILE | --corpus FILE)\n"
                 "         [--threshold X] [--stem light|snowball] [--prime FILE] [--dump FILE]\n"
                 "         [--idf-prior FILE|\"\"]\n\n"
                 "Scores story assignments against gold labels ({\"id\",\"story\"} JSONL) with\n"
                 "BCubed and pairwise precision, recall and F1 over exactly the gold ids.\n"
                 "  --assignments FILE  {\"id\",\"story\"} a line (story a string or a number)\n"
                 "  --corpus FILE       run the clusterer in memory over an article JSONL(.gz)\n"
                 "  --threshold X       with --corpus: similarity needed to join a story\n"
                 "  --stem KIND         with --corpus: light or snowball (the default) stems\n"
                 "  --prime FILE        with --corpus: count this corpus in IDF first\n"
                 "  --idf-prior FILE    with --corpus: the prior IDF table (default: the\n"
                 "                      models/idf.model found); \"\" for none\n"
                 "  --dump FILE         with --corpus: write each article's story, merges,\n"
                 "                      dup_of and similarity, a JSON line each\n");
}

/* The number of label v (a string or an integer), added if new. */
static int label_of(eval_ctx *c, json_t *v, int64_t *out)
{
    char buf[64];
    const char *s;
    if (json_is_string(v)) {
        s = json_string_value(v);
    } else if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
    } else {
        return -1;
    }
    int added;
    kh_hval *h = kh_hash_put(&c->labels, s, strlen(s), &added);
    if (!h)
        return -1;
    if (added)
        h->i = (int64_t)c->labels.n_used;
    *out = h->i;
    return 0;
}

/* Calls fn for each {"id","story"} line of path, the story as a label;
 * a line of another shape or a read error stops with a message. */
static int each_record(eval_ctx *c, const char *path,
                       int (*fn)(eval_ctx *c, const char *id, int64_t lab))
{
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    if (!l) {
        kh_cli_error("%s: %s", path, err.msg);
        return -1;
    }
    const char *line;
    size_t len;
    int status = 0;
    kh_rc rc;
    while (status == 0 && (rc = kh_lines_next(l, &line, &len, &err)) == KH_OK) {
        json_t *o = json_loadb(line, len, 0, NULL);
        json_t *id = o ? json_object_get(o, "id") : NULL;
        int64_t lab;
        if (!json_is_string(id) || label_of(c, json_object_get(o, "story"), &lab) != 0) {
            kh_cli_error("%s:%ld: not a {\"id\",\"story\"} record", path, kh_lines_number(l));
            status = -1;
        } else {
            status = fn(c, json_string_value(id), lab);
        }
        json_decref(o);
    }
    if (status == 0 && rc != KH_DONE) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        status = -1;
    }
    kh_lines_close(l);
    return status;
}

/* A gold item: a new id gets the next index; it is alone until assigned. */
static int add_gold(eval_ctx *c, const char *id, int64_t lab)
{
    int added;
    kh_hval *h = kh_hash_put(&c->ids, id, strlen(id), &added);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        int64_t *ng = kh_realloc(c->gold, cap * sizeof *ng);
        if (ng)
            c->gold = ng;
        int64_t *np = ng ? kh_realloc(c->pred, cap * sizeof *np) : NULL;
        if (np) {
            c->pred = np;
            c->cap = cap;
        }
    }
    if (!h || c->n == c->cap) {
        kh_cli_error("out of memory");
        return -1;
    }
    if (added) {
        h->i = (int64_t)c->n;
        c->gold[c->n] = lab;
        c->pred[c->n] = -1 - (int64_t)c->n; /* alone until assigned */
        c->n++;
    }
    return 0;
}

/* An assignment: only the gold ids count. */
static int add_assignment(eval_ctx *c, const char *id, int64_t lab)
{
    kh_hval *h = kh_hash_get(&c->ids, id, strlen(id));
    if (h)
        c->pred[h->i] = lab;
    return 0;
}

static int read_gold(eval_ctx *c, const char *path)
{
    int status = each_record(c, path, add_gold);
    if (status == 0 && c->n == 0) {
        kh_cli_error("%s: no gold items", path);
        status = -1;
    }
    return status;
}

static int read_assignments(eval_ctx *c, const char *path)
{
    return each_record(c, path, add_assignment);
}

static int on_article(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    eval_ctx *c = ctx;
    c->n_articles++;
    for (size_t i = 0; i < res->n_merges; i++) {
        kh_hval *h = kh_hash_put(&c->merged, (const char *)&res->merges[i], sizeof(int64_t), NULL);
        if (!h)
            return 1;
        h->i = res->story;
    }
    kh_hval *h = kh_hash_get(&c->ids, doc->id, strlen(doc->id));
    if (h)
        c->pred[h->i] = res->story;
    if (c->dump) {
        fprintf(c->dump, "{\"id\":\"%s\",\"story\":%lld,\"merges\":[", doc->id,
                (long long)res->story);
        for (size_t i = 0; i < res->n_merges; i++)
            fprintf(c->dump, "%s%lld", i ? "," : "", (long long)res->merges[i]);
        fprintf(c->dump, "],\"dup_of\":%s%s%s,\"sim\":%.3f}\n", res->dup_of ? "\"" : "",
                res->dup_of ? res->dup_of : "null", res->dup_of ? "\"" : "", res->sim);
    }
    return 0;
}

/* Counts one article of the --prime corpus in the IDF statistics. */
static int on_prime(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    (void)res;
    return kh_group_learn(ctx, doc, NULL) != KH_OK;
}

/* Follows merges to the story that holds id now. */
static int64_t find_story(const eval_ctx *c, int64_t id)
{
    for (int guard = 0; guard < 1000000; guard++) {
        kh_hval *h = kh_hash_get(&c->merged, (const char *)&id, sizeof id);
        if (!h)
            break;
        id = h->i;
    }
    return id;
}
