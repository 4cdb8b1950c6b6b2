/*
 * src/cli/cli.h - the khabar command's subcommands, one file each
 * (src/cli/cmd_<name>.c), dispatched from the table in main.c.
 *
 * Each takes argc/argv starting at its own name and returns the process exit
 * status: 0 success, 1 the input could not be used, 2 a usage error.
 */
#ifndef KH_CLI_H
#define KH_CLI_H

#include <stdio.h>

typedef struct kh_cli_cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*usage)(FILE *out);
} kh_cli_cmd;

/* Prints "khabar: message" to stderr. */
void kh_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when arg is -h or --help. */
int kh_cli_is_help(const char *arg);

/* The commands.  Keep this list in the order of the table in main.c. */
#define KH_CLI_DECLARE(name)                                                                       \
    int cmd_##name(int argc, char **argv);                                                         \
    void cmd_##name##_usage(FILE *out)

KH_CLI_DECLARE(eval);
KH_CLI_DECLARE(extract);
KH_CLI_DECLARE(ingest);
KH_CLI_DECLARE(assignments);
KH_CLI_DECLARE(stories);
KH_CLI_DECLARE(story);
KH_CLI_DECLARE(search);
KH_CLI_DECLARE(entities);
KH_CLI_DECLARE(entity);
KH_CLI_DECLARE(train);
KH_CLI_DECLARE(section_train);
KH_CLI_DECLARE(serve);
KH_CLI_DECLARE(similarity);
KH_CLI_DECLARE(group_idf);

#endif
