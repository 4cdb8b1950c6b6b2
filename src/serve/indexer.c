/*
 * src/serve/indexer.c - the thread that keeps the search index up with the
 * store while `khabar ingest` (another process) or POST /api/articles
 * writes to it.
 *
 * Every second it indexes what was stored since its last round
 * (kh_search_sync), a few thousand articles per round so that a POST
 * waiting for the write connection waits at most one round; after a full
 * round it goes again at once, so a big store is caught up without pauses.
 * It uses the server's write connection under write_mu: SQLite allows one
 * writer at a time anyway.  Failures (a busy store) are logged and retried
 * next round.
 */
#include "search/search.h"
#include "serve/serve_int.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#define ROUND 2000 /* articles per round */

static void *run(void *arg);
static long round_once(kh_serve *srv);

kh_rc kh_serve_indexer_start(kh_serve *srv, kh_err *err)
{
    kh_rc rc;
    pthread_mutex_lock(&srv->write_mu);
    if (!srv->wstore && !(srv->wstore = kh_store_open(srv->db_path, err))) {
        pthread_mutex_unlock(&srv->write_mu);
        return err ? err->rc : KH_ERR_DB;
    }
    rc = kh_search_open(kh_serve_store_db(srv->wstore), err);
    pthread_mutex_unlock(&srv->write_mu);
    if (rc != KH_OK)
        return rc;
    if (pthread_mutex_init(&srv->idx_mu, NULL) != 0)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a mutex");
    if (pthread_cond_init(&srv->idx_cv, NULL) != 0) {
        pthread_mutex_destroy(&srv->idx_mu);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot create a condition");
    }
    srv->stopping = 0;
    if (pthread_create(&srv->indexer, NULL, run, srv) != 0) {
        pthread_cond_destroy(&srv->idx_cv);
        pthread_mutex_destroy(&srv->idx_mu);
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "cannot start the indexer thread");
    }
    srv->indexer_on = 1;
    return KH_OK;
}

void kh_serve_indexer_stop(kh_serve *srv)
{
    if (!srv || !srv->indexer_on)
        return;
    pthread_mutex_lock(&srv->idx_mu);
    srv->stopping = 1;
    pthread_cond_signal(&srv->idx_cv);
    pthread_mutex_unlock(&srv->idx_mu);
    pthread_join(srv->indexer, NULL);
    pthread_cond_destroy(&srv->idx_cv);
    pthread_mutex_destroy(&srv->idx_mu);
    srv->indexer_on = 0;
}

static void *run(void *arg)
{
    kh_serve *srv = arg;
    for (;;) {
        long n = round_once(srv);
        pthread_mutex_lock(&srv->idx_mu);
        if (!srv->stopping && n < ROUND) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += 1;
            while (!srv->stopping &&
                   pthread_cond_timedwait(&srv->idx_cv, &srv->idx_mu, &until) != ETIMEDOUT)
                ;
        }
        int stop = srv->stopping;
        pthread_mutex_unlock(&srv->idx_mu);
        if (stop)
            return NULL;
    }
}

static long round_once(kh_serve *srv)
{
    kh_err err;
    long n = 0;
    kh_err_init(&err, NULL);
    pthread_mutex_lock(&srv->write_mu);
    if (kh_search_sync(kh_serve_store_db(srv->wstore), ROUND, &n, &err) != KH_OK)
        fprintf(stderr, "khabar serve: search index: %s\n", err.msg);
    pthread_mutex_unlock(&srv->write_mu);
    if (n > 0 && !srv->quiet)
        fprintf(stderr, "khabar serve: indexed %ld articles for search\n", n);
    return n;
}
