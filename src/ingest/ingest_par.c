/*
 * src/ingest/ingest_par.c - the tagging window of a parallel ingest: the
 * articles read but not yet stored, tagged for named entities by worker
 * threads while the driver reads on.
 *
 * Tagging is two thirds of an article's CPU time and depends on nothing
 * but the article and the read-only model, so it may run out of order.
 * Everything else (the exists check, the clusterer, the store, story ids)
 * depends on the order of arrival and stays on the driver's thread:
 * ingest.c pushes each article (and each bad-record report, so that those
 * keep their place too) at the tail and takes slots back from the head, in
 * order, once tagged.  With threads = N the pool runs N - 1 workers and the
 * driver's thread tags too whenever it would otherwise wait.
 *
 * Each thread has its own kh_ner_session (a session is one thread's); the
 * model is shared read-only.  One mutex guards the slots' states and the
 * three counters; a slot's other fields belong to whoever holds it: the
 * driver while it fills the tail and after the head is done, the tagger in
 * between (claimed).  No state outside the pool.
 */
#include "core/alloc.h"
#include "ingest/ingest_int.h"

#include <pthread.h>
#include <string.h>

enum { SLOT_QUEUED = 1, SLOT_CLAIMED, SLOT_DONE };

typedef struct worker {
    kh_ingest_pool *pool;
    kh_ner_session *ner; /* owns: this thread's session */
    pthread_t thread;
    int started;
} worker;

struct kh_ingest_pool {
    pthread_mutex_t mu;
    pthread_cond_t work;   /* a slot was queued, or stop */
    pthread_cond_t done;   /* a slot was tagged */
    kh_ingest_slot *slots; /* owns: a ring of cap slots */
    size_t cap;
    size_t head, tail, claim; /* sequence numbers; slot = seq % cap */
    int stop;
    kh_ner_session *ner; /* owns: the driver's own session */
    worker *workers;     /* owns: n_workers */
    size_t n_workers;
};

/* ---- static prototypes ---- */

static void *work(void *arg);
static kh_ingest_slot *next_queued(kh_ingest_pool *p);
static void tag_slot(kh_ner_session *ner, kh_ingest_slot *s);
static void stop_workers(kh_ingest_pool *p);

/* ---- public functions ---- */

kh_ingest_pool *kh_ingest_pool_new(const kh_ner_model *m, int threads, size_t window, kh_err *err)
{
    if (!m || threads < 2 || window == 0) {
        kh_err_set(err, KH_ERR_ARG, 0, -1, "a tagging pool needs a model and 2 threads or more");
        return NULL;
    }
    kh_ingest_pool *p = kh_calloc(1, sizeof *p);
    if (!p) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        return NULL;
    }
    int mu = pthread_mutex_init(&p->mu, NULL) == 0;
    int cw = mu && pthread_cond_init(&p->work, NULL) == 0;
    int cd = cw && pthread_cond_init(&p->done, NULL) == 0;
    if (!cd) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot make the tagging pool's locks");
        goto fail;
    }
    p->cap = window;
    p->n_workers = (size_t)threads - 1;
    if (!(p->slots = kh_calloc(window, sizeof *p->slots)) ||
        !(p->workers = kh_calloc(p->n_workers, sizeof *p->workers))) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto fail;
    }
    /* Sessions are made here and handed over at pthread_create, which
     * orders the handing. */
    if (!(p->ner = kh_analyse_ner_session_new(m, 0, err)))
        goto fail;
    for (size_t i = 0; i < p->n_workers; i++) {
        p->workers[i].pool = p;
        if (!(p->workers[i].ner = kh_analyse_ner_session_new(m, 0, err)))
            goto fail;
    }
    for (size_t i = 0; i < p->n_workers; i++) {
        if (pthread_create(&p->workers[i].thread, NULL, work, &p->workers[i]) != 0) {
            kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot start tagging thread %zu of %zu", i + 1,
                       p->n_workers);
            goto fail;
        }
        p->workers[i].started = 1;
    }
    return p;
fail:
    if (!cd) { /* the locks are not all there: nothing started */
        if (mu)
            pthread_mutex_destroy(&p->mu);
        if (cw)
            pthread_cond_destroy(&p->work);
        kh_free(p);
        return NULL;
    }
    kh_ingest_pool_free(p);
    return NULL;
}

