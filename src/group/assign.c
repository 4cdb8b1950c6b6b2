/*
 * src/group/assign.c - online story clustering: each article, on arrival,
 * joins an open story or starts a new one.
 *
 * Input: kh_group_doc records in arrival order.  Output: a kh_group_result
 * per article (story id, new or not, the copy it duplicates, the stories it
 * merged).  State: the vocabulary with document frequencies, the window of
 * recent articles and open stories (window.c), their inverted index
 * (index.c) and MinHash index (src/analyse/dup.c).
 *
 * Fits: src/ingest calls kh_group_assign() for each new article and stores
 * the result; after a restart it replays the last window's articles with
 * kh_group_restore().  Depends on: core, text, analyse.
 *
 * One article's way (story lifecycle: see window.c):
 *   1. time moves to the newest article seen; older articles are evicted
 *   2. term vector and match forms (feature.c); MinHash signature
 *   3. a copy in the window (exact, or estimated Jaccard >= dup_threshold)?
 *      then it joins the story of the earliest copy, and is not indexed
 *   4. else candidates from the inverted index; a candidate story scores
 *      the best link of its articles with this one (cosine, plus a little
 *      per shared rare term; within one outlet and day minus a penalty,
 *      unless the title repeats: an update) or 1.1 x the cosine with the centroid of its recent
 *      articles, whichever is higher; just under the threshold, a
 *      member's whole text sharing many rare terms, or a rare entity key
 *      and several specific phrases (phrase.c), lifts a story to it; the
 *      best story at or above threshold is joined; when the best and others clear threshold +
 *      merge margin, they are merged into the oldest; none: a new story
 *   5. the article enters the window, the indexes and the IDF counts
 * Design notes and evaluation numbers: docs/group.md.
 */
#include "core/alloc.h"
#include "group/group_int.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* ==== static prototypes ==== */

#define MAX_CANDIDATES 64

static void tunables_init(kh_group *g);
static kh_rc place(kh_group *g, const kh_group_doc *doc, int64_t forced, kh_group_result *res,
                   kh_err *err);
static kh_rc push_merge(kh_group *g, int64_t id, kh_err *err);
static int too_far(const kh_group *g, const gart *a, const gart *b);
static double link_sim(const kh_group *g, const gart *a, const gart *b);
static kh_rc mark_rare(kh_group *g, const gart *a, kh_err *err);
static int shared_rare(const kh_group *g, const gvec *a, const gvec *b, int cap);
static double body_sim(const kh_group *g, const gart *a, const gstory *s);
static int entity_evidence(const kh_group *g, const gart *a, const gstory *s);

/* ==== public functions ==== */

void kh_group_opts_init(kh_group_opts *o)
{
    memset(o, 0, sizeof *o);
    o->window = 3 * 86400;
    o->gap = 18 * 3600;
    o->threshold = 0.42;
    o->dup_threshold = 0.7;
    o->first_story_id = 1;
    o->stem = KH_STEM_SNOWBALL;
}

