/*
 * src/cli/cmd_train.c - `khabar train ner --train FILE --out FILE`: trains
 * the named-entity tagger on an ANERcorp-format file and writes the model
 * (format: src/analyse/ner_model.c, method: docs/analyse.md).
 */
#include "analyse/analyse.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

/* The shipped recipe's name cost (docs/analyse.md, "Tagger"). */
#define NER_NAME_COST 100.0

void cmd_train_usage(FILE *out)
{
    fprintf(out,
            "usage: khabar train ner --train FILE --out MODEL [--epochs N] [--seed N]\n"
            "                        [--min-count N] [--unlabeled JSONL]... [--test FILE]\n"
            "                        [--shuffles N] [--o-bias X] [--name-cost X] [--quiet]\n\n"
            "Trains the named-entity tagger (structured perceptron, Viterbi BIO decoding) on\n"
            "FILE, one \"token TAG\" a line (ANERcorp: O, B-/I- PERS LOC ORG MISC), and\n"
            "writes MODEL (gzip text).  --test FILE prints entity-level P/R/F1 on FILE\n"
            "afterwards.  --unlabeled (repeatable) names JSONL(.gz) articles with\n"
            "\"title\" and \"text\" from which word classes are learned first.\n"
            "--shuffles N averages N perceptrons trained in different orders; --o-bias X\n"
            "takes X from the O tag's score at decoding (more names found); --name-cost X\n"
            "makes training decode with X added to every wrong tag of a name token, so\n"
            "names are learned with a margin (0: plain perceptron).\n"
            "Defaults: 12 epochs, seed 1, min-count 1, 5 shuffles, o-bias 0, name-cost 100.\n");
}

int cmd_train(int argc, char **argv)
{
    const char *train = NULL, *outp = NULL, *test = NULL;
    kh_ner_train_opts opts = {12, 1, 1, 1, NULL, 0, 0, 0.0, NER_NAME_COST};
    const char *unl[256];
    if (argc < 2 || strcmp(argv[1], "ner") != 0) {
        cmd_train_usage(stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (kh_cli_is_help(a)) {
            cmd_train_usage(stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0) {
            opts.verbose = 0;
            continue;
        }
        if (!v) {
            kh_cli_error("train: %s needs a value", a);
            return 2;
        }
        if (strcmp(a, "--train") == 0)
            train = v;
        else if (strcmp(a, "--out") == 0)
            outp = v;
        else if (strcmp(a, "--test") == 0)
            test = v;
        else if (strcmp(a, "--epochs") == 0)
            opts.epochs = atoi(v);
        else if (strcmp(a, "--seed") == 0)
            opts.seed = strtoull(v, NULL, 10);
        else if (strcmp(a, "--unlabeled") == 0) {
            if (opts.n_unlabeled == sizeof unl / sizeof unl[0]) {
                kh_cli_error("train: too many --unlabeled files");
                return 2;
            }
            unl[opts.n_unlabeled++] = v;
            opts.unlabeled = unl;
        } else if (strcmp(a, "--min-count") == 0)
            opts.min_count = atoi(v);
        else if (strcmp(a, "--shuffles") == 0)
            opts.shuffles = atoi(v);
        else if (strcmp(a, "--o-bias") == 0)
            opts.o_bias = strtod(v, NULL);
        else if (strcmp(a, "--name-cost") == 0)
            opts.name_cost = strtod(v, NULL);
        else {
            kh_cli_error("train: unknown option %s", a);
            return 2;
        }
        i++;
    }
    if (!train || !outp || opts.epochs < 1 || opts.epochs > 1000 || opts.shuffles < 0 ||
        opts.shuffles > 100) {
        cmd_train_usage(stderr);
        return 2;
    }
    kh_ner_corpus c, t;
    memset(&t, 0, sizeof t);
    kh_ner_model *m = NULL;
    kh_err err;
    char msg[512];
    int status = 1;
    kh_err_init(&err, train);
    if (kh_analyse_ner_corpus_read(train, &c, &err) != KH_OK) {
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        return 1;
    }
    if (opts.verbose)
        fprintf(stderr, "ner train: %zu tokens, %zu sentences\n", c.n_tokens, c.n_sents);
    kh_err_init(&err, outp);
    if (kh_analyse_ner_train(&c, &opts, &m, &err) != KH_OK ||
        kh_analyse_ner_save(m, outp, &err) != KH_OK)
        goto fail;
    if (test) {
        kh_ner_score s;
        kh_err_init(&err, test);
        if (kh_analyse_ner_corpus_read(test, &t, &err) != KH_OK ||
            kh_analyse_ner_eval(m, &t, &s, &err) != KH_OK)
            goto fail;
        double p, r, f;
        kh_analyse_ner_score_prf(&s, 0, &p, &r, &f);
        printf("test %s: micro P %.4f R %.4f F1 %.4f\n", test, p, r, f);
    }
    status = 0;
    goto done;
fail:
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("%s", msg);
done:
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
    kh_analyse_ner_corpus_clean(&t);
    return status;
}
