/*
 * src/cli/cmd_group_idf.c - `khabar group-idf --out FILE CORPUS...`: counts
 * the document frequency of every clusterer term (Snowball stems of content
 * words, numbers) over JSONL(.gz) corpora and writes the prior IDF table
 * the story clusterer blends in while it has seen few documents
 * (models/idf.model; src/group/prior.c).  Numbers only: no text is kept.
 * tools/make-idf.sh runs it over the SaudiNewsNet days.
 * Depends on: core, group.
 */
#include "cli/cli.h"
#include "group/group.h"

#include <stdlib.h>
#include <string.h>

static int on_doc(const kh_group_doc *doc, const kh_group_result *res, void *ctx);

void cmd_group_idf_usage(FILE *out)
{
    fprintf(out, "usage: khabar group-idf --out FILE [--min-df N] CORPUS.jsonl[.gz]...\n\n"
                 "Writes the document frequencies of the story clusterer's terms over the\n"
                 "corpora (terms in at least N documents, default 3) as a prior IDF table.\n");
}

typedef struct learn_ctx {
    kh_group *g;
    kh_err *err;
    int failed;
} learn_ctx;

int cmd_group_idf(int argc, char **argv)
{
    const char *out = NULL;
    unsigned min_df = 3;
    int first = 0, status = 1;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--out") == 0) {
            out = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--min-df") == 0) {
            min_df = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (argv[i][0] == '-') {
            kh_cli_error("group-idf: unexpected argument '%s'", argv[i]);
            cmd_group_idf_usage(stderr);
            return 2;
        } else {
            first = i;
            break;
        }
    }
    if (!out || first == 0) {
        cmd_group_idf_usage(stderr);
        return 2;
    }
    kh_err err;
    kh_err_init(&err, out);
    /* no prior while counting the next one */
    kh_group_opts o;
    kh_group_opts_init(&o);
    o.idf_path = "";
    learn_ctx c = {kh_group_new(&o, &err), &err, 0};
    kh_rc rc = c.g ? KH_OK : KH_ERR_NOMEM;
    for (int i = first; rc == KH_OK && i < argc; i++) {
        kh_err_init(&err, argv[i]);
        rc = kh_group_replay(NULL, argv[i], on_doc, &c, NULL, &err);
        if (rc == KH_DONE && c.failed)
            break;
        if (rc == KH_DONE)
            rc = KH_OK;
    }
    if (rc == KH_OK && !c.failed)
        rc = kh_group_prior_write(c.g, out, min_df, &err);
    if (rc != KH_OK || c.failed) {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
    } else {
        status = 0;
    }
    kh_group_free(c.g);
    return status;
}

static int on_doc(const kh_group_doc *doc, const kh_group_result *res, void *ctx)
{
    learn_ctx *c = ctx;
    (void)res;
    if (kh_group_learn(c->g, doc, c->err) != KH_OK)
        c->failed = 1;
    return c->failed;
}