kh_group *kh_group_new(const kh_group_opts *opts, kh_err *err)
{
    kh_group *g = kh_calloc(1, sizeof *g);
    if (!g) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the clusterer");
        return NULL;
    }
    kh_group_opts_init(&g->opts);
    if (opts) {
        if (opts->window > 0)
            g->opts.window = opts->window;
        if (opts->gap != 0)
            g->opts.gap = opts->gap;
        if (opts->threshold > 0)
            g->opts.threshold = opts->threshold;
        if (opts->dup_threshold > 0)
            g->opts.dup_threshold = opts->dup_threshold;
        if (opts->first_story_id > 0)
            g->opts.first_story_id = opts->first_story_id;
        if (opts->stem)
            g->opts.stem = opts->stem;
        if (opts->entity_weight > 0)
            g->opts.entity_weight = opts->entity_weight;
    }
    g->next_story_id = g->opts.first_story_id;
    g->now = INT64_MIN / 2;
    tunables_init(g);
    kh_hash_init(&g->vocab, NULL);
    kh_hash_init(&g->prior, NULL);
    kh_buf_init(&g->match_title, KH_CAP_PAGE);
    kh_buf_init(&g->match_body, KH_CAP_PAGE);
    g->stemmer = kh_text_stemmer_new(g->opts.stem);
    g->dups = kh_analyse_dup_index_new(err);
    g->cap_touched = g->query_terms * g->post_cap;
    g->touched = kh_alloc(g->cap_touched * sizeof g->touched[0]);
    g->c_keys = kh_alloc(4096 * sizeof g->c_keys[0]);
    g->c_stamp = kh_calloc(4096, sizeof g->c_stamp[0]);
    g->c_vals = kh_alloc(4096 * sizeof g->c_vals[0]);
    g->c_used = kh_alloc(4096 * sizeof g->c_used[0]);
    g->surf = kh_calloc(GSURF_SLOTS, sizeof g->surf[0]);
    g->cap_surf = GSURF_SLOTS;
    for (size_t k = 0; k < sizeof g->log1p_n / sizeof g->log1p_n[0]; k++)
        g->log1p_n[k] = (float)log1p((double)k);
    if (!g->stemmer || !g->dups || !g->touched || !g->c_keys || !g->c_stamp || !g->c_vals ||
        !g->c_used || !g->surf) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for the clusterer");
        kh_group_free(g);
        return NULL;
    }
    if (g->opts.stem == KH_STEM_SNOWBALL &&
        kh_group_prior_load(g, opts ? opts->idf_path : NULL, err) != KH_OK) {
        kh_group_free(g);
        return NULL;
    }
    return g;
}

void kh_group_free(kh_group *g)
{
    if (!g)
        return;
    kh_group_window_clean(g);
    for (size_t i = 0; i < g->n_terms; i++)
        kh_free(g->terms[i].post);
    kh_free(g->terms);
    kh_free(g->tslot);
    kh_free(g->tk);
    kh_free(g->tk_hash);
    kh_free(g->tk_id);
    kh_hash_clean(&g->vocab);
    kh_buf_clean(&g->match_title);
    kh_buf_clean(&g->match_body);
    kh_text_stemmer_free(g->stemmer);
    kh_analyse_dup_index_free(g->dups);
    kh_free(g->scratch_terms);
    kh_free(g->scratch_cnt);
    kh_free(g->sort_tmp);
    kh_free(g->rare);
    kh_free(g->surf);
    kh_hash_clean(&g->prior);
    kh_free(g->touched);
    kh_free(g->c_keys);
    kh_free(g->c_stamp);
    kh_free(g->c_vals);
    kh_free(g->c_used);
    kh_free(g->merges);
    kh_free(g->q);
    kh_group_phrase_clean(g);
    kh_free(g);
}

kh_rc kh_group_assign(kh_group *g, const kh_group_doc *doc, kh_group_result *res, kh_err *err)
{
    if (!g || !doc || !doc->id || !res)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_assign: no clusterer, article or id");
    return place(g, doc, 0, res, err);
}

kh_rc kh_group_restore(kh_group *g, const kh_group_doc *doc, int64_t story_id, kh_err *err)
{
    if (!g || !doc || !doc->id || story_id <= 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1,
                          "kh_group_restore: no clusterer, article, id or story");
    kh_group_result res;
    kh_rc rc = place(g, doc, story_id, &res, err);
    if (rc == KH_OK && story_id >= g->next_story_id)
        g->next_story_id = story_id + 1;
    return rc;
}

kh_rc kh_group_learn(kh_group *g, const kh_group_doc *doc, kh_err *err)
{
    if (!g || !doc)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "kh_group_learn: no clusterer or article");
    gvec v = {0};
    kh_rc rc = kh_group_feature_match(g, doc, err);
    if (rc == KH_OK)
        rc = kh_group_feature_build(g, doc, 1, &v, NULL, NULL, err);
    kh_free(v.t);
    return rc;
}

