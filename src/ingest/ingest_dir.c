/*
 * src/ingest/ingest_dir.c - paths: folders of inputs and single pages.
 *
 * A folder is walked recursively in byte order of names (so two runs over
 * one folder see articles in one order, and story numbers repeat); hidden
 * entries are passed over.  Inside folders only known kinds are read:
 * .jsonl/.ndjson (gzipped or not) as JSONL, .txt/.html/.htm as pages;
 * anything else (gold files, images) is ignored.  A page named on the
 * command line is read whatever its name.
 *
 * A page's id is its path as given, without "./" prefixes: readable in
 * `khabar story`, and stable when the same folder is ingested again.  Its
 * outlet is the one extraction found, else the name of its folder; its date
 * the one extraction found, else (like an undated record) the date of the
 * article before it in this run, and only for the first article of a run
 * the file's modification time: copying files resets their times, and a
 * date months off would keep the page out of every open story.
 * Depends on: core, extract (ingest/ingest_int.h).
 */
#include "ingest/ingest_int.h"
#include "core/alloc.h"
#include "extract/extract.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- static prototypes ---- */

static int ends_with(const char *s, const char *suffix);
static int is_page_name(const char *name);
static int compare_names(const void *a, const void *b);
static kh_rc list_dir(const char *path, char ***names, size_t *n, kh_err *err);
static void free_names(char **names, size_t n);
static const char *clean_path(const char *path);
static kh_rc set_outlet_from_folder(kh_article *a, const char *path);
static kh_rc set_date_from_file(kh_article *a, const struct stat *st);

/* ---- public functions ---- */

int kh_ingest_dir_is_jsonl(const char *path)
{
    return ends_with(path, ".jsonl") || ends_with(path, ".jsonl.gz") ||
           ends_with(path, ".ndjson") || ends_with(path, ".ndjson.gz") ||
           ends_with(path, ".json.gz");
}

kh_rc kh_ingest_dir(kh_ingest *in, const char *path, kh_err *err)
{
    char **names = NULL;
    size_t n = 0;
    char *child = NULL;
    kh_rc rc = KH_OK;
    kh_err e;
    kh_err_init(&e, path);
    if (list_dir(path, &names, &n, &e) != KH_OK) {
        kh_ingest_report(in, &e, 1);
        goto done;
    }
    size_t plen = strlen(path);
    int slash = plen && path[plen - 1] == '/';
    for (size_t i = 0; i < n && rc == KH_OK; i++) {
        size_t clen = plen + 1 + strlen(names[i]) + 1;
        if (!(child = kh_alloc(clen))) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        snprintf(child, clen, "%s%s%s", path, slash ? "" : "/", names[i]);
        struct stat st;
        if (stat(child, &st) != 0) {
            kh_err_init(&e, child);
            kh_err_set(&e, KH_ERR_IO, 0, -1, "cannot read: %s", strerror(errno));
            kh_ingest_report(in, &e, 1);
        } else if (S_ISDIR(st.st_mode)) {
            rc = kh_ingest_dir(in, child, err);
        } else if (kh_ingest_dir_is_jsonl(names[i])) {
            rc = kh_ingest_jsonl(in, child, err);
        } else if (is_page_name(names[i])) {
            rc = kh_ingest_dir_page(in, child, err);
        }
        kh_free(child);
        child = NULL;
    }
done:
    kh_free(child);
    free_names(names, n);
    return rc;
}

kh_rc kh_ingest_dir_page(kh_ingest *in, const char *path, kh_err *err)
{
    kh_buf buf;
    kh_buf_init(&buf, KH_CAP_PAGE);
    kh_article *a = NULL;
    kh_rc rc = KH_OK;
    kh_err e;
    kh_err_init(&e, path);
    struct stat st;
    if (stat(path, &st) != 0 || kh_buf_read_file(&buf, path, &e) != KH_OK) {
        if (e.rc == KH_OK)
            kh_err_set(&e, KH_ERR_IO, 0, -1, "cannot read: %s", strerror(errno));
        /* An over-cap or unreadable page is one bad record, not a failed run. */
        kh_ingest_report(in, &e, 0);
        goto done;
    }
    if (!(a = kh_article_new())) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    if (kh_extract_page(buf.data ? buf.data : "", buf.len, a, &e) != KH_OK) {
        if (e.rc == KH_ERR_NOMEM) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        kh_ingest_report(in, &e, 0);
        goto done;
    }
    const char *id = clean_path(path);
    if (!(a->id = kh_article_strndup(a, id, strlen(id))) ||
        (!a->outlet && set_outlet_from_folder(a, path) != KH_OK) ||
        (!a->published && in->last_ts == 0 && set_date_from_file(a, &st) != KH_OK)) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    rc = kh_ingest_article(in, a, path, 0, err);
    a = NULL; /* taken */
done:
    kh_article_free(a);
    kh_buf_clean(&buf);
    return rc;
}

/* ---- static functions ---- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int is_page_name(const char *name)
{
    return ends_with(name, ".txt") || ends_with(name, ".html") || ends_with(name, ".htm");
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The visible entries of the folder at path, sorted. */
static kh_rc list_dir(const char *path, char ***names, size_t *n, kh_err *err)
{
    kh_rc rc = KH_OK;
    size_t cap = 0;
    DIR *d = opendir(path);
    if (!d)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "cannot read folder: %s", strerror(errno));
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **grown = kh_realloc(*names, ncap * sizeof *grown);
            if (!grown) {
                rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
                goto done;
            }
            *names = grown;
            cap = ncap;
        }
        if (!((*names)[*n] = kh_strdup(de->d_name))) {
            rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
            goto done;
        }
        (*n)++;
    }
    if (*n)
        qsort(*names, *n, sizeof **names, compare_names);
done:
    closedir(d);
    return rc;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        kh_free(names[i]);
    kh_free(names);
}

static const char *clean_path(const char *path)
{
    while (path[0] == '.' && path[1] == '/') {
        path += 2;
        while (*path == '/')
            path++;
    }
    return path;
}

/* The last folder name of path ("pages" for "x/pages/a.txt"). */
static kh_rc set_outlet_from_folder(kh_article *a, const char *path)
{
    const char *end = strrchr(path, '/');
    if (!end)
        return KH_OK; /* the store files it under "unknown" */
    while (end > path && end[-1] == '/')
        end--;
    const char *start = end;
    while (start > path && start[-1] != '/')
        start--;
    if (end == start || (end - start == 1 && *start == '.'))
        return KH_OK;
    return (a->outlet = kh_article_strndup(a, start, (size_t)(end - start))) ? KH_OK : KH_ERR_NOMEM;
}

static kh_rc set_date_from_file(kh_article *a, const struct stat *st)
{
    char iso[32];
    struct tm tm;
    time_t t = st->st_mtime;
    if (!gmtime_r(&t, &tm))
        return KH_OK;
    size_t n = strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return (a->published = kh_article_strndup(a, iso, n)) ? KH_OK : KH_ERR_NOMEM;
}
