/*
 * tests/store/store_test.h - helpers shared by the store and ingest tests:
 * a fresh temporary folder per case and a quick way to build articles.
 */
#ifndef KH_TESTS_STORE_TEST_H
#define KH_TESTS_STORE_TEST_H

#include "core/record.h"
#include "store/store.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline int tmp_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* Remembers a temporary folder (dir != NULL) or removes all remembered
 * ones (dir NULL, at exit).  Test scaffolding, not library state. */
static inline void tmp_track(const char *dir);
static inline void tmp_remove_all(void)
{
    tmp_track(NULL);
}

static inline void tmp_track(const char *dir)
{
    static char dirs[512][256];
    static int n;
    if (!dir) {
        for (int i = 0; i < n; i++)
            nftw(dirs[i], tmp_remove_one, 8, FTW_DEPTH | FTW_PHYS);
        n = 0;
        return;
    }
    if (n == 0)
        atexit(tmp_remove_all);
    if (n < 512 && strlen(dir) < sizeof dirs[0])
        snprintf(dirs[n++], sizeof dirs[0], "%s", dir);
}

/* Makes a new empty folder under $TMPDIR (or /tmp), removed when the test
 * program exits, and writes the path of name inside it to out.  Returns 0
 * on failure. */
static inline int tmp_path(const char *name, char *out, size_t cap)
{
    const char *base = getenv("TMPDIR");
    char dir[256];
    snprintf(dir, sizeof dir, "%s/khabar-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        return 0;
    tmp_track(dir);
    snprintf(out, cap, "%s/%s", dir, name);
    return 1;
}

/* An article with the given fields and a body of one paragraph; NULL
 * strings stay absent.  The caller frees it. */
static inline kh_article *make_article(const char *id, const char *url, const char *outlet,
                                       const char *published, const char *title, const char *body)
{
    kh_article *a = kh_article_new();
    if (!a)
        return NULL;
    a->kind = KH_INPUT_JSON;
    if (id)
        a->id = kh_article_strndup(a, id, strlen(id));
    if (url)
        a->url = kh_article_strndup(a, url, strlen(url));
    if (outlet)
        a->outlet = kh_article_strndup(a, outlet, strlen(outlet));
    if (published)
        a->published = kh_article_strndup(a, published, strlen(published));
    if (title)
        a->title = kh_article_strndup(a, title, strlen(title));
    if (body && kh_article_list_add(a, &a->body, body, strlen(body)) != KH_OK) {
        kh_article_free(a);
        return NULL;
    }
    return a;
}

/* Stores one article (no story unless story > 0); returns the result code. */
static inline kh_rc put_simple(kh_store *s, const char *id, const char *url, const char *title,
                               int64_t story, kh_err *err)
{
    kh_article *a = make_article(id, url, "okaz", "2015-08-10T10:00:00+03:00", title, "نص الخبر");
    if (!a)
        return KH_ERR_NOMEM;
    kh_store_place p = {story, NULL, 0, 0};
    kh_rc rc = kh_store_article_put(s, a, kh_store_article_time(a->published), &p, NULL, err);
    kh_article_free(a);
    return rc;
}

#endif
