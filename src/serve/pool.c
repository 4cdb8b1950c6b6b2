/*
 * src/serve/pool.c - the read connections of the server: at most cap
 * stores, each lent to one request at a time.
 *
 * SQLite connections from src/store are opened SQLITE_OPEN_NOMUTEX, so a
 * connection must never be used by two threads at once; lending whole
 * stores per request gives that without locking inside the store.  Stores
 * open lazily (a server that answers only the page opens one) and stay open:
 * WAL readers see every commit made after their read transaction began.
 */
#include "core/alloc.h"
#include "search/search.h"
#include "serve/serve_int.h"
#include "store/store_int.h"

#include <string.h>

kh_rc kh_serve_pool_init(kh_serve_pool *p, const char *path, size_t cap, kh_err *err)
{
    memset(p, 0, sizeof *p);
    if (!path || cap == 0)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "bad store pool");
    p->path = kh_strdup(path);
    p->free_list = kh_calloc(cap, sizeof *p->free_list);
    if (!p->path || !p->free_list) {
        kh_free(p->path);
        kh_free(p->free_list);
        memset(p, 0, sizeof *p);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    }
    p->cap = cap;
    if (pthread_mutex_init(&p->mu, NULL) != 0) {
        kh_free(p->path);
        kh_free(p->free_list);
        memset(p, 0, sizeof *p);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a mutex");
    }
    if (pthread_cond_init(&p->cv, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        kh_free(p->path);
        kh_free(p->free_list);
        memset(p, 0, sizeof *p);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a condition");
    }
    return KH_OK;
}

void kh_serve_pool_clean(kh_serve_pool *p)
{
    if (!p || !p->free_list)
        return;
    for (size_t i = 0; i < p->n_free; i++)
        kh_store_close(p->free_list[i]);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    kh_free(p->free_list);
    kh_free(p->path);
    memset(p, 0, sizeof *p);
}

kh_store *kh_serve_pool_get(kh_serve_pool *p, kh_err *err)
{
    kh_store *s = NULL;
    pthread_mutex_lock(&p->mu);
    while (p->n_free == 0 && p->n_open >= p->cap)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->n_free > 0) {
        s = p->free_list[--p->n_free];
        pthread_mutex_unlock(&p->mu);
        return s;
    }
    p->n_open++; /* reserve the slot, then open without holding the lock */
    pthread_mutex_unlock(&p->mu);
    s = kh_store_open(p->path, err);
    /* Every reader may search: the index's tokenizer lives per connection. */
    if (s && kh_search_register(kh_serve_store_db(s), err) != KH_OK) {
        kh_store_close(s);
        s = NULL;
    }
    if (!s) {
        pthread_mutex_lock(&p->mu);
        p->n_open--;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
    }
    return s;
}

void kh_serve_pool_put(kh_serve_pool *p, kh_store *s)
{
    if (!s)
        return;
    /* A cached statement left mid-step keeps its read transaction, and
     * with it the snapshot of that moment: later requests would never see
     * new commits.  Resetting every busy statement ends it. */
    sqlite3 *db = kh_serve_store_db(s);
    for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
        if (sqlite3_stmt_busy(st))
            sqlite3_reset(st);
    pthread_mutex_lock(&p->mu);
    p->free_list[p->n_free++] = s;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

sqlite3 *kh_serve_store_db(kh_store *s)
{
    return s ? s->db : NULL;
}
