/*
 * src/cli/cmd_entities.c - `khabar entities PATH`: the named entities of a
 * page (text dump or HTML) or of a JSONL file of articles, variants merged,
 * as JSON [{"name","type","variants":[...],"count"}], most mentioned first.
 * Pages go through kh_extract_page (dump, HTML or one JSON record).
 */
#include "analyse/analyse.h"
#include "cli/cli.h"
#include "core/alloc.h"
#include "core/lines.h"
#include "extract/extract.h"

#include <jansson.h>
#include <limits.h>
#include <string.h>

static kh_rc jsonl_forms(const kh_ner_model *m, const char *path, kh_arena *arena,
                         kh_variant_form **forms, size_t *n_forms, kh_err *err);
static kh_rc page_entities(const kh_ner_model *m, const char *buf, size_t len, kh_buf *out,
                           kh_err *err);
static int looks_jsonl(const char *buf, size_t len);
static size_t read_head(const char *path, char *buf, size_t cap);

void cmd_entities_usage(FILE *out)
{
    fprintf(out, "usage: khabar entities [--model MODEL] PATH\n\n"
                 "Prints the named entities of PATH as JSON, most mentioned first:\n"
                 "[{\"name\",\"type\",\"variants\":[...],\"count\"}] (types PERSON, PLACE,\n"
                 "ORG, MISC).  PATH is a page (text dump or HTML) or a JSONL(.gz) file of\n"
                 "articles ({\"title\",\"text\"} or {\"title\",\"body\":[...]}), whose\n"
                 "entities are merged across articles (read as a stream: any size).\n"
                 "PATH - reads one page or JSON record from standard input.  MODEL defaults to\n"
                 "$KHABAR_MODELS/ner.model, else the source tree's or installed models/.\n");
}

int cmd_entities(int argc, char **argv)
{
    const char *model = NULL, *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--model") == 0 && i + 1 < argc)
            model = argv[++i];
        else if (!path && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0))
            path = argv[i];
        else {
            cmd_entities_usage(stderr);
            return 2;
        }
    }
    if (!path) {
        cmd_entities_usage(stderr);
        return 2;
    }
    char def[PATH_MAX], msg[512];
    if (!model)
        model = kh_analyse_ner_default_path(def, sizeof def);
    kh_ner_model *m = NULL;
    kh_buf in, out;
    kh_buf_init(&in, KH_CAP_PAGE);
    kh_buf_init(&out, KH_CAP_PAGE);
    kh_arena arena;
    kh_arena_init(&arena);
    kh_variant_form *forms = NULL;
    size_t n_forms = 0;
    kh_err err;
    int status = 1;
    kh_err_init(&err, model);
    if (kh_analyse_ner_load(model, &m, &err) != KH_OK)
        goto fail;
    kh_err_init(&err, path);
    /* A file of articles is streamed, whatever its size; only a page is
     * read whole (standard input too: a page, or one JSON record). */
    char head[4096];
    size_t n_head = strcmp(path, "-") != 0 ? read_head(path, head, sizeof head) : 0;
    int jsonl = n_head > 0 && looks_jsonl(head, n_head);
    if (!jsonl && kh_buf_read_file(&in, path, &err) != KH_OK)
        goto fail;
    if (jsonl) {
        kh_entity *ents = NULL;
        size_t n_ents = 0;
        if (jsonl_forms(m, path, &arena, &forms, &n_forms, &err) != KH_OK ||
            kh_analyse_variant_merge(forms, n_forms, &arena, &ents, &n_ents, &err) != KH_OK)
            goto fail;
        if (kh_analyse_entity_json(ents, n_ents, &out) != KH_OK) {
            kh_cli_error("entities: out of memory");
            goto done;
        }
    } else if (page_entities(m, in.data ? in.data : "", in.len, &out, &err) != KH_OK)
        goto fail;
    fwrite(out.data, 1, out.len, stdout);
    fputc('\n', stdout);
    status = 0;
    goto done;
fail:
    kh_err_format(&err, msg, sizeof msg);
    kh_cli_error("%s", msg);
done:
    kh_analyse_ner_free(m);
    kh_buf_clean(&in);
    kh_buf_clean(&out);
    kh_free(forms);
    kh_arena_clean(&arena);
    return status;
}

/* Up to cap bytes from the start of the file at path; 0 when it cannot
 * be read (reading it whole then says why). */
static size_t read_head(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* JSONL: gzip bytes (read raw here; kh_lines inflates them later) or a JSON
 * object on the first non-blank line. */
static int looks_jsonl(const char *buf, size_t len)
{
    if (len > 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b)
        return 1;
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
        i++;
    return i < len && buf[i] == '{';
}

static kh_rc page_entities(const kh_ner_model *m, const char *buf, size_t len, kh_buf *out,
                           kh_err *err)
{
    kh_article *a = kh_article_new();
    if (!a)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    kh_rc rc = kh_extract_page(buf, len, a, err);
    kh_entity *ents = NULL;
    size_t n = 0;
    if (rc == KH_OK)
        rc = kh_analyse_entity_find(m, a, &ents, &n, err);
    if (rc == KH_OK && (rc = kh_analyse_entity_json(ents, n, out)) != KH_OK)
        kh_err_set(err, rc, 0, -1, "out of memory");
    kh_article_free(a);
    return rc;
}

static kh_rc jsonl_forms(const kh_ner_model *m, const char *path, kh_arena *arena,
                         kh_variant_form **forms, size_t *n_forms, kh_err *err)
{
    kh_ner_session *s = kh_analyse_ner_session_new(m, 0, err);
    if (!s)
        return err->rc;
    kh_lines *l = kh_lines_open(path, err);
    if (!l) {
        kh_analyse_ner_session_free(s);
        return err->rc;
    }
    const char *line;
    size_t len, doc = 0;
    kh_rc rc;
    while ((rc = kh_lines_next(l, &line, &len, err)) == KH_OK) {
        json_error_t je;
        json_t *j = json_loadb(line, len, 0, &je);
        if (!j) {
            if (len == 0)
                continue;
            rc = kh_err_set(err, KH_ERR_PARSE, kh_lines_number(l), -1, "bad JSON: %s", je.text);
            break;
        }
        static const char *const fields[] = {"title", "text"};
        for (int f = 0; f < 2 && rc == KH_OK; f++) {
            json_t *v = json_object_get(j, fields[f]);
            if (json_is_string(v))
                rc = kh_analyse_entity_forms_with(s, json_string_value(v), json_string_length(v),
                                                  doc, arena, forms, n_forms, err);
        }
        json_t *body = json_object_get(j, "body");
        for (size_t k = 0; rc == KH_OK && json_is_array(body) && k < json_array_size(body); k++) {
            json_t *v = json_array_get(body, k);
            if (json_is_string(v))
                rc = kh_analyse_entity_forms_with(s, json_string_value(v), json_string_length(v),
                                                  doc, arena, forms, n_forms, err);
        }
        json_decref(j);
        doc++;
        if (rc != KH_OK)
            break;
    }
    kh_lines_close(l);
    kh_analyse_ner_session_free(s);
    return rc == KH_DONE ? KH_OK : rc;
}
