/*
 * src/cli/cmd_extract.c - `khabar extract [--text] PATH|-`: runs the
 * extract stage on one page (HTML, a JSON record or a text dump) and prints
 * the article as one JSON object, or as plain text with --text.
 *
 * Exit status: 0 an article was printed, 1 the input held none (the reason
 * on stderr as "khabar: PATH: message"), 2 a usage error.
 */
#include "cli/cli.h"
#include "core/buf.h"
#include "extract/extract.h"

#include <string.h>

void cmd_extract_usage(FILE *out)
{
    fprintf(out, "usage: khabar extract [--text] PATH|-\n\n"
                 "Extracts the article from one page: HTML, a JSON record ({\"title\", \"text\"}\n"
                 "or {\"html\"}) or a text dump (one block per line, furniture included).\n"
                 "Prints one JSON object:\n"
                 "  {\"title\", \"section\", \"outlet\", \"published\", \"teaser\", \"captions\",\n"
                 "   \"subheadings\", \"body\", \"see_also\", \"related\", \"lines\"}\n"
                 "where \"lines\" (text dumps only) gives the role of every non-empty line.\n\n"
                 "  --text   print the title, a blank line and the paragraphs instead\n"
                 "  -        read standard input\n\n"
                 "Exit status 1 when no Arabic article could be extracted.\n");
}

static int print_text(const kh_article *a)
{
    if (a->title)
        printf("%s\n\n", a->title);
    for (size_t i = 0; i < a->body.n; i++)
        printf("%s\n", a->body.items[i]);
    return 0;
}

int cmd_extract(int argc, char **argv)
{
    const char *path = NULL;
    int text = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--text") == 0)
            text = 1;
        else if (kh_cli_is_help(argv[i])) {
            cmd_extract_usage(stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            kh_cli_error("extract: unknown option '%s'", argv[i]);
            return 2;
        } else if (path) {
            kh_cli_error("extract: one page at a time");
            return 2;
        } else
            path = argv[i];
    }
    if (!path) {
        cmd_extract_usage(stderr);
        return 2;
    }
    int status = 1;
    kh_err err;
    kh_err_init(&err, strcmp(path, "-") == 0 ? "stdin" : path);
    kh_buf in, out;
    kh_buf_init(&in, KH_CAP_PAGE);
    kh_buf_init(&out, KH_CAP_PAGE * 4);
    kh_article *a = kh_article_new();
    char msg[512];
    if (!a) {
        kh_cli_error("out of memory");
        goto done;
    }
    if (kh_buf_read_file(&in, path, &err) != KH_OK ||
        kh_extract_page(in.data, in.len, a, &err) != KH_OK) {
        kh_err_format(&err, msg, sizeof msg);
        kh_cli_error("%s", msg);
        goto done;
    }
    if (a->n_bad_utf8)
        kh_cli_error("%s: warning: replaced %zu invalid UTF-8 sequence%s", err.input, a->n_bad_utf8,
                     a->n_bad_utf8 == 1 ? "" : "s");
    if (text) {
        print_text(a);
    } else {
        if (kh_extract_json(a, &out) != KH_OK) {
            kh_cli_error("%s: out of memory writing the article", err.input);
            goto done;
        }
        fwrite(out.data, 1, out.len, stdout);
        fputc('\n', stdout);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        kh_cli_error("extract: cannot write the output");
        goto done;
    }
    status = 0;
done:
    kh_article_free(a);
    kh_buf_clean(&in);
    kh_buf_clean(&out);
    return status;
}