size_t kh_group_n_stories(const kh_group *g)
{
    return g ? g->n_stories : 0;
}

size_t kh_group_n_articles(const kh_group *g)
{
    return g ? g->ring_n : 0;
}

/* ==== static functions ==== */

/* The knobs behind the threshold; docs/group.md says how they were chosen. */
static void tunables_init(kh_group *g)
{
    g->w_title = 5.0;
    g->w_lead = 1.0;
    g->w_rest = 0.0;
    g->w_entity = g->opts.entity_weight;
    g->num_boost = 1.5;
    g->lead_words = 40;
    g->lead_fade = 20;
    g->df_words = SIZE_MAX; /* df reads whole texts: cutting at 200 words cost 0.01 F1 */
    g->query_terms = 16;
    g->max_candidates = 24;
    g->post_cap = 64;
    g->merge_margin = 0.1;
    g->same_outlet_penalty = 0.3;
    g->centroid = 1.1;
    g->centroid_min = 0.15;
    g->same_title = 0.8;
    g->rare_boost = 0.04;
    g->rare_share = 0.005;
    g->grey = 0.12;
    g->body_threshold = 0.3;
    g->body_rare = 15;
    g->prior_docs = 3000;
    g->prior_fade = 1000;
    g->ent_grey = 0.15;
    g->ent_rare = 0.002;
    g->ent_phrases = 4;
    g->phrase_rare = 0.005;
    g->phrase_common = 0.05;
    if (g->max_candidates > MAX_CANDIDATES)
        g->max_candidates = MAX_CANDIDATES;
}

