/*
 * src/group/replay.c - runs the clusterer over a corpus file in memory,
 * without the store: for `khabar eval stories --corpus`, tests and the
 * benchmark, so the story metric is reproducible from the corpus alone.
 *
 * Input: a JSONL(.gz) file, one article a line with "id", "outlet",
 * "published" (ISO 8601), "title" and "text" (the SaudiNewsNet layout of
 * ../shared/corpus).  Output: each article's kh_group_result, handed to a
 * callback in file order.
 *
 * Fits: beside assign.c; src/ingest has its own reader that also stores.
 * Depends on: core, jansson.
 */
#include "core/lines.h"
#include "group/group.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ==== static prototypes ==== */

static const char *str_field(json_t *o, const char *key);
static int digits(const char *s, int n, int *out);

/* ==== public functions ==== */

kh_rc kh_group_replay(kh_group *g, const char *path, kh_group_replay_fn fn, void *ctx,
                      size_t *n_bad, kh_err *err)
{
    size_t bad = 0;
    kh_lines *l = kh_lines_open(path, err);
    if (!l)
        return err && err->rc ? err->rc : KH_ERR_IO;
    kh_rc rc = KH_OK;
    const char *line;
    size_t len;
    for (;;) {
        rc = kh_lines_next(l, &line, &len, err);
        if (rc == KH_DONE) {
            rc = KH_OK;
            break;
        }
        if (rc == KH_ERR_TOOBIG) {
            bad++;
            continue;
        }
        if (rc != KH_OK)
            break;
        json_t *o = json_loadb(line, len, 0, NULL);
        if (!o || !json_is_object(o) || !str_field(o, "id")) {
            json_decref(o);
            bad++;
            continue;
        }
        kh_group_doc doc = {0};
        doc.id = str_field(o, "id");
        doc.outlet = str_field(o, "outlet");
        doc.title = str_field(o, "title");
        doc.body = str_field(o, "text");
        if (!doc.body)
            doc.body = str_field(o, "body");
        const char *pub = str_field(o, "published");
        doc.published = pub ? kh_group_replay_time(pub) : 0;
        doc.undated = doc.published <= 0;
        if (doc.published < 0)
            doc.published = 0;
        kh_group_result res;
        int stop = 0;
        if (g) {
            rc = kh_group_assign(g, &doc, &res, err);
            if (rc != KH_OK) {
                if (err)
                    err->line = kh_lines_number(l);
                json_decref(o);
                break;
            }
        }
        if (fn)
            stop = fn(&doc, g ? &res : NULL, ctx);
        json_decref(o);
        if (stop) {
            rc = KH_DONE;
            break;
        }
    }
    kh_lines_close(l);
    if (n_bad)
        *n_bad = bad;
    return rc;
}

int64_t kh_group_replay_time(const char *iso)
{
    int y, mo, d, h = 0, mi = 0, s = 0;
    if (!iso || strlen(iso) < 10 || !digits(iso, 4, &y) || iso[4] != '-' ||
        !digits(iso + 5, 2, &mo) || iso[7] != '-' || !digits(iso + 8, 2, &d))
        return -1;
    const char *p = iso + 10;
    long off = 0;
    if (*p == 'T' || *p == ' ') {
        if (strlen(p) < 6 || !digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi))
            return -1;
        p += 6;
        if (*p == ':') {
            if (!digits(p + 1, 2, &s))
                return -1;
            p += 3;
            while (*p == '.' || (*p >= '0' && *p <= '9'))
                p++;
        }
        if (*p == '+' || *p == '-') {
            int oh, om = 0;
            if (!digits(p + 1, 2, &oh))
                return -1;
            const char *q = p + 3;
            if (*q == ':')
                q++;
            if (*q && !digits(q, 2, &om))
                return -1;
            off = (*p == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    return (int64_t)timegm(&tm) - off;
}

/* ==== static functions ==== */

static const char *str_field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}
