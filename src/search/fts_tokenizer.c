/*
 * src/search/fts_tokenizer.c - the FTS5 tokenizer "khabar": Arabic words
 * to the tokens the index stores and queries look up.
 *
 * Method: the text is cut into words on its own bytes (letters, marks and
 * digits by Unicode category, plus format characters such as ZWNJ), so the
 * offsets FTS5 gets for snippets point into the stored display text.  Each
 * word is brought to its match form (kh_text_normalize: hamza and alef
 * forms, taa marbuta, harakat, tatweel, digits), tokenised again
 * (kh_text_tokenize_next splits what normalisation joins or separates) and
 * light-stemmed (KH_STEM_LIGHT: the clitics و ال ب ك ل ف and suffixes).
 * An Arabic token whose consonant skeleton (its inner ا و ي removed) has at
 * least 4 letters also yields "~skeleton" as a colocated synonym, in
 * documents and queries alike, so transliterations that differ only in
 * long vowels (زيلنسكي, زيلينسكي) meet.  Shorter words get no skeleton:
 * بيت and بات must not.
 *
 * State: one stemmer and two scratch buffers per tokenizer instance; FTS5
 * makes an instance per table per connection and a connection is used by one
 * thread at a time, so nothing is shared.
 */
#include "core/alloc.h"
#include "search/search.h"
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

#define MAX_TOKEN 256  /* bytes of one stemmed token; longer words are cut */
#define MIN_SKELETON 4 /* letters a skeleton needs to be emitted */

/* ---- types ---- */

typedef struct tokenizer {
    kh_stemmer *stem; /* owns */
    kh_buf norm;      /* scratch: the match form of one word */
} tokenizer;

/* How tokens leave: to FTS5 or to kh_search_tokens' callback. */
typedef int (*emit_fn)(void *ctx, int colocated, const char *tok, size_t len, size_t start,
                       size_t end);

/* ---- static prototypes ---- */

static int x_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out);
static void x_delete(Fts5Tokenizer *t);
static int x_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                      int (*x_token)(void *, int, const char *, int, int, int));
static int run(tokenizer *t, const char *text, size_t len, emit_fn emit, void *ctx);
static int word(tokenizer *t, const char *text, size_t start, size_t end, emit_fn emit, void *ctx);
static int is_word_cp(uint32_t cp);
static size_t skeleton(const char *stem, size_t len, char *out, size_t cap);
static fts5_api *fts5_api_of(sqlite3 *db);
static int to_fts(void *ctx, int colocated, const char *tok, size_t len, size_t start, size_t end);
static int to_user(void *ctx, int colocated, const char *tok, size_t len, size_t start, size_t end);

/* ---- public functions ---- */

kh_rc kh_search_register(sqlite3 *db, kh_err *err)
{
    static fts5_tokenizer methods = {x_create, x_delete, x_tokenize};
    fts5_api *api = db ? fts5_api_of(db) : NULL;
    if (!api)
        return kh_err_set(err, KH_ERR_DB, 0, -1, "this SQLite has no FTS5");
    if (api->xCreateTokenizer(api, "khabar", NULL, &methods, NULL) != SQLITE_OK)
        return kh_err_set(err, KH_ERR_DB, 0, -1, "cannot register the khabar tokenizer: %s",
                          sqlite3_errmsg(db));
    return KH_OK;
}

typedef struct user_ctx {
    kh_search_token_fn fn;
    void *ctx;
} user_ctx;

kh_rc kh_search_tokens(const char *text, size_t len, kh_search_token_fn fn, void *ctx, kh_err *err)
{
    Fts5Tokenizer *t = NULL;
    if (!text || !fn)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "no text to tokenise");
    if (x_create(NULL, NULL, 0, &t) != SQLITE_OK)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    user_ctx u = {fn, ctx};
    int rc = run((tokenizer *)t, text, len, to_user, &u);
    x_delete(t);
    if (rc == SQLITE_NOMEM)
        return kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
    return KH_OK;
}

/* ---- static functions ---- */