static kh_rc place(kh_group *g, const kh_group_doc *doc, int64_t forced, kh_group_result *res,
                   kh_err *err)
{
    kh_rc rc = KH_OK;
    gart *a = NULL;
    memset(res, 0, sizeof *res);
    g->n_merges = 0;

    if (doc->published > g->now)
        g->now = doc->published;
    kh_group_window_evict(g);

    a = kh_calloc(1, sizeof *a);
    if (!a || !(a->id = kh_strdup(doc->id))) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for an article");
        goto done;
    }
    a->published = doc->published;
    a->undated = doc->undated != 0;
    a->outlet = doc->outlet ? kh_hash_bytes(doc->outlet, strlen(doc->outlet), 0) | 1 : 0;
    a->dup_root = -1;
    if ((rc = kh_group_feature_match(g, doc, err)) != KH_OK)
        goto done;
    if (g->match_body.len > 0)
        kh_analyse_dup_hash_words(g->match_body.data, g->match_body.len, g->tk_hash + g->n_tk_title,
                                  g->n_tk - g->n_tk_title, &a->sig);
    else
        kh_analyse_dup_hash_words(g->match_title.data, g->match_title.len, g->tk_hash,
                                  g->n_tk_title, &a->sig);

    /* 3. a copy of an article in the window joins its story */
    gstory *target = NULL;
    int64_t dup_key = 0;
    double dup_sim = 0;
    gart *orig = NULL;
    if (kh_analyse_dup_find(g->dups, &a->sig, g->opts.dup_threshold, &dup_key, &dup_sim))
        orig = kh_group_window_get(g, dup_key);
    if (orig) {
        res->dup_of = orig->id;
        res->dup_sim = dup_sim;
        res->sim = dup_sim;
        /* A wire copy reprinted days later is still a copy, but of an
         * older story: it is placed as an original, by the gap. */
        if (too_far(g, a, orig)) {
            orig = NULL;
        } else {
            a->dup_root = orig->serial;
            target = orig->story;
        }
    }
    /* Copies do not count in IDF: a wire story reprinted ten times is not
     * ten times more common language. */
    if ((rc = kh_group_feature_build(g, doc, !orig, &a->vec, &a->tvec, &a->bvec, err)) != KH_OK)
        goto done;

    if ((rc = kh_group_feature_weigh(g, a, err)) != KH_OK)
        goto done;
    if (!orig && (rc = kh_group_phrase_build(g, doc, a, err)) != KH_OK)
        goto done;

    /* 4. candidate stories from the inverted index */
    gstory *st[MAX_CANDIDATES];
    double ss[MAX_CANDIDATES];
    size_t n_st = 0;
    if (!orig && forced == 0) {
        int64_t cand[MAX_CANDIDATES];
        if ((rc = mark_rare(g, a, err)) != KH_OK || (rc = kh_group_feature_query(g, a, err)))
            goto done;
        size_t n = kh_group_index_query(g, &a->vec, cand, g->max_candidates);
        /* The candidates are scattered in memory: ask for them, then for
         * their vectors one ahead, so that the misses overlap the work. */
        gart *cg[MAX_CANDIDATES];
        for (size_t i = 0; i < n; i++) {
            cg[i] = kh_group_window_get(g, cand[i]);
            __builtin_prefetch(cg[i]);
            if (cg[i]) { /* the vectors' places are beside the ring */
                size_t slot = kh_group_window_slot(g, cand[i]);
                __builtin_prefetch(g->rvec[2 * slot]);
                __builtin_prefetch(g->rvec[2 * slot + 1]);
            }
        }
        for (size_t i = 0; i < n; i++) {
            gart *c = cg[i];
            if (!c || !c->story || too_far(g, a, c))
                continue;
            double s = link_sim(g, a, c);
            size_t k = 0;
            while (k < n_st && st[k] != c->story)
                k++;
            if (k == n_st) {
                st[n_st] = c->story;
                ss[n_st++] = s;
            } else if (s > ss[k]) {
                ss[k] = s;
            }
        }
        /* A story of several reports has more of the event's words than
         * any one of them: a new report may match their centroid better. */
        for (size_t k = 0; k < n_st && g->centroid > 0; k++) {
            /* The centroid costs up to 16 members' terms; a story none of
             * whose members links at centroid_min is not worth it (1.1 x
             * the centroid would need a cosine of 0.38 to reach 0.42). */
            if (ss[k] < g->centroid_min)
                continue;
            const gstory *sk = st[k];
            const gart *mv[16];
            size_t n_mv = 0;
            size_t from = sk->n_members > 16 ? sk->n_members - 16 : 0;
            for (size_t m = from; m < sk->n_members; m++) {
                gart *c = kh_group_window_get(g, sk->members[m]);
                if (c && c->dup_root < 0)
                    mv[n_mv++] = c;
            }
            if (n_mv >= 2) {
                double cs = g->centroid * kh_group_feature_centroid_cosine(g, a, mv, n_mv);
                if (cs > ss[k])
                    ss[k] = cs;
            }
        }
        /* The grey zone: titles and leads rewritten (a translation, a
         * summary of the same event) share few words while the whole
         * texts still tell one event.  There a member's whole-text cosine
         * decides. */
        for (size_t k = 0; k < n_st && g->grey > 0; k++)
            if (ss[k] < g->opts.threshold && ss[k] >= g->opts.threshold - g->grey &&
                body_sim(g, a, st[k]) >= g->body_threshold)
                ss[k] = g->opts.threshold;
        /* Short reports of one event share too few rare terms for that.
         * Lower still, a rare name both give (an entity key) and names of
         * several words (a venue, a full name, an edition: phrases) tell
         * one event.  Only with entity keys (khabar ingest finds them). */
        for (size_t k = 0, filed = 0; k < n_st && g->ent_grey > 0 && a->n_ent > 0; k++) {
            if (ss[k] >= g->opts.threshold || ss[k] < g->opts.threshold - g->ent_grey)
                continue;
            if (!filed && (rc = kh_group_phrase_query(g, a, err)) != KH_OK)
                goto done;
            filed = 1;
            if (entity_evidence(g, a, st[k]))
                ss[k] = g->opts.threshold;
        }
        size_t best = n_st;
        for (size_t k = 0; k < n_st; k++)
            if (best == n_st || ss[k] > ss[best])
                best = k;
        if (best < n_st)
            res->sim = ss[best]; /* reported even when too low to join */
        if (best < n_st && ss[best] >= g->opts.threshold) {
            target = st[best];
            res->sim = ss[best];
            /* Every other story above the threshold is bridged: the oldest
             * of them all absorbs the rest. */
            for (size_t k = 0; k < n_st; k++)
                if (ss[k] >= g->opts.threshold + g->merge_margin && st[k]->id < target->id &&
                    ss[best] >= g->opts.threshold + g->merge_margin)
                    target = st[k];
        }
    }
    if (forced > 0) {
        target = kh_group_window_story(g, forced);
        if (!target && !(target = kh_group_window_story_new(g, forced, err))) {
            rc = KH_ERR_NOMEM;
            goto done;
        }
    }
    if (!target) {
        if (!(target = kh_group_window_story_new(g, g->next_story_id, err))) {
            rc = KH_ERR_NOMEM;
            goto done;
        }
        g->next_story_id++;
        res->is_new = 1;
    }
    for (size_t k = 0; k < n_st; k++) {
        if (ss[k] < g->opts.threshold + g->merge_margin || st[k] == target ||
            res->sim < g->opts.threshold + g->merge_margin)
            continue;
        int64_t id = st[k]->id;
        if ((rc = push_merge(g, id, err)) != KH_OK || (rc = kh_group_merge(g, target, st[k], err)))
            goto done;
    }

    /* 5. into the window and the indexes */
    if ((rc = kh_group_window_add(g, a, err)) != KH_OK)
        goto done;
    gart *placed = a;
    a = NULL; /* the window owns it now */
    if ((rc = kh_group_window_join(g, target, placed, err)) != KH_OK)
        goto done;
    if (!orig && (rc = kh_group_index_add(g, placed, err)) != KH_OK)
        goto done;
    if ((rc = kh_analyse_dup_add(g->dups, placed->serial, &placed->sig, err)) != KH_OK)
        goto done;
    res->story = target->id;
    res->merges = g->n_merges ? g->merges : NULL;
    res->n_merges = g->n_merges;

