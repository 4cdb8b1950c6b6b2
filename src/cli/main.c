/*
 * src/cli/main.c - the khabar command: dispatches to one subcommand.
 *
 * Data flow of the whole product starts here: `khabar extract` runs the
 * extract stage on one page, `khabar ingest` runs every stage into the
 * store, `khabar serve` reads the store.  Each subcommand lives in
 * src/cli/cmd_<name>.c.
 */
#include "cli/cli.h"
#include "khabar.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const kh_cli_cmd commands[] = {
    {"eval", "measure quality against gold data", cmd_eval, cmd_eval_usage},
    {"extract", "extract the article from one page (JSON)", cmd_extract, cmd_extract_usage},
    {"ingest", "read articles into the store, in stories", cmd_ingest, cmd_ingest_usage},
    {"assignments", "each article's story (JSONL)", cmd_assignments, cmd_assignments_usage},
    {"stories", "list the stories in the store", cmd_stories, cmd_stories_usage},
    {"story", "show one story and its articles", cmd_story, cmd_story_usage},
    {"search", "the articles that best match some words", cmd_search, cmd_search_usage},
    {"entities", "named entities of a page or JSONL, variants merged", cmd_entities,
     cmd_entities_usage},
    {"entity", "a stored entity and its stories over time", cmd_entity, cmd_entity_usage},
    {"train", "train a model (khabar train ner ...)", cmd_train, cmd_train_usage},
    {"section-train", "rebuild the section classifier from the corpus", cmd_section_train,
     cmd_section_train_usage},
    {"serve", "serve the API and the web page over a store", cmd_serve, cmd_serve_usage},
    {"similarity", "similarity of text pairs (SemEval-style JSONL)", cmd_similarity,
     cmd_similarity_usage},
    {"group-idf", "prior IDF table of the story clusterer", cmd_group_idf, cmd_group_idf_usage},
    {0},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: khabar COMMAND [ARGS...]\n\n"
                 "khabar turns Arabic news pages into stories.\n\ncommands:\n");
    for (size_t i = 0; commands[i].name; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "  %-12s %s\n", "help", "show this list, or a command's help");
    fprintf(out, "\n'khabar COMMAND --help' explains one command; "
                 "'khabar --version' prints the version.\n");
}

static const kh_cli_cmd *find(const char *name)
{
    for (size_t i = 0; commands[i].name; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

void kh_cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("khabar: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int kh_cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("khabar %s\n", kh_version());
        return 0;
    }
    if (strcmp(name, "help") == 0 || kh_cli_is_help(name)) {
        if (argc > 2 && find(argv[2])) {
            find(argv[2])->usage(stdout);
            return 0;
        }
        if (argc > 2) {
            kh_cli_error("no command '%s'", argv[2]);
            return 2;
        }
        usage(stdout);
        return 0;
    }
    const kh_cli_cmd *cmd = find(name);
    if (!cmd) {
        kh_cli_error("no command '%s' (see 'khabar help')", name);
        return 2;
    }
    if (argc > 2 && kh_cli_is_help(argv[2])) {
        cmd->usage(stdout);
        return 0;
    }
    return cmd->run(argc - 1, argv + 1);
}
