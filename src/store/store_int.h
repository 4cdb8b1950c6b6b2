/*
 * src/store/store_int.h - what the files of src/store share: the handle and
 * its cache of prepared statements.
 *
 * Every query is prepared once, on first use, into a slot of the handle
 * (kh_store_stmt) and reset after each use, so a batch of ten thousand
 * inserts parses its SQL once.  Depends on: core, sqlite3.
 */
#ifndef KH_STORE_INT_H
#define KH_STORE_INT_H

#include "core/arena.h"
#include "core/hash.h"
#include "store/store.h"

#include <sqlite3.h>

/* One slot per cached statement; the SQL lives next to its use. */
typedef enum kh_store_slot {
    KH_STORE_BEGIN = 0,
    KH_STORE_COMMIT,
    KH_STORE_ROLLBACK,
    KH_STORE_ARTICLE_EXISTS_ID,
    KH_STORE_ARTICLE_EXISTS_URL,
    KH_STORE_ARTICLE_INSERT,
    KH_STORE_OUTLET_ADD,
    KH_STORE_ARTICLE_GET,
    KH_STORE_ARTICLE_COUNT,
    KH_STORE_ENTITY_INSERT,
    KH_STORE_ENTITY_ID,
    KH_STORE_ARTICLE_ENTITY_ADD, /* one mention row; then 2, 4, 8 and 16 rows a statement */
    KH_STORE_ARTICLE_ENTITY_ADD2,
    KH_STORE_ARTICLE_ENTITY_ADD4,
    KH_STORE_ARTICLE_ENTITY_ADD8,
    KH_STORE_ARTICLE_ENTITY_ADD16,
    KH_STORE_ARTICLE_KEYS,
    KH_STORE_STORY_ADD,
    KH_STORE_STORY_BUMP,
    KH_STORE_STORY_GET,
    KH_STORE_STORY_STATS,
    KH_STORE_SLOT__COUNT
} kh_store_slot;

struct kh_store {
    sqlite3 *db; /* owns */
    char *path;  /* owns */
    int version; /* user_version after migrations */
    int in_txn;
    sqlite3_stmt *stmt[KH_STORE_SLOT__COUNT]; /* owns each; NULL until first use */
    kh_arena row; /* owns the strings of the row the last *_get returned */
    /* entity key -> entities.id of the keys this handle stored or looked
     * up (article.c): a mention of a known entity then costs one insert,
     * not three statements.  Entities are never deleted or renumbered, so
     * an id stays right; a rollback may take back ids of its batch, so it
     * empties the cache (kh_store_rollback). */
    kh_hash entity_ids;
    /* story id -> 1 while some story's merged_into is it, 0 once no longer
     * (story.c): a merge then skips the scan of every story for those
     * merged into the one it retires (merged_into has no index).  Built at
     * the first merge of a transaction, whose write lock keeps other
     * writers out, and emptied when it ends. */
    kh_hash merge_targets;
    int targets_known;
};

/* The cached statement of slot, prepared from sql on first use and reset
 * and unbound, or NULL with err set. */
sqlite3_stmt *kh_store_stmt(kh_store *s, kh_store_slot slot, const char *sql, kh_err *err);
/* Forgets the merge targets (story.c), at the end of a transaction. */
void kh_store_story_forget_targets(kh_store *s);
/* Records SQLite's last error as KH_ERR_DB: "PATH: what: sqlite message". */
kh_rc kh_store_fail(kh_store *s, const char *what, kh_err *err);
/* Empties the row arena: the previous *_get row's strings die. */
void kh_store_row_reset(kh_store *s);
/* A copy of text in the row arena (NULL stays NULL); *oom is set when
 * memory runs out.  The *_get calls copy their row out so that they can
 * reset their statement: a statement left on a row keeps a read
 * transaction open, which in a long-lived server would pin an old
 * snapshot (new ingests unseen) and stop WAL checkpoints. */
const char *kh_store_keep(kh_store *s, const char *text, int *oom);
/* Binds a string or NULL to parameter i. */
int kh_store_bind_text(sqlite3_stmt *st, int i, const char *text);
/* The text of column i, or NULL. */
const char *kh_store_column_text(sqlite3_stmt *st, int i);

#endif