static int x_create(void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
    (void)ctx;
    (void)args;
    (void)n_args;
    tokenizer *t = kh_calloc(1, sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    if (!(t->stem = kh_text_stemmer_new(KH_STEM_LIGHT))) {
        kh_free(t);
        return SQLITE_NOMEM;
    }
    kh_buf_init(&t->norm, KH_CAP_PAGE);
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void x_delete(Fts5Tokenizer *ft)
{
    tokenizer *t = (tokenizer *)ft;
    if (!t)
        return;
    kh_text_stemmer_free(t->stem);
    kh_buf_clean(&t->norm);
    kh_free(t);
}

typedef struct fts_ctx {
    void *ctx;
    int (*x_token)(void *, int, const char *, int, int, int);
} fts_ctx;

static int x_tokenize(Fts5Tokenizer *ft, void *ctx, int flags, const char *text, int len,
                      int (*x_token)(void *, int, const char *, int, int, int))
{
    (void)flags; /* documents and queries are tokenised alike */
    if (!text || len <= 0)
        return SQLITE_OK;
    fts_ctx f = {ctx, x_token};
    return run((tokenizer *)ft, text, (size_t)len, to_fts, &f);
}

static int run(tokenizer *t, const char *text, size_t len, emit_fn emit, void *ctx)
{
    size_t pos = 0, start = 0;
    int in_word = 0;
    uint32_t cp;
    for (;;) {
        size_t at = pos;
        int r = kh_text_utf8_next(text, len, &pos, &cp);
        int w = r != 0 && is_word_cp(cp);
        if (w && !in_word) {
            start = at;
            in_word = 1;
        } else if (!w && in_word) {
            int rc = word(t, text, start, at, emit, ctx);
            if (rc != SQLITE_OK)
                return rc;
            in_word = 0;
        }
        if (r == 0)
            return SQLITE_OK;
    }
}

/* One word of the text, text[start..end): its tokens, stemmed, and their
 * skeletons. */
static int word(tokenizer *t, const char *text, size_t start, size_t end, emit_fn emit, void *ctx)
{
    char stem[MAX_TOKEN], skel[MAX_TOKEN + 1];
    kh_buf_reset(&t->norm);
    if (kh_text_normalize(text + start, end - start, &t->norm) != KH_OK) {
        kh_buf_init(&t->norm, KH_CAP_PAGE); /* a failed append freed it */
        return SQLITE_NOMEM;
    }
    const char *n = t->norm.data ? t->norm.data : "";
    size_t n_len = t->norm.len, pos = 0;
    kh_token tok;
    while (kh_text_tokenize_next(n, n_len, &pos, &tok)) {
        if (tok.kind == KH_TOKEN_PUNCT)
            continue;
        size_t s_len = kh_text_stem(t->stem, n + tok.off, tok.len, stem, sizeof stem);
        if (s_len == 0)
            continue;
        int rc = emit(ctx, 0, stem, s_len, start, end);
        if (rc != SQLITE_OK)
            return rc;
        if (tok.kind != KH_TOKEN_ARABIC)
            continue;
        size_t k_len = skeleton(stem, s_len, skel, sizeof skel);
        if (k_len && (rc = emit(ctx, 1, skel, k_len, start, end)) != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

static int is_word_cp(uint32_t cp)
{
    if (cp == KH_TEXT_REPLACEMENT)
        return 0;
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_CF: /* ZWNJ, ZWJ, bidi marks inside a word */
        return 1;
    default:
        return 0;
    }
}

/* "~" and the stem without its inner ا و ي (match form: alef variants are
 * already ا), or 0 when fewer than MIN_SKELETON letters would remain. */
static size_t skeleton(const char *stem, size_t len, char *out, size_t cap)
{
    size_t o = 0, pos = 0, n_letters = 0, idx = 0;
    uint32_t cp;
    size_t total = 0;
    for (size_t p = 0; kh_text_utf8_next(stem, len, &p, &cp);)
        total++;
    if (total < MIN_SKELETON || cap < 2)
        return 0;
    out[o++] = '~';
    for (;;) {
        size_t at = pos;
        if (!kh_text_utf8_next(stem, len, &pos, &cp))
            break;
        int inner = idx > 0 && idx + 1 < total;
        idx++;
        if (inner && (cp == 0x0627 || cp == 0x0648 || cp == 0x064A))
            continue;
        if (o + (pos - at) >= cap)
            return 0;
        memcpy(out + o, stem + at, pos - at);
        o += pos - at;
        n_letters++;
    }
    return n_letters >= MIN_SKELETON ? o : 0;
}

/* The fts5_api pointer of db, as the FTS5 documentation shows. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    return api;
}

static int to_fts(void *ctx, int colocated, const char *tok, size_t len, size_t start, size_t end)
{
    fts_ctx *f = ctx;
    return f->x_token(f->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, (int)len, (int)start,
                      (int)end);
}

static int to_user(void *ctx, int colocated, const char *tok, size_t len, size_t start, size_t end)
{
    user_ctx *u = ctx;
    return u->fn(tok, len, start, end, colocated, u->ctx) ? SQLITE_DONE : SQLITE_OK;
}
