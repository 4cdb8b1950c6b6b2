/*
 * src/store/schema.c - opening the database, its schema and migrations,
 * transactions and the statement cache.
 *
 * The schema, with the query that needs each index (version in brackets):
 *
 *   outlets [1]           name TEXT PRIMARY KEY, n_articles, first_seen, last_seen
 *                         - `khabar stories` names outlets; articles.outlet refers here
 *   articles [1]          rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, url, outlet,
 *                         published (ISO text as found), published_ts (unix s), title,
 *                         section, teaser, body, kind, dup_of, dup_sim, story_id,
 *                         ingested_at
 *     UNIQUE(id)          - re-ingest check by id (kh_store_article_exists), get by id
 *     articles_url        UNIQUE(url) WHERE url IS NOT NULL
 *                         - re-ingest check by url: a re-crawl under a new id is the
 *                           same article
 *     articles_story      (story_id, published_ts)
 *                         - a story's articles in time order (`khabar story`), outlets
 *                           of a story, moving articles when stories merge
 *     articles_time       (published_ts) - the recent window a clusterer rebuilds
 *                           on a new run (kh_store_article_since)
 *   stories [1]           id INTEGER PRIMARY KEY (the clusterer's number), title, section,
 *                         first_seen, last_seen, n_articles, merged_into
 *     stories_live        (last_seen) WHERE merged_into IS NULL
 *                         - `khabar stories --since T`, newest first
 *   entities [2]          id INTEGER PRIMARY KEY, key TEXT UNIQUE (match form), name, type
 *     UNIQUE(key)         - finding an entity when a mention is stored
 *   article_entities [2]  (article, entity) PRIMARY KEY, count; WITHOUT ROWID
 *     article_entities_entity (entity) - articles that mention an entity (serve)
 *
 * Migrations: PRAGMA user_version is the number of entries of migrations[]
 * applied; opening applies the rest, each in its own transaction with the
 * version bump, so a crash leaves the database at a whole version.  A
 * database from a newer khabar (higher version) is refused, not touched.
 *
 * Settings: WAL (readers never block the ingest), synchronous=NORMAL (a
 * committed batch survives a killed process; after a power cut at most the
 * last batches are lost, never half of one), busy_timeout, foreign keys on.
 */
#include "store/store_int.h"
#include "core/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- static prototypes ---- */

static kh_rc check_directory(const char *path, kh_err *err);
static kh_rc exec(kh_store *s, const char *sql, const char *what, kh_err *err);
static kh_rc migrate(kh_store *s, kh_err *err);
static kh_rc run_stmt(kh_store *s, kh_store_slot slot, const char *sql, const char *what,
                      kh_err *err);

/* ---- the migrations, oldest first; never edit a published one ---- */

