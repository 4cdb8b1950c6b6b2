/*
 * src/cli/cmd_similarity.c - `khabar similarity --pairs FILE`: the
 * similarity of two texts by the story clusterer's measure, for each pair
 * of a JSONL file ({"pair_id","text1","text2", ...}); prints
 * "pair_id score" a line, score in [0, 1] (1: the same text).
 *
 * IDF comes from the texts of the file themselves (every text is counted
 * once before scoring), plus the articles of --idf FILE when given.  With
 * --eval, also prints the Pearson correlation with the pairs' human
 * "overall" score, which runs from 1 (very similar) to 4 (very different):
 * a good similarity correlates negatively; both signs are printed.
 * Depends on: core, group.
 */
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/lines.h"
#include "group/group.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static int on_learn(const kh_group_doc *doc, const kh_group_result *res, void *ctx);
static double pearson(const double *x, const double *y, size_t n);

void cmd_similarity_usage(FILE *out)
{
    fprintf(out, "usage: khabar similarity --pairs FILE.jsonl [--idf CORPUS.jsonl.gz] [--eval]\n\n"
                 "Prints \"pair_id score\" for each {\"pair_id\",\"text1\",\"text2\"} line, the "
                 "score\nin [0, 1] by the story clusterer's tf-idf cosine.  --eval also prints the "
                 "Pearson\ncorrelation with the \"overall\" field (1 similar .. 4 different).\n");
}

int cmd_similarity(int argc, char **argv)
{
    const char *pairs = NULL, *idf = NULL;
    int eval = 0;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--pairs") == 0) {
            pairs = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--idf") == 0) {
            idf = argv[++i];
        } else if (strcmp(argv[i], "--eval") == 0) {
            eval = 1;
        } else {
            kh_cli_error("similarity: unexpected argument '%s'", argv[i]);
            cmd_similarity_usage(stderr);
            return 2;
        }
    }
    if (!pairs) {
        cmd_similarity_usage(stderr);
        return 2;
    }
    int status = 1;
    json_t **rows = NULL;
    double *sims = NULL, *gold = NULL;
    size_t n = 0, cap = 0, n_gold = 0;
    kh_err err;
    kh_err_init(&err, pairs);
    /* IDF from the pairs' own texts only: the prior table of news
     * (models/idf.model) gave 0.4240 against 0.4317 (docs/group.md). */
    kh_group_opts gopts;
    kh_group_opts_init(&gopts);
    gopts.idf_path = "";
    kh_group *g = kh_group_new(&gopts, &err);
    kh_lines *l = g ? kh_lines_open(pairs, &err) : NULL;
    if (!l) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        goto done;
    }
    const char *line;
    size_t len;
    kh_rc lrc;
    while ((lrc = kh_lines_next(l, &line, &len, &err)) == KH_OK) {
        json_t *o = json_loadb(line, len, 0, NULL);
        if (!json_is_string(json_object_get(o, "text1")) ||
            !json_is_string(json_object_get(o, "text2"))) {
            kh_cli_error("%s:%ld: not a {\"pair_id\",\"text1\",\"text2\"} record", pairs,
                         kh_lines_number(l));
            json_decref(o);
            goto done;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            json_t **r = kh_realloc(rows, cap * sizeof *r);
            if (!r) {
                json_decref(o);
                kh_cli_error("out of memory");
                goto done;
            }
            rows = r;
        }
        rows[n++] = o;
    }
    if (lrc != KH_DONE) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        goto done;
    }
    /* IDF: the file's own texts, and a corpus if given. */
    for (size_t i = 0; i < n; i++) {
        for (int k = 1; k <= 2; k++) {
            kh_group_doc d = {0};
            d.id = "pair";
            d.body = json_string_value(json_object_get(rows[i], k == 1 ? "text1" : "text2"));
            if (kh_group_learn(g, &d, &err) != KH_OK) {
                kh_cli_error("%s", err.msg);
                goto done;
            }
        }
    }
    if (idf && kh_group_replay(NULL, idf, on_learn, g, NULL, &err) != KH_OK) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        goto done;
    }
    sims = kh_calloc(n ? n : 1, sizeof *sims);
    gold = kh_calloc(n ? n : 1, sizeof *gold);
    if (!sims || !gold) {
        kh_cli_error("out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        kh_group_doc a = {0}, b = {0};
        a.id = "text1";
        a.body = json_string_value(json_object_get(rows[i], "text1"));
        b.id = "text2";
        b.body = json_string_value(json_object_get(rows[i], "text2"));
        if (kh_group_pair_similarity(g, &a, &b, &sims[i], &err) != KH_OK) {
            kh_cli_error("%s", err.msg);
            goto done;
        }
        json_t *id = json_object_get(rows[i], "pair_id");
        if (json_is_string(id))
            printf("%s %.4f\n", json_string_value(id), sims[i]);
        else
            printf("%zu %.4f\n", i + 1, sims[i]);
        json_t *ov = json_object_get(rows[i], "overall");
        if (json_is_number(ov)) {
            sims[n_gold] = sims[i];
            gold[n_gold++] = json_number_value(ov);
        }
    }
    if (eval) {
        if (n_gold < 2) {
            kh_cli_error("similarity: --eval needs an \"overall\" score on the pairs");
            goto done;
        }
        double r = pearson(sims, gold, n_gold);
        printf("pairs: %zu\npearson(similarity, overall) %.4f\n"
               "pearson(similarity, -overall) %.4f\n",
               n_gold, r, -r);
    }
    status = 0;
done:
    kh_lines_close(l);
    for (size_t i = 0; i < n; i++)
        json_decref(rows[i]);
    kh_free(rows);
    kh_free(sims);
    kh_free(gold);
    kh_group_free(g);
    return status;
}

static int on_learn(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    (void)res;
    return kh_group_learn(ctx, doc, NULL) != KH_OK;
}

static double pearson(const double *x, const double *y, size_t n)
{
    double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= (double)n;
    my /= (double)n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : 0;
}