done:
    kh_group_window_art_free(a);
    return rc;
}

/* Reports of one event come within hours of each other; a report of the
 * same topic two days later (the next day's reactions, the festival's
 * next evening) is a new story, linked as related by the view.  Joining
 * only through members within the gap keeps a story from chaining on
 * through a daily topic while the window (3 days) still holds late and
 * out-of-order arrivals.  An undated page's time is borrowed, so it is
 * not held to the gap. */
static int too_far(const kh_group *g, const gart *a, const gart *b)
{
    if (g->opts.gap <= 0 || a->undated || b->undated)
        return 0;
    int64_t dt =
        a->published > b->published ? a->published - b->published : b->published - a->published;
    return dt > g->opts.gap;
}

/* The similarity of two articles for linking them.  An outlet reports one
 * event once a day (its re-crawls and updates are duplicates, caught
 * before this), so two articles of one outlet within a day need more. */
static double link_sim(const kh_group *g, const gart *a, const gart *b)
{
    int n_rare = 0;
    double s = kh_group_feature_link_q(g, a, b, g->rare, &n_rare);
    if (g->rare_boost > 0 && s > 0)
        s += g->rare_boost * (n_rare < 3 ? n_rare : 3);
    int64_t dt =
        a->published > b->published ? a->published - b->published : b->published - a->published;
    if (a->outlet && a->outlet == b->outlet && dt < 86400) {
        /* ...unless it repeats the title: an outlet's continuation or
         * update of one item ("إضافة أولى") keeps its headline. */
        double tc = g->same_title > 0 ? kh_group_feature_cosine(g, &a->tvec, &b->tvec) : 0;
        if (g->same_title > 0 && tc >= g->same_title)
            s = s > tc ? s : tc;
        else
            s -= g->same_outlet_penalty;
    }
    return s;
}