static const char *const migrations[] = {
    /* 1: articles, outlets, stories */
    "CREATE TABLE outlets ("
    "  name TEXT PRIMARY KEY,"
    "  n_articles INTEGER NOT NULL DEFAULT 0,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE TABLE stories ("
    "  id INTEGER PRIMARY KEY,"
    "  title TEXT NOT NULL,"
    "  section TEXT,"
    "  first_seen INTEGER NOT NULL,"
    "  last_seen INTEGER NOT NULL,"
    "  n_articles INTEGER NOT NULL DEFAULT 0,"
    "  merged_into INTEGER REFERENCES stories(id)"
    ");"
    "CREATE INDEX stories_live ON stories(last_seen) WHERE merged_into IS NULL;"
    "CREATE TABLE articles ("
    "  rowid INTEGER PRIMARY KEY,"
    "  id TEXT NOT NULL UNIQUE,"
    "  url TEXT,"
    "  outlet TEXT NOT NULL REFERENCES outlets(name),"
    "  published TEXT,"
    "  published_ts INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  section TEXT,"
    "  teaser TEXT,"
    "  body TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  dup_of TEXT,"
    "  dup_sim REAL,"
    "  story_id INTEGER REFERENCES stories(id),"
    "  ingested_at INTEGER NOT NULL"
    ");"
    "CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;"
    "CREATE INDEX articles_story ON articles(story_id, published_ts);"
    "CREATE INDEX articles_time ON articles(published_ts);",
    /* 2: entities and their mentions */
    "CREATE TABLE entities ("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL"
    ");"
    "CREATE TABLE article_entities ("
    "  article INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,"
    "  entity INTEGER NOT NULL REFERENCES entities(id),"
    "  count INTEGER NOT NULL,"
    "  PRIMARY KEY (article, entity)"
    ") WITHOUT ROWID;"
    "CREATE INDEX article_entities_entity ON article_entities(entity);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- public functions ---- */

const char *kh_store_path_default(void)
{
    const char *env = getenv("KHABAR_DB");
    return env && *env ? env : "khabar.db";
}

kh_store *kh_store_open(const char *path, kh_err *err)
{
    kh_store *s = NULL;
    if (!path || !*path) {
        kh_err_set(err, KH_ERR_ARG, 0, -1, "no database path");
        return NULL;
    }
    if (check_directory(path, err) != KH_OK)
        return NULL;
    s = kh_calloc(1, sizeof *s);
    if (s) {
        kh_arena_init(&s->row);
        kh_hash_init(&s->entity_ids, NULL);
        kh_hash_init(&s->merge_targets, NULL);
    }
    if (!s || !(s->path = kh_strdup(path))) {
        kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", path);
        goto fail;
    }
    int rc = sqlite3_open_v2(
        path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (s->db)
            kh_store_fail(s, "cannot open database", err);
        else
            kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: out of memory", path);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 5000);
    /* journal_mode answers with a row, so exec() ignores it; a read-only
     * file shows up at the first write below. */
    if (exec(s, "PRAGMA journal_mode=WAL", "cannot set WAL mode", err) != KH_OK ||
        exec(s,
             "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
             "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;",
             "cannot configure database", err) != KH_OK)
        goto fail;
    if (migrate(s, err) != KH_OK)
        goto fail;
    return s;
fail:
    kh_store_close(s);
    return NULL;
}

kh_store *kh_store_open_existing(const char *path, kh_err *err)
{
    struct stat st;
    /* A reader must not leave an empty database behind a mistyped path,
     * nor race a starting ingest to create the schema. */
    if (path && *path && stat(path, &st) != 0) {
        kh_err_set(err, KH_ERR_IO, 0, -1, "%s: no such database (khabar ingest creates it)", path);
        return NULL;
    }
    return kh_store_open(path, err);
}

void kh_store_close(kh_store *s)
{
    if (!s)
        return;
    if (s->in_txn)
        kh_store_rollback(s);
    for (int i = 0; i < KH_STORE_SLOT__COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    kh_arena_clean(&s->row);
    kh_hash_clean(&s->entity_ids);
    kh_store_story_forget_targets(s);
    sqlite3_close(s->db);
    kh_free(s->path);
    kh_free(s);
}

const char *kh_store_path(const kh_store *s)
{
    return s ? s->path : NULL;
}

sqlite3 *kh_store_sqlite(kh_store *s)
{
    return s ? s->db : NULL;
}

int kh_store_schema_version(const kh_store *s)
{
    return s ? s->version : 0;
}

int kh_store_schema_latest(void)
{
    return N_MIGRATIONS;
}

kh_rc kh_store_set_ref_checks(kh_store *s, int on, kh_err *err)
{
    if (!s || s->in_txn || !sqlite3_get_autocommit(s->db))
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "reference checks are set outside a transaction");
    return exec(s, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF",
                "cannot set reference checks", err);
}

kh_rc kh_store_begin(kh_store *s, kh_err *err)
{
    if (s->in_txn)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: transaction already open", s->path);
    /* IMMEDIATE takes the write lock now, so a second writer waits at the
     * start of a batch instead of failing half way through it. */
    if (run_stmt(s, KH_STORE_BEGIN, "BEGIN IMMEDIATE", "cannot begin a batch", err) != KH_OK)
        return KH_ERR_DB;
    s->in_txn = 1;
    return KH_OK;
}

kh_rc kh_store_commit(kh_store *s, kh_err *err)
{
    if (!s->in_txn)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "%s: no transaction to commit", s->path);
    if (run_stmt(s, KH_STORE_COMMIT, "COMMIT", "cannot commit a batch", err) != KH_OK) {
        kh_store_rollback(s);
        return KH_ERR_DB;
    }
    s->in_txn = 0;
    kh_store_story_forget_targets(s);
    return KH_OK;
}

void kh_store_rollback(kh_store *s)
{
    if (!s || !s->in_txn)
        return;
    /* Some errors (SQLITE_FULL, IOERR) already rolled back: autocommit
     * is then on again and ROLLBACK would fail, harmlessly. */
    if (!sqlite3_get_autocommit(s->db))
        (void)run_stmt(s, KH_STORE_ROLLBACK, "ROLLBACK", "rollback", NULL);
    /* The batch's new entities are gone with it: forget every id. */
    kh_hash_clean(&s->entity_ids);
    kh_store_story_forget_targets(s);
    s->in_txn = 0;
}

sqlite3_stmt *kh_store_stmt(kh_store *s, kh_store_slot slot, const char *sql, kh_err *err)
{
    sqlite3_stmt *st = s->stmt[slot];
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        kh_store_fail(s, "cannot prepare a query", err);
        return NULL;
    }
    s->stmt[slot] = st;
    return st;
}