void kh_ingest_pool_free(kh_ingest_pool *p)
{
    if (!p)
        return;
    stop_workers(p);
    for (size_t q = p->head; q < p->tail; q++)
        kh_article_free(p->slots[q % p->cap].a);
    for (size_t i = 0; p->workers && i < p->n_workers; i++)
        kh_analyse_ner_session_free(p->workers[i].ner);
    kh_analyse_ner_session_free(p->ner);
    kh_free(p->workers);
    kh_free(p->slots);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->mu);
    kh_free(p);
}

kh_ingest_slot *kh_ingest_pool_push(kh_ingest_pool *p)
{
    /* Only the driver moves tail, so the slot past it is the driver's to
     * fill without the lock. */
    pthread_mutex_lock(&p->mu);
    int full = p->tail - p->head == p->cap;
    size_t at = p->tail % p->cap;
    pthread_mutex_unlock(&p->mu);
    if (full)
        return NULL;
    kh_ingest_slot *s = &p->slots[at];
    memset(s, 0, sizeof *s);
    return s;
}

void kh_ingest_pool_submit(kh_ingest_pool *p)
{
    pthread_mutex_lock(&p->mu);
    kh_ingest_slot *s = &p->slots[p->tail % p->cap];
    s->state = s->tag ? SLOT_QUEUED : SLOT_DONE;
    p->tail++;
    if (s->tag)
        pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
}

kh_ingest_slot *kh_ingest_pool_head(kh_ingest_pool *p, int wait)
{
    kh_ingest_slot *got = NULL;
    pthread_mutex_lock(&p->mu);
    while (p->head < p->tail) {
        kh_ingest_slot *h = &p->slots[p->head % p->cap];
        if (h->state == SLOT_DONE) {
            got = h;
            break;
        }
        if (!wait)
            break;
        /* Rather than wait, tag the oldest article no one has taken. */
        kh_ingest_slot *q = next_queued(p);
        if (q) {
            q->state = SLOT_CLAIMED;
            pthread_mutex_unlock(&p->mu);
            tag_slot(p->ner, q);
            pthread_mutex_lock(&p->mu);
            q->state = SLOT_DONE;
        } else {
            pthread_cond_wait(&p->done, &p->mu);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return got;
}

void kh_ingest_pool_pop(kh_ingest_pool *p)
{
    pthread_mutex_lock(&p->mu);
    if (p->head < p->tail)
        p->slots[p->head++ % p->cap].state = 0;
    pthread_mutex_unlock(&p->mu);
}

kh_rc kh_ingest_tag(kh_ner_session *ner, kh_article *a, kh_entity **ents, size_t *n,
                    const char ***keys, kh_err *err)
{
    kh_rc rc = kh_analyse_entity_find_with(ner, a, ents, n, err);
    if (rc != KH_OK || *n == 0)
        return rc;
    if (!(*keys = kh_arena_alloc(&a->arena, *n * sizeof **keys)))
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    for (size_t i = 0; i < *n; i++)
        (*keys)[i] = (*ents)[i].key;
    return KH_OK;
}

/* ---- static functions ---- */

static void *work(void *arg)
{
    worker *w = arg;
    kh_ingest_pool *p = w->pool;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        kh_ingest_slot *s = NULL;
        while (!p->stop && !(s = next_queued(p)))
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop)
            break;
        s->state = SLOT_CLAIMED;
        pthread_mutex_unlock(&p->mu);
        tag_slot(w->ner, s);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        /* Only the driver waits on done. */
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The oldest queued slot, under the lock; claim moves past the others. */
static kh_ingest_slot *next_queued(kh_ingest_pool *p)
{
    if (p->claim < p->head)
        p->claim = p->head;
    for (; p->claim < p->tail; p->claim++) {
        kh_ingest_slot *s = &p->slots[p->claim % p->cap];
        if (s->state == SLOT_QUEUED)
            return s;
    }
    return NULL;
}

static void tag_slot(kh_ner_session *ner, kh_ingest_slot *s)
{
    kh_err_init(&s->err, NULL);
    s->rc = kh_ingest_tag(ner, s->a, &s->ents, &s->n_ents, &s->keys, &s->err);
    s->tagged = 1;
}

/* Tells the workers to stop and joins them; an article a worker holds is
 * finished first (tagging cannot be cut short), so every slot is the
 * driver's afterwards. */
static void stop_workers(kh_ingest_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; p->workers && i < p->n_workers; i++)
        if (p->workers[i].started) {
            pthread_join(p->workers[i].thread, NULL);
            p->workers[i].started = 0;
        }
}
