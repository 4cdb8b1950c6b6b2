/*
 * src/story/text.c - a story, or a line of the story list, as text for a
 * terminal: the plain form of `khabar story ID` and `khabar stories`.
 *
 * It reads the objects of story/story.c, so the text and --json forms can
 * never disagree.  No column padding: printf pads bytes, and an Arabic
 * letter is two; blocks are indented instead.  A terminal shows at most
 * three of the sentences each article adds; the JSON has them all.
 */
#include "story/story.h"

#include <string.h>

#define TEXT_UNIQUE 3 /* sentences an outlet adds, shown per article; --json has all */

/* ---- static prototypes ---- */

static const char *str(const json_t *o, const char *key);
static kh_rc put_names(kh_buf *b, const char *label, const json_t *list, const char *count_key);
static kh_rc put_when(kh_buf *b, const char *iso);

/* ---- public functions ---- */

kh_rc kh_story_text(const json_t *story, kh_buf *out)
{
    const json_t *v;
    size_t i;
    kh_rc rc;
    long long id = (long long)json_integer_value(json_object_get(story, "id"));
    v = json_object_get(story, "merged_from");
    rc = json_is_integer(v) ? kh_buf_printf(out, "(s%lld was merged into s%lld)\n",
                                            (long long)json_integer_value(v), id)
                            : KH_OK;
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "s%lld  %s\n", id, str(story, "title"));
    long n = (long)json_integer_value(json_object_get(story, "n_articles"));
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "%ld article%s, %s .. %s", n, n == 1 ? "" : "s",
                           str(story, "first_seen"), str(story, "last_seen"));
    if (rc == KH_OK && *str(story, "section"))
        rc = kh_buf_printf(out, ", section %s", str(story, "section"));
    if (rc == KH_OK)
        rc = put_names(out, "\noutlets:", json_object_get(story, "outlets"), "articles");
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "\n");

    v = json_object_get(story, "summary");
    if (rc == KH_OK && json_array_size(v))
        rc = kh_buf_appends(out, "\nSummary\n");
    json_t *x;
    json_array_foreach(v, i, x)
    {
        if (rc == KH_OK)
            rc = kh_buf_printf(out, "  - %s\n    (%s)\n", str(x, "sentence"), str(x, "outlet"));
    }

    v = json_object_get(story, "unique_by_outlet");
    if (rc == KH_OK && json_array_size(v))
        rc = kh_buf_appends(out, "\nWhat each outlet adds\n");
    json_array_foreach(v, i, x)
    {
        const json_t *sents = json_object_get(x, "sentences");
        if (rc == KH_OK && json_array_size(sents))
            rc = kh_buf_printf(out, "  %s (%s)\n", str(x, "outlet"), str(x, "article"));
        size_t k;
        json_t *s;
        json_array_foreach(sents, k, s)
        {
            if (rc != KH_OK || k == TEXT_UNIQUE)
                break;
            rc = kh_buf_printf(out, "    + %s\n", json_string_value(s) ? json_string_value(s) : "");
        }
        if (rc == KH_OK && json_array_size(sents) > TEXT_UNIQUE)
            rc = kh_buf_printf(out, "    (%zu more with --json)\n",
                               json_array_size(sents) - TEXT_UNIQUE);
    }

    v = json_object_get(story, "entities");
    if (rc == KH_OK && json_array_size(v)) {
        rc = put_names(out, "\nentities:", v, "count");
        if (rc == KH_OK)
            rc = kh_buf_appends(out, "\n");
    }

    v = json_object_get(story, "timeline");
    if (rc == KH_OK && json_array_size(v))
        rc = kh_buf_appends(out, "\nTimeline\n");
    json_array_foreach(v, i, x)
    {
        if (rc == KH_OK)
            rc = kh_buf_appends(out, "  ");
        if (rc == KH_OK)
            rc = put_when(out, str(x, "published"));
        if (rc == KH_OK)
            rc = kh_buf_printf(out, "  %s\n    %s\n    %s\n", str(x, "outlet"), str(x, "title"),
                               str(x, "article"));
    }

    v = json_object_get(story, "related");
    if (rc == KH_OK && json_array_size(v))
        rc = kh_buf_appends(out, "\nRelated\n");
    json_array_foreach(v, i, x)
    {
        if (rc == KH_OK)
            rc =
                kh_buf_printf(out, "  s%lld  %.10s%s%s  (%.2f%s)\n",
                              (long long)json_integer_value(json_object_get(x, "id")),
                              str(x, "last_seen"), *str(x, "last_seen") ? "  " : "",
                              str(x, "title"), json_real_value(json_object_get(x, "score")),
                              json_is_true(json_object_get(x, "same_event")) ? ", same event" : "");
    }
    return rc;
}

kh_rc kh_story_text_brief(const json_t *brief, kh_buf *out)
{
    long n = (long)json_integer_value(json_object_get(brief, "n_articles"));
    kh_rc rc = kh_buf_printf(out, "s%-7lld %ld article%s  %s .. %s",
                             (long long)json_integer_value(json_object_get(brief, "id")), n,
                             n == 1 ? "" : "s", str(brief, "first_seen"), str(brief, "last_seen"));
    if (rc == KH_OK && *str(brief, "section"))
        rc = kh_buf_printf(out, "  %s", str(brief, "section"));
    if (rc == KH_OK)
        rc = kh_buf_printf(out, "\n         %s", str(brief, "title"));
    if (rc == KH_OK)
        rc = put_names(out, "\n         outlets:", json_object_get(brief, "outlets"), "articles");
    const json_t *ents = json_object_get(brief, "entities");
    if (rc == KH_OK && json_array_size(ents))
        rc = put_names(out, "\n         entities:", ents, "count");
    if (rc == KH_OK)
        rc = kh_buf_appends(out, "\n\n");
    return rc;
}

/* ---- static functions ---- */

/* The string at key, "" when absent or not a string. */
static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* label, then "name (count), ..." of a list of {"name", count_key}. */
static kh_rc put_names(kh_buf *b, const char *label, const json_t *list, const char *count_key)
{
    size_t i;
    json_t *x;
    kh_rc rc = kh_buf_appends(b, label);
    json_array_foreach(list, i, x)
    {
        if (rc == KH_OK)
            rc = kh_buf_printf(b, "%s%s (%lld)", i ? ", " : " ", str(x, "name"),
                               (long long)json_integer_value(json_object_get(x, count_key)));
    }
    return rc;
}

/* An ISO time as "2015-08-10 16:02" (the seconds and zone dropped: the
 * story text is read, not parsed). */
static kh_rc put_when(kh_buf *b, const char *iso)
{
    if (strlen(iso) < 16)
        return kh_buf_appends(b, "(time unknown)  ");
    char s[17];
    memcpy(s, iso, 16);
    s[10] = ' ';
    s[16] = '\0';
    return kh_buf_appends(b, s);
}
