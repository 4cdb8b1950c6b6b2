/*
 * examples/extract.c - the article in a news page, as JSON.
 *
 *   build/examples/extract examples/sample/pages/ofoq-desal.txt
 *
 * Reads one page (a text dump or HTML; "-" or nothing: stdin) and prints
 * what `khabar extract` prints.  Uses only include/khabar.h.
 */
#include <khabar.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "-";
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    char *page = NULL, *json = NULL;
    size_t len = 0, cap = 0, n;
    do { /* the whole page into memory */
        if (len == cap && !(page = realloc(page, cap = cap ? cap * 2 : 65536)))
            return 1;
        n = fread(page + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    if (f != stdin)
        fclose(f);
    kh_err err;
    kh_err_init(&err, path);
    int status = 0;
    if (kh_extract(page, len, &json, &err) == KH_OK) {
        puts(json);
    } else {
        char msg[512];
        kh_err_format(&err, msg, sizeof msg);
        fprintf(stderr, "extract: %s\n", msg);
        status = 1;
    }
    kh_string_free(json);
    free(page);
    return status;
}
