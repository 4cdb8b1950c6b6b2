/*
 * tests/view/seeds.h - the two seed pages of ../shared/seeds as a story of
 * two kh_view_article, for the story-view tests.  The body is the lines the
 * gold file marks "body" (which lines are body is what gold is for; the
 * extractor's own output is tested in tests/extract), the headline the line
 * marked "title", the section the gold section.  Shared by several test
 * programs, so everything is static.
 */
#ifndef KH_TESTS_VIEW_SEEDS_H
#define KH_TESTS_VIEW_SEEDS_H

#include "core/alloc.h"
#include "core/buf.h"
#include "test.h"
#include "view/view.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define SEED_MAX_PARAS 64

typedef struct seed_page {
    char *text;                        /* owns: the whole dump, lines cut in place */
    char *title;                       /* borrows text */
    char *section;                     /* owns */
    const char *paras[SEED_MAX_PARAS]; /* borrow text */
    size_t n_paras;
} seed_page;

typedef struct seed_story {
    seed_page pages[2];
    kh_view_article articles[2];
    kh_view_story story;
} seed_story;

static const char *const seed_names[2] = {"000_2dcdea4e522631e9", "001_41531be9f591d7eb"};

static int seed_page_load(seed_page *p, const char *name)
{
    char path[1024];
    kh_buf b;
    kh_err err;
    json_error_t jerr;
    memset(p, 0, sizeof *p);
    snprintf(path, sizeof path, "%s/seeds/%s.txt", kh_test_shared(), name);
    kh_buf_init(&b, KH_CAP_PAGE);
    if (kh_buf_read_file(&b, path, &err) != KH_OK)
        return 0;
    p->text = kh_buf_take(&b, NULL);
    snprintf(path, sizeof path, "%s/seeds/%s.gold.json", kh_test_shared(), name);
    json_t *g = json_load_file(path, 0, &jerr);
    if (!g)
        return 0;
    json_t *roles = json_object_get(g, "line_roles");
    const char *sec = json_string_value(json_object_get(g, "section"));
    p->section = sec ? kh_strdup(sec) : NULL;
    char *line = p->text;
    for (long n = 1; line && *line; n++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char key[32];
        snprintf(key, sizeof key, "%ld", n);
        const char *role = json_string_value(json_object_get(roles, key));
        if (role && strcmp(role, "body") == 0 && p->n_paras < SEED_MAX_PARAS)
            p->paras[p->n_paras++] = line;
        else if (role && strcmp(role, "title") == 0 && !p->title)
            p->title = line;
        line = nl ? nl + 1 : NULL;
    }
    json_decref(g);
    return p->n_paras > 0 && p->title;
}

static void seed_story_free(seed_story *s)
{
    for (int i = 0; i < 2; i++) {
        kh_free(s->pages[i].text);
        kh_free(s->pages[i].section);
    }
}

static int seed_story_load(seed_story *s)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 2; i++) {
        if (!seed_page_load(&s->pages[i], seed_names[i]))
            return 0;
        kh_view_article *a = &s->articles[i];
        a->id = seed_names[i];
        a->outlet = i == 0 ? "seed-000" : "seed-001";
        a->published = 1744900000 + i * 3600;
        a->title = s->pages[i].title;
        a->section = s->pages[i].section;
        a->paras = s->pages[i].paras;
        a->n_paras = s->pages[i].n_paras;
    }
    s->story.id = "seeds";
    s->story.articles = s->articles;
    s->story.n_articles = 2;
    return 1;
}

#endif
