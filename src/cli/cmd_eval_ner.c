/*
 * src/cli/cmd_eval_ner.c - `khabar eval ner --model MODEL --test FILE`:
 * entity-level precision, recall and F1 (exact span and type, CoNLL style)
 * per type and micro-averaged, on an ANERcorp-format file.
 */
#include "analyse/analyse.h"
#include "cli/cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static kh_rc print_tags(const kh_ner_model *m, const kh_ner_corpus *c, kh_err *err);

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar eval ner [--model MODEL] --test FILE [--print] [--o-bias X]\n\n"
                 "Tags FILE (\"token TAG\" a line, ANERcorp) with MODEL (default: the\n"
                 "installed models/ner.model) and prints entity-level precision, recall\n"
                 "and F1 per type and micro-averaged (exact span and type, as conlleval).\n"
                 "--print first prints \"token gold predicted\" for every token.\n"
                 "--o-bias X takes X more from the O tag's score (the model's own bias\n"
                 "is kept), to measure a precision/recall trade before training with it.\n");
}

int eval_ner(int argc, char **argv)
{
    const char *model = NULL, *test = NULL;
    int print = 0;
    double o_bias = 0;
    for (int i = 1; i < argc; i++) {
        if (kh_cli_is_help(argv[i])) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--print") == 0) {
            print = 1;
            continue;
        }
        if (i + 1 >= argc) {
            kh_cli_error("eval ner: %s needs a value", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--model") == 0)
            model = argv[++i];
        else if (strcmp(argv[i], "--test") == 0)
            test = argv[++i];
        else if (strcmp(argv[i], "--o-bias") == 0)
            o_bias = strtod(argv[++i], NULL);
        else {
            kh_cli_error("eval ner: unknown option %s", argv[i]);
            return 2;
        }
    }
    if (!test) {
        usage(stderr);
        return 2;
    }
    char def[PATH_MAX], msg[512];
    if (!model)
        model = kh_analyse_ner_default_path(def, sizeof def);
    kh_ner_model *m = NULL;
    kh_ner_corpus c;
    memset(&c, 0, sizeof c);
    kh_ner_score s;
    kh_err err;
    int status = 1;
    kh_err_init(&err, model);
    if (kh_analyse_ner_load(model, &m, &err) != KH_OK)
        goto fail;
    if (o_bias != 0)
        kh_analyse_ner_shift_o(m, o_bias); /* on top of the model's own */
    kh_err_init(&err, test);
    if (kh_analyse_ner_corpus_read(test, &c, &err) != KH_OK ||
        kh_analyse_ner_eval(m, &c, &s, &err) != KH_OK)
        goto fail;
    if (print && print_tags(m, &c, &err) != KH_OK)
        goto fail;
    printf("%-8s %9s %9s %9s %6s %6s %6s\n", "type", "precision", "recall", "F1", "gold", "found",
           "right");
    for (int row = 1; row <= KH_ENTITY__COUNT; row++) {
        int r_i = row == KH_ENTITY__COUNT ? 0 : row;
        static const char *const names[] = {"overall", "PERS", "LOC", "ORG", "MISC"};
        double p, r, f;
        kh_analyse_ner_score_prf(&s, r_i, &p, &r, &f);
        printf("%-8s %9.4f %9.4f %9.4f %6zu %6zu %6zu\n", names[r_i], p, r, f,
               s.tp[r_i] + s.fn[r_i], s.tp[r_i] + s.fp[r_i], s.tp[r_i]);
    }
    printf("(%zu tokens, %zu sentences, model %s)\n", c.n_tokens, c.n_sents, model);
    status = 0;
    goto done;
fail:
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("%s", msg);
done:
    kh_analyse_ner_free(m);
    kh_analyse_ner_corpus_clean(&c);
    return status;
}

static kh_rc print_tags(const kh_ner_model *m, const kh_ner_corpus *c, kh_err *err)
{
    for (size_t k = 0; k < c->n_sents; k++) {
        size_t a = c->sent_start[k], b = c->sent_start[k + 1];
        uint8_t tags[512];
        for (size_t s = a; s < b; s += sizeof tags) {
            size_t n = b - s < sizeof tags ? b - s : sizeof tags;
            kh_rc rc = kh_analyse_ner_tag(m, (const char *const *)c->words + s, n, tags, err);
            if (rc != KH_OK)
                return rc;
            for (size_t i = 0; i < n; i++)
                printf("%s %s %s\n", c->display[s + i], kh_analyse_ner_tag_name(c->tags[s + i]),
                       kh_analyse_ner_tag_name(tags[i]));
        }
        printf("\n");
    }
    return KH_OK;
}
