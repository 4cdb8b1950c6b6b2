/*
 * src/cli/cmd_entity.c - `khabar entity NAME|ID [--db PATH] [--json]`: a
 * stored person, place or organisation and its stories over time.
 *
 * NAME is looked up among the store's entities (src/story: the entity whose
 * key is the name's match form or holds it as whole words, most articles
 * first, an exact key counting twice; the others found are listed after
 * it); ID is the
 * number `khabar story --json` and the API give ("e12" or "12").  --json
 * prints the object of GET /api/entities/{id}: id, name, type, mentions and
 * stories [{id, title, section, first_seen, last_seen, n_articles,
 * mentions}], oldest first.  `khabar entities` is another thing: the
 * entities of a page or file, found now, without a store.
 */
#include "cli/cli.h"
#include "story/story.h"

#include <stdlib.h>
#include <string.h>

#define MAX_OTHERS 8

static int64_t entity_id(const char *arg);
static void print_text(const json_t *e, const json_t *found);
static const char *str_of(const json_t *o, const char *key);

void cmd_entity_usage(FILE *out)
{
    fprintf(out, "usage: khabar entity NAME|ID [--db PATH] [--json]\n\n"
                 "A stored person, place or organisation and its stories over time, oldest\n"
                 "first.  NAME in any spelling of its letters' forms (hamza, ta marbuta,\n"
                 "diacritics); a part of a name (الحداد) finds the full one; ID is an entity\n"
                 "number (e12 or 12) as `khabar story --json` shows it.\n\n"
                 "  --db PATH   the database (default $KHABAR_DB, else ./khabar.db)\n"
                 "  --json      the JSON object of GET /api/entities/{id}\n");
}

int cmd_entity(int argc, char **argv)
{
    const char *db = NULL, *arg = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strncmp(argv[i], "--db=", 5) == 0)
            db = argv[i] + 5;
        else if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else if (!arg && argv[i][0] != '-')
            arg = argv[i];
        else {
            kh_cli_error("entity: unexpected '%s' (see 'khabar entity --help')", argv[i]);
            return 2;
        }
    }
    if (!arg) {
        cmd_entity_usage(stderr);
        return 2;
    }
    int status = 1;
    kh_err err;
    kh_err_init(&err, NULL);
    json_t *found = json_array(), *e = NULL;
    kh_rc rc = KH_OK;
    kh_store *s = kh_store_open_existing(db ? db : kh_store_path_default(), &err);
    if (!s || !found)
        goto fail;
    int64_t id = entity_id(arg);
    if (id == 0) {
        if ((rc = kh_story_entity_find(s, arg, MAX_OTHERS + 1, found, &err)) != KH_OK)
            goto fail;
        if (json_array_size(found) == 0) {
            kh_cli_error("entity: no entity named '%s' in %s", arg, kh_store_path(s));
            goto done;
        }
        id = (int64_t)json_integer_value(json_object_get(json_array_get(found, 0), "id"));
    }
    rc = kh_story_query_entity(s, id, &e, &err);
    if (rc == KH_DONE) {
        kh_cli_error("entity: no entity %lld in %s", (long long)id, kh_store_path(s));
        goto done;
    }
    if (rc != KH_OK)
        goto fail;
    if (json) {
        char *j = json_dumps(e, JSON_PRESERVE_ORDER | JSON_INDENT(2));
        if (!j) {
            kh_err_set(&err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto fail;
        }
        printf("%s\n", j);
        free(j); /* jansson's allocation */
    } else {
        print_text(e, found);
    }
    status = fflush(stdout) == 0 ? 0 : 1;
    goto done;
fail:;
    char msg[512];
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("entity: %s", msg);
done:
    json_decref(e);
    json_decref(found);
    kh_store_close(s);
    return status;
}

/* "e12" or "12" as a number; 0 when arg is a name. */
static int64_t entity_id(const char *arg)
{
    const char *p = arg[0] == 'e' ? arg + 1 : arg;
    char *end;
    if (*p < '0' || *p > '9')
        return 0;
    long long v = strtoll(p, &end, 10);
    return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

static const char *str_of(const json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static void print_text(const json_t *e, const json_t *found)
{
    const json_t *stories = json_object_get(e, "stories");
    size_t n = json_array_size(stories);
    long long m = (long long)json_integer_value(json_object_get(e, "mentions"));
    printf("%s  (%s, e%lld)  %lld %s in %zu %s\n\n", str_of(e, "name"), str_of(e, "type"),
           (long long)json_integer_value(json_object_get(e, "id")), m,
           m == 1 ? "mention" : "mentions", n, n == 1 ? "story" : "stories");
    size_t i;
    const json_t *b;
    json_array_foreach(stories, i, b)
    {
        /* Dates only: the day is what a timeline reads. */
        long long na = (long long)json_integer_value(json_object_get(b, "n_articles"));
        printf("%.10s .. %.10s  s%-7lld %3lld %-8s  %s\n", str_of(b, "first_seen"),
               str_of(b, "last_seen"), (long long)json_integer_value(json_object_get(b, "id")), na,
               na == 1 ? "article" : "articles", str_of(b, "title"));
    }
    if (json_array_size(found) > 1) {
        printf("\nalso:");
        json_array_foreach(found, i, b)
        {
            long long na = (long long)json_integer_value(json_object_get(b, "articles"));
            if (i > 0)
                printf("%s %s (%s, e%lld, %lld %s)", i > 1 ? ";" : "", str_of(b, "name"),
                       str_of(b, "type"), (long long)json_integer_value(json_object_get(b, "id")),
                       na, na == 1 ? "article" : "articles");
        }
        printf("\n");
    }
}