/* Marks the terms of a seen in at most rare_share of the documents (numbers
 * excluded) in g->rare, for link_sim. */
static kh_rc mark_rare(kh_group *g, const gart *a, kh_err *err)
{
    if (a->vec.n > g->cap_rare) {
        size_t cap = a->vec.n > 2 * g->cap_rare ? a->vec.n : 2 * g->cap_rare;
        uint8_t *r = kh_realloc(g->rare, cap);
        if (!r)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for rare terms");
        g->rare = r;
        g->cap_rare = cap;
    }
    double lim = g->rare_share * kh_group_feature_ndocs(g);
    for (uint32_t i = 0; i < a->vec.n; i++) {
        uint32_t x = a->vec.t[i].id;
        g->rare[i] = kh_group_feature_df(g, x) <= lim && !(g->terms[x].flags & GTERM_NUMBER);
    }
    return KH_OK;
}

/* Terms of both vectors seen in at most rare_share of the documents (and
 * at least the two): names of places, people and things that pin down an
 * event.  At most cap count. */
static int shared_rare(const kh_group *g, const gvec *a, const gvec *b, int cap)
{
    double lim = g->rare_share * kh_group_feature_ndocs(g);
    int n = 0;
    uint32_t i = 0, j = 0;
    while (i < a->n && j < b->n && n < cap) {
        uint32_t x = a->t[i].id, y = b->t[j].id;
        if (x < y) {
            i++;
        } else if (y < x) {
            j++;
        } else {
            if (kh_group_feature_df(g, x) <= lim && !(g->terms[x].flags & GTERM_NUMBER))
                n++;
            i++;
            j++;
        }
    }
    return n;
}

/* The best whole-text cosine of a with those of the last 16 originals of s
 * that share at least body_rare rare terms with it, under the current IDF.
 * The whole texts of two reports on one topic (two wire items of the
 * cabinet, two football reports) are alike too; what tells one event is
 * the many names both texts give (docs/group.md, grey zone). */
static double body_sim(const kh_group *g, const gart *a, const gstory *s)
{
    double best = 0;
    size_t from = s->n_members > 16 ? s->n_members - 16 : 0;
    for (size_t m = from; m < s->n_members; m++) {
        const gart *c = kh_group_window_get(g, s->members[m]);
        if (!c || c->dup_root >= 0)
            continue;
        if (shared_rare(g, &a->bvec, &c->bvec, g->body_rare) < g->body_rare)
            continue;
        double x = kh_group_feature_cosine(g, &a->bvec, &c->bvec);
        if (x > best)
            best = x;
    }
    return best;
}

/* 1 when one of the last 16 originals of s shares a rare entity key and
 * ent_phrases specific phrases with a, whose phrases were filed last
 * (kh_group_phrase_query). */
static int entity_evidence(const kh_group *g, const gart *a, const gstory *s)
{
    size_t from = s->n_members > 16 ? s->n_members - 16 : 0;
    for (size_t m = from; m < s->n_members; m++) {
        const gart *c = kh_group_window_get(g, s->members[m]);
        if (c && c->dup_root < 0 && kh_group_phrase_rare_entity(g, a, c) &&
            kh_group_phrase_shared(g, c, g->ent_phrases) >= g->ent_phrases)
            return 1;
    }
    return 0;
}

static kh_rc push_merge(kh_group *g, int64_t id, kh_err *err)
{
    if (g->n_merges == g->cap_merges) {
        size_t cap = g->cap_merges ? 2 * g->cap_merges : 8;
        int64_t *m = kh_realloc(g->merges, cap * sizeof *m);
        if (!m)
            return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory for story merges");
        g->merges = m;
        g->cap_merges = cap;
    }
    g->merges[g->n_merges++] = id;
    return KH_OK;
}
