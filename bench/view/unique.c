/*
 * bench/view/unique.c - how many sentences "what each outlet adds"
 * (kh_view_unique, src/view/unique.c) gives each article of stored
 * stories, without the story JSON's cap of 8, beside the article's
 * sentence count: the figures of docs/view.md.
 *
 * Usage: unique DB STORY_ID... [--show] [--no-entities]
 * (STORY_ID as `khabar stories` prints it: s12 or 12).  --show also prints
 * each sentence with its score; --no-entities drops the articles' entity
 * lists (the view then finds names by places and rare words only).  Without arguments it prints the
 * usage and exits 0 (so `make bench` passes over it).  Counting only; nothing here passes or fails.
 * Uses the section model (models/section.model) for IDF when it loads, as `khabar story` does.
 */
#include "store/store.h"
#include "story/story.h"
#include "view/view_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#define NO_CAP 100000

static void show_story(kh_store *st, const kh_view_model *m, const char *arg, int show, int no_ents)
{
    kh_err err;
    kh_story_articles sa;
    kh_view_prep p;
    kh_view_sentences v;
    kh_err_init(&err, NULL);
    memset(&v, 0, sizeof v);
    int64_t id = kh_story_id_parse(arg);
    if (kh_story_load(st, id, 0, 1, 0, &sa, &err) != KH_OK) {
        printf("%s: %s\n", arg, err.msg);
        return;
    }
    for (size_t a = 0; no_ents && a < sa.n; a++)
        sa.arts[a].n_entities = 0; /* the list stays owned by sa */
    kh_view_story vs = {arg, sa.arts, sa.n};
    if (kh_view_prep_init(&p, &vs, m, &err) != KH_OK) {
        printf("%s: %s\n", arg, err.msg);
        kh_story_load_clean(&sa);
        return;
    }
    if (kh_view_unique(&vs, m, NO_CAP, &v, &err) != KH_OK)
        printf("%s: %s\n", arg, err.msg);
    size_t total = 0, kept = 0;
    printf("%s (%zu articles)\n", arg, sa.n);
    for (size_t a = 0; a < sa.n; a++) {
        size_t sents = 0, k = 0;
        for (size_t i = 0; i < p.n_sents; i++)
            sents += p.sents[i].article == a;
        for (size_t i = 0; i < v.n; i++)
            k += v.items[i].article == a;
        total += sents;
        kept += k;
        printf("  %-14s %-28s %3zu sentences %3zu new\n",
               sa.arts[a].outlet ? sa.arts[a].outlet : "-", sa.arts[a].id ? sa.arts[a].id : "-",
               sents, k);
        for (size_t i = 0; show && i < v.n; i++)
            if (v.items[i].article == a)
                printf("      %5.2f #%zu %s\n", v.items[i].score, v.items[i].pos, v.items[i].text);
    }
    printf("  total %zu sentences %zu new\n", total, kept);
    kh_view_sentences_clean(&v);
    kh_view_prep_clean(&p);
    kh_story_load_clean(&sa);
}

int main(int argc, char **argv)
{
    char path[PATH_MAX];
    kh_err err;
    kh_view_model *m = NULL;
    int show = 0, no_ents = 0, n_ids = 0;
    if (argc < 3) {
        printf("usage: %s DB STORY_ID... [--show] [--no-entities]\n", argv[0]);
        return 0;
    }
    kh_err_init(&err, NULL);
    kh_store *st = kh_store_open_existing(argv[1], &err);
    if (!st) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    if (kh_view_section_model_load(kh_view_section_model_default_path(path, sizeof path), &m,
                                   NULL) != KH_OK)
        m = NULL;
    for (int i = 2; i < argc; i++) {
        show |= strcmp(argv[i], "--show") == 0;
        no_ents |= strcmp(argv[i], "--no-entities") == 0;
    }
    for (int i = 2; i < argc; i++)
        if (argv[i][0] != '-') {
            show_story(st, m, argv[i], show, no_ents);
            n_ids++;
        }
    kh_view_section_model_free(m);
    kh_store_close(st);
    return n_ids ? 0 : 1;
}
