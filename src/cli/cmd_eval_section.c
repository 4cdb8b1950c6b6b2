/*
 * src/cli/cmd_eval_section.c - `khabar eval section`: macro-F1 and per-label
 * F1 of the section classifier on held-out corpus days, against the labels
 * the outlets give themselves (src/view/section_train.c).
 */
#include "cli/cli.h"
#include "view/view.h"

#include <limits.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar eval section [--model MODEL] --corpus-dir DIR "
                 "--test-from YYYY-MM-DD\n"
                 "                          [--skip-outlet NAME[,NAME...]]\n\n"
                 "Classifies the labelled articles of the days from --test-from on (those\n"
                 "whose URL or outlet+headline also appears on an earlier day are skipped)\n"
                 "and prints precision, recall and F1 per section, accuracy and macro-F1\n"
                 "over the sections present in the held-out labels, and the confusion\n"
                 "matrix.  --skip-outlet leaves out outlets whose labels are known to be\n"
                 "loose (aleqtisadiya is labelled economy whole, sports pages included).\n");
}

int eval_section(int argc, char **argv)
{
    const char *model = NULL, *dir = NULL, *from = NULL, *skip = NULL;
    for (int i = 1; i < argc; i++) {
        if (kh_cli_is_help(argv[i])) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            kh_cli_error("eval section: %s needs a value", argv[i]);
            return 2;
        }
        if (strcmp(argv[i], "--model") == 0)
            model = argv[++i];
        else if (strcmp(argv[i], "--corpus-dir") == 0)
            dir = argv[++i];
        else if (strcmp(argv[i], "--test-from") == 0)
            from = argv[++i];
        else if (strcmp(argv[i], "--skip-outlet") == 0)
            skip = argv[++i];
        else {
            kh_cli_error("eval section: unknown option %s", argv[i]);
            return 2;
        }
    }
    if (!dir || !from) {
        usage(stderr);
        return 2;
    }
    char def[PATH_MAX], msg[512];
    if (!model)
        model = kh_view_section_model_default_path(def, sizeof def);
    kh_view_model *m = NULL;
    kh_view_section_eval_result r;
    kh_err err;
    kh_err_init(&err, model);
    if (kh_view_section_model_load(model, &m, &err) != KH_OK)
        goto fail;
    kh_err_init(&err, dir);
    if (kh_view_section_eval(m, dir, from, skip, &r, &err) != KH_OK)
        goto fail;
    printf("%-11s %9s %9s %9s %6s %6s\n", "section", "precision", "recall", "F1", "gold", "found");
    for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++) {
        size_t gold = r.tp[c] + r.fn[c], found = r.tp[c] + r.fp[c];
        if (!gold && !found)
            continue;
        printf("%-11s %9.4f %9.4f %9.4f %6zu %6zu\n", kh_view_section_name((kh_view_section)c),
               found ? (double)r.tp[c] / found : 0, gold ? (double)r.tp[c] / gold : 0, r.f1[c],
               gold, found);
    }
    printf("\nconfusion (rows gold, columns predicted, in the order above):\n");
    for (int g = 0; g < KH_VIEW_SECTION__COUNT; g++) {
        if (!(r.tp[g] + r.fn[g]))
            continue;
        printf("%-11s", kh_view_section_name((kh_view_section)g));
        for (int c = 0; c < KH_VIEW_SECTION__COUNT; c++)
            if (r.tp[c] + r.fn[c] + r.fp[c])
                printf(" %4zu", r.confusion[g][c]);
        printf("\n");
    }
    printf("held-out articles %zu (skipped as seen before: %zu)\n", r.n_docs, r.n_skipped_dup);
    printf("accuracy %.4f\nmacro-F1 %.4f\n", r.accuracy, r.macro_f1);
    kh_view_section_model_free(m);
    return 0;
fail:
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("%s", msg);
    kh_view_section_model_free(m);
    return 1;
}
