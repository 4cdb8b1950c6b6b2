/*
 * src/cli/cmd_section_train.c - `khabar section-train`: rebuilds the
 * section classifier (models/section.model) from the SaudiNewsNet corpus
 * with the labels the outlets give themselves (src/view/section_train.c).
 */
#include "cli/cli.h"
#include "view/view.h"

#include <stdlib.h>
#include <string.h>

void cmd_section_train_usage(FILE *out)
{
    fprintf(out, "usage: khabar section-train --corpus-dir DIR [--until YYYY-MM-DD]\n"
                 "                            [--min-df N] [--no-clean] [--nb-only] --out MODEL\n\n"
                 "Trains the section classifier (logistic regression over stems, with naive\n"
                 "Bayes counts beside it; --nb-only: counts only) on the days of DIR\n"
                 "up to --until (inclusive; default all), labelled by distant supervision\n"
                 "(URL sections, the wire's headline prefixes, single-section outlets), and\n"
                 "writes MODEL (gzip text).  Stems in fewer than N documents (default 3)\n"
                 "are dropped.  A second pass leaves out the pages of whole-outlet labels\n"
                 "(aleqtisadiya, arriyadiyah, arreyadi) that the first model puts in\n"
                 "another section (--no-clean: one pass).  Shipped model:\n"
                 "  khabar section-train --corpus-dir ../shared/corpus/saudinewsnet \\\n"
                 "      --until 2015-08-06 --out models/section.model\n");
}

int cmd_section_train(int argc, char **argv)
{
    kh_view_section_train_opts o = {NULL, NULL, 3, 1, 0};
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (kh_cli_is_help(argv[i])) {
            cmd_section_train_usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--no-clean") == 0) {
            o.clean = 0;
            continue;
        }
        if (strcmp(argv[i], "--nb-only") == 0) {
            o.nb_only = 1;
            continue;
        }
        if (i + 1 >= argc) {
            kh_cli_error("section-train: %s needs a value", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--corpus-dir") == 0)
            o.corpus_dir = argv[++i];
        else if (strcmp(argv[i], "--until") == 0)
            o.until = argv[++i];
        else if (strcmp(argv[i], "--min-df") == 0)
            o.min_df = atoi(argv[++i]);
        else if (strcmp(argv[i], "--out") == 0)
            out = argv[++i];
        else {
            kh_cli_error("section-train: unknown option %s", argv[i]);
            return 2;
        }
    }
    if (!o.corpus_dir || !out) {
        cmd_section_train_usage(stderr);
        return 2;
    }
    kh_err err;
    size_t n = 0;
    char msg[512];
    kh_err_init(&err, o.corpus_dir);
    if (kh_view_section_train(&o, out, &n, &err) != KH_OK) {
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        return 1;
    }
    fprintf(stderr, "khabar: section model trained on %zu labelled articles -> %s\n", n, out);
    return 0;
}
