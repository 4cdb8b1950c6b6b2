/*
 * src/cli/cmd_eval.c - `khabar eval WHAT ...`: quality measurements against
 * gold data, one file per kind (cmd_eval_<what>.c).
 */
#include "cli/cli.h"

#include <string.h>

typedef struct eval_kind {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} eval_kind;

/* Each eval_<what> takes argv starting at its own name. */
#define EVAL_DECLARE(name) int eval_##name(int argc, char **argv)

EVAL_DECLARE(ner);
EVAL_DECLARE(html);
EVAL_DECLARE(stories);
EVAL_DECLARE(section);
EVAL_DECLARE(search);

static const eval_kind kinds[] = {
    {"ner", "named-entity tagger: entity-level P/R/F1 on ANERcorp", eval_ner},
    {"html", "HTML extractor: snippet P/R/F1 on trafilatura's eval set", eval_html},
    {"stories", "story clustering: BCubed and pairwise P/R/F1 on gold labels", eval_stories},
    {"section", "section classifier: macro-F1 on held-out corpus days", eval_section},
    {"search", "search: known-item recall and MRR, as written and respelled", eval_search},
    {0},
};

void cmd_eval_usage(FILE *out)
{
    fprintf(out, "usage: khabar eval WHAT [ARGS...]\n\nmeasures khabar against gold data:\n");
    for (size_t i = 0; kinds[i].name; i++)
        fprintf(out, "  %-10s %s\n", kinds[i].name, kinds[i].summary);
    fprintf(out, "\n'khabar eval WHAT --help' explains one.\n");
}

int cmd_eval(int argc, char **argv)
{
    if (argc < 2) {
        cmd_eval_usage(stderr);
        return 2;
    }
    for (size_t i = 0; kinds[i].name; i++)
        if (strcmp(kinds[i].name, argv[1]) == 0)
            return kinds[i].run(argc - 1, argv + 1);
    kh_cli_error("eval: no evaluation '%s' (see 'khabar eval --help')", argv[1]);
    return 2;
}