kh_rc kh_store_fail(kh_store *s, const char *what, kh_err *err)
{
    int code = sqlite3_extended_errcode(s->db);
    if ((code & 0xff) == SQLITE_NOMEM)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "%s: %s: out of memory", s->path, what);
    return kh_err_set(err, KH_ERR_DB, 0, -1, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

void kh_store_row_reset(kh_store *s)
{
    kh_arena_clean(&s->row);
    kh_arena_init(&s->row);
}

const char *kh_store_keep(kh_store *s, const char *text, int *oom)
{
    if (!text)
        return NULL;
    const char *copy = kh_arena_strdup(&s->row, text);
    if (!copy)
        *oom = 1;
    return copy;
}

int kh_store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
    if (!text)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

const char *kh_store_column_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* ---- static functions ---- */

/* SQLite says only "unable to open database file" for a missing or
 * read-only folder; say which folder and why. */
static kh_rc check_directory(const char *path, kh_err *err)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    struct stat st;
    if (stat(dir, &st) != 0)
        return kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot open database: folder %s: %s", path,
                          dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot open database: %s is not a folder",
                          path, dir);
    /* WAL writes PATH-wal and PATH-shm beside the database, so even an
     * existing database needs a writable folder. */
    if (access(dir, W_OK) != 0)
        return kh_err_set(err, KH_ERR_IO, 0, -1,
                          "%s: cannot open database: folder %s is not writable", path, dir);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return kh_err_set(err, KH_ERR_IO, 0, -1, "%s: cannot open database: it is a folder", path);
    return KH_OK;
}

static kh_rc exec(kh_store *s, const char *sql, const char *what, kh_err *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return kh_store_fail(s, what, err);
    return KH_OK;
}

static kh_rc migrate(kh_store *s, kh_err *err)
{
    sqlite3_stmt *st = NULL;
    kh_rc rc = KH_OK;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        rc = kh_store_fail(s, "cannot read the schema version", err);
        goto done;
    }
    s->version = sqlite3_column_int(st, 0);
    if (s->version > N_MIGRATIONS) {
        rc = kh_err_set(err, KH_ERR_DB, 0, -1,
                        "%s: schema version %d is newer than this khabar knows (%d)", s->path,
                        s->version, N_MIGRATIONS);
        goto done;
    }
    while (s->version < N_MIGRATIONS) {
        if ((rc = exec(s, "BEGIN IMMEDIATE", "cannot begin a migration", err)) != KH_OK)
            goto done;
        /* Read again under the write lock: another process opening the same
         * new database may have migrated it while we waited. */
        sqlite3_reset(st);
        if (sqlite3_step(st) != SQLITE_ROW) {
            rc = kh_store_fail(s, "cannot read the schema version", err);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            goto done;
        }
        s->version = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", s->version + 1);
        if (s->version < N_MIGRATIONS &&
            ((rc = exec(s, migrations[s->version], "cannot migrate the schema", err)) != KH_OK ||
             (rc = exec(s, bump, "cannot migrate the schema", err)) != KH_OK)) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            goto done;
        }
        if ((rc = exec(s, "COMMIT", "cannot commit a migration", err)) != KH_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            goto done;
        }
        if (s->version < N_MIGRATIONS)
            s->version++;
    }
done:
    sqlite3_finalize(st);
    return rc;
}

static kh_rc run_stmt(kh_store *s, kh_store_slot slot, const char *sql, const char *what,
                      kh_err *err)
{
    sqlite3_stmt *st = kh_store_stmt(s, slot, sql, err);
    if (!st)
        return KH_ERR_DB;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return kh_store_fail(s, what, err);
    return KH_OK;
}
