/*
 * src/analyse/entity.c - the entities of an article: tag its title and
 * body, collect the tagged spans, merge their variants.
 *
 * Input: a kh_article (display text) and a loaded NER model.  Output:
 * kh_entity records in the article's arena, most mentioned first.
 * Fits: after extraction (src/extract), before grouping; `khabar
 * entities` prints them.  Depends on: core, text.
 *
 * Method: the text is cut into tokens the way ANERcorp is (white space,
 * punctuation split off: ner_split_self), each token gets its match form
 * (kh_text_normalize, unless it is made of characters that are their own
 * match form: then its bytes), lines are separated by a "." token so the
 * tagger sees sentence ends, and each text (the title, each body
 * paragraph) is tagged in one call (one prediction history) with the
 * caller's tagging session (ner_session.c), whose word cache outlives the
 * article.  Every B/I span becomes a surface form (display tokens joined
 * by a space; key: match forms joined by a space), counted with the words
 * next to it, and variant.c merges the forms.  Spans of digits or
 * punctuation only, or of a single letter, are dropped; the word tests
 * that move a span's ends (joints, titles, time words, quotes) are in
 * entity_word.c.
 */
#include "analyse/entity_int.h"
#include "analyse/ner_int.h"
#include "core/alloc.h"
#include "text/text.h"

#include <string.h>

#define MAX_TOKENS 200000 /* per text: a 50 MB page is cut, not refused */
/* The cache of a one-call session (the calls without one): an article's
 * distinct words. */
#define NER_ARTICLE_WORDS 4096

/* The tokens of one text and what tagging them needs, kept from one text
 * to the next of an article so that its memory is allocated once. */
typedef struct tok_list {
    const char **disp; /* owns the array: tokens as written, borrowing the text (not
                        * NUL-terminated); NULL for the "." put between lines */
    size_t *disp_len;  /* owns: their lengths */
    char *wb;          /* owns: the tokens' match forms, each NUL-terminated */
    size_t wb_len, wb_cap;
    kh_buf norm;       /* owns: a token's match form being made */
    size_t *word_at;   /* owns: where each match form starts in wb */
    const char **word; /* owns the array; strings borrow wb, set once all are in */
    uint8_t *tags;     /* owns: the tagger's answer per token */
    size_t n, cap;
    kh_buf span_d, span_k; /* owns: a span's display and key being built */
} tok_list;

/* ---- static prototypes ---- */

static void tokens_init(tok_list *t);
static void tokens_clean(tok_list *t);
static kh_rc tokens_add_text(const kh_ner_model *m, tok_list *t, const char *text, size_t len);
static kh_rc tokens_push(tok_list *t, const char *disp, size_t disp_len, size_t word_at);
static kh_rc words_add(tok_list *t, const char *w, size_t n, size_t room);
static void tokens_point(tok_list *t);
static kh_rc forms_of_text(kh_ner_session *s, tok_list *t, const char *text, size_t len, size_t doc,
                           kh_arena *arena, kh_variant_form **forms, size_t *n_forms, size_t *cap,
                           kh_err *err);
static int span_ok(const char *key);
static kh_rc forms_add(kh_variant_form **forms, size_t *n, size_t *cap, const char *disp,
                       const char *key, kh_entity_type type, size_t doc, uint64_t ctx1,
                       uint64_t ctx2);
static uint64_t ctx_hash(const char *w);
static kh_rc split_glued(kh_variant_form **forms, size_t *n, size_t *cap, size_t first, int whole,
                         kh_arena *arena);
static size_t word_offset(const char *s, size_t k);
static size_t person_count(const kh_variant_form *forms, size_t from, size_t n, size_t skip,
                           size_t doc, const char *key, size_t len);
static int person_ends_with(const kh_variant_form *forms, size_t from, size_t n, size_t skip,
                            size_t doc, const char *word, size_t len);
static size_t joint_continue(const tok_list *t, size_t i, size_t j);
static size_t clitic_letters(const kh_ner_model *m, const char *w);

/* ---- public functions ---- */

kh_rc kh_analyse_entity_forms(const kh_ner_model *m, const char *text, size_t len, size_t doc,
                              kh_arena *arena, kh_variant_form **forms, size_t *n_forms,
                              kh_err *err)
{
    if (!m || !arena || !forms || !n_forms)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "entity_forms: missing argument");
    if (!text || len == 0)
        return KH_OK;
    kh_ner_session *s = kh_analyse_ner_session_new(m, NER_ARTICLE_WORDS, err);
    if (!s)
        return err ? err->rc : KH_ERR_NOMEM;
    kh_rc rc = kh_analyse_entity_forms_with(s, text, len, doc, arena, forms, n_forms, err);
    kh_analyse_ner_session_free(s);
    return rc;
}

kh_rc kh_analyse_entity_forms_with(kh_ner_session *s, const char *text, size_t len, size_t doc,
                                   kh_arena *arena, kh_variant_form **forms, size_t *n_forms,
                                   kh_err *err)
{
    if (!s || !arena || !forms || !n_forms)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "entity_forms: missing argument");
    tok_list t;
    tokens_init(&t);
    /* The array's real capacity is unknown here: it grows from the count. */
    size_t cap = *n_forms;
    kh_rc rc = forms_of_text(s, &t, text, len, doc, arena, forms, n_forms, &cap, err);
    tokens_clean(&t);
    return rc;
}

kh_rc kh_analyse_entity_find(const kh_ner_model *m, kh_article *a, kh_entity **out, size_t *n_out,
                             kh_err *err)
{
    if (!m || !a || !out || !n_out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "entity_find: missing argument");
    kh_ner_session *s = kh_analyse_ner_session_new(m, NER_ARTICLE_WORDS, err);
    if (!s)
        return err ? err->rc : KH_ERR_NOMEM;
    kh_rc rc = kh_analyse_entity_find_with(s, a, out, n_out, err);
    kh_analyse_ner_session_free(s);
    return rc;
}

kh_rc kh_analyse_entity_find_with(kh_ner_session *s, kh_article *a, kh_entity **out, size_t *n_out,
                                  kh_err *err)
{
    kh_variant_form *forms = NULL;
    size_t n_forms = 0, cap = 0; /* forms' room, kept from text to text */
    kh_rc rc = KH_OK;
    tok_list t;
    if (!s || !a || !out || !n_out)
        return kh_err_set(err, KH_ERR_ARG, 0, -1, "entity_find: missing argument");
    *out = NULL;
    *n_out = 0;
    /* Title and paragraphs are tagged one by one (one history each). */
    tokens_init(&t);
    if (a->title && (rc = forms_of_text(s, &t, a->title, strlen(a->title), 0, &a->arena, &forms,
                                        &n_forms, &cap, err)) != KH_OK)
        goto done;
    for (size_t i = 0; i < a->body.n; i++) {
        const char *p = a->body.items[i];
        if ((rc = forms_of_text(s, &t, p, strlen(p), 0, &a->arena, &forms, &n_forms, &cap, err)) !=
            KH_OK)
            goto done;
    }
    /* Two-word glued names again, now that every paragraph's forms are
     * known: «التقى ويتكوف بوتين» early, ويتكوف and بوتين alone later. */
    if (split_glued(&forms, &n_forms, &cap, 0, 1, &a->arena) != KH_OK) {
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
        goto done;
    }
    rc = kh_analyse_variant_merge(forms, n_forms, &a->arena, out, n_out, err);
done:
    tokens_clean(&t);
    kh_free(forms);
    return rc;
}

kh_rc kh_analyse_entity_json(const kh_entity *e, size_t n, kh_buf *out)
{
    kh_rc rc = kh_buf_appendc(out, '[');
    for (size_t i = 0; rc == KH_OK && i < n; i++) {
        if (i && (rc = kh_buf_appendc(out, ',')) != KH_OK)
            break;
        if ((rc = kh_buf_appends(out, "{\"name\":\"")) != KH_OK ||
            (rc = kh_buf_append_json(out, e[i].name, strlen(e[i].name))) != KH_OK ||
            (rc = kh_buf_printf(out, "\",\"type\":\"%s\",\"variants\":[",
                                kh_analyse_entity_type_name(e[i].type))) != KH_OK)
            break;
        for (size_t v = 0; rc == KH_OK && v < e[i].n_variants; v++) {
            if ((v && (rc = kh_buf_appendc(out, ',')) != KH_OK) ||
                (rc = kh_buf_appendc(out, '"')) != KH_OK ||
                (rc = kh_buf_append_json(out, e[i].variants[v], strlen(e[i].variants[v]))) !=
                    KH_OK ||
                (rc = kh_buf_appendc(out, '"')) != KH_OK)
                break;
        }
        if (rc == KH_OK)
            rc = kh_buf_printf(out, "],\"count\":%zu}", e[i].count);
    }
    if (rc == KH_OK)
        rc = kh_buf_appendc(out, ']');
    return rc;
}

/* ---- static functions ---- */

static void tokens_init(tok_list *t)
{
    memset(t, 0, sizeof *t);
    kh_buf_init(&t->norm, SIZE_MAX);
    kh_buf_init(&t->span_d, KH_CAP_LINE);
    kh_buf_init(&t->span_k, KH_CAP_LINE);
}

static void tokens_clean(tok_list *t)
{
    kh_buf_clean(&t->norm);
    kh_free(t->wb);
    kh_buf_clean(&t->span_d);
    kh_buf_clean(&t->span_k);
    kh_free(t->disp);
    kh_free(t->disp_len);
    kh_free(t->word_at);
    kh_free(t->word);
    kh_free(t->tags);
    memset(t, 0, sizeof *t);
}

/* Each token of text[0..len): where it is in the text, and its match form
 * appended to wb (one normalisation a token, none for a token of
 * characters that are their own match form; nothing copied into the
 * article's arena: the tokens die with the text's tagging). */
static kh_rc tokens_add_text(const kh_ner_model *m, tok_list *t, const char *text, size_t len)
{
    size_t pos = 0, off, n;
    int self;
    kh_rc rc = KH_OK;
    while (t->n < MAX_TOKENS && ner_split_self(m, text, len, &pos, &off, &n, &self)) {
        size_t w = t->wb_len;
        /* Most tokens are their own match form: copied as they are. */
        if (self) {
            rc = words_add(t, text + off, n, len - off);
        } else {
            kh_buf_reset(&t->norm);
            if ((rc = kh_text_normalize(text + off, n, &t->norm)) == KH_OK)
                rc = words_add(t, t->norm.data ? t->norm.data : "", t->norm.len, t->norm.len);
        }
        if (rc != KH_OK || (rc = tokens_push(t, text + off, n, w)) != KH_OK)
            break;
    }
    return rc;
}

static kh_rc tokens_push(tok_list *t, const char *disp, size_t disp_len, size_t word_at)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 256;
        const char **d = kh_realloc(t->disp, nc * sizeof *d);
        if (!d)
            return KH_ERR_NOMEM;
        t->disp = d;
        size_t *dl = kh_realloc(t->disp_len, nc * sizeof *dl);
        if (!dl)
            return KH_ERR_NOMEM;
        t->disp_len = dl;
        size_t *wa = kh_realloc(t->word_at, nc * sizeof *wa);
        if (!wa)
            return KH_ERR_NOMEM;
        t->word_at = wa;
        const char **w = kh_realloc(t->word, nc * sizeof *w);
        if (!w)
            return KH_ERR_NOMEM;
        t->word = w;
        uint8_t *g = kh_realloc(t->tags, nc);
        if (!g)
            return KH_ERR_NOMEM;
        t->tags = g;
        t->cap = nc;
    }
    t->disp[t->n] = disp;
    t->disp_len[t->n] = disp_len;
    t->word_at[t->n] = word_at;
    t->n++;
    return KH_OK;
}

/* Appends the match form w[0..n) and a NUL to wb; room bytes can be read
 * at w (room >= n).  A word of up to 16 bytes with 16 to read is copied
 * as 16 (one load and one store, where a copy of n bytes branches on n;
 * the bytes after the NUL are overwritten by the next word). */
static kh_rc words_add(tok_list *t, const char *w, size_t n, size_t room)
{
    if (t->wb_cap - t->wb_len < n + 17) {
        size_t nc = t->wb_cap ? t->wb_cap : 4096;
        while (nc - t->wb_len < n + 17)
            nc *= 2;
        char *nb = kh_realloc(t->wb, nc);
        if (!nb)
            return KH_ERR_NOMEM;
        t->wb = nb;
        t->wb_cap = nc;
    }
    if (n <= 16 && room >= 16)
        memcpy(t->wb + t->wb_len, w, 16);
    else
        memcpy(t->wb + t->wb_len, w, n);
    t->wb[t->wb_len + n] = '\0';
    t->wb_len += n + 1;
    return KH_OK;
}

/* The match forms' addresses, once wb has stopped moving. */
static void tokens_point(tok_list *t)
{
    for (size_t i = 0; i < t->n; i++)
        t->word[i] = t->wb + t->word_at[i];
}

/* The forms of one text (a title or a paragraph), appended to *forms
 * (room for *cap); t is the caller's, emptied first. */
static kh_rc forms_of_text(kh_ner_session *s, tok_list *t, const char *text, size_t len, size_t doc,
                           kh_arena *arena, kh_variant_form **forms, size_t *n_forms, size_t *cap,
                           kh_err *err)
{
    kh_rc rc = KH_OK;
    kh_buf *span_d = &t->span_d, *span_k = &t->span_k;
    const kh_ner_model *m = s->m;
    uint8_t *tags;
    t->n = 0;
    t->wb_len = 0;
    size_t first_new = *n_forms;
    if (!text || len == 0)
        return KH_OK;
    /* Paragraph by paragraph, a "." between them. */
    for (size_t p = 0; p < len;) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        if ((rc = tokens_add_text(m, t, text + p, e - p)) != KH_OK)
            goto fail;
        if (t->n && strcmp(t->wb + t->word_at[t->n - 1], ".") != 0) {
            size_t w = t->wb_len;
            if ((rc = words_add(t, ".", 1, 1)) != KH_OK ||
                (rc = tokens_push(t, NULL, 0, w)) != KH_OK)
                goto fail;
        }
        p = e + 1;
    }
    if (t->n == 0)
        goto done;
    tokens_point(t);
    tags = t->tags;
    if ((rc = kh_analyse_ner_session_tag(s, t->word, t->n, tags, err)) != KH_OK)
        goto done;
    for (size_t i = 0; i < t->n;) {
        if (tags[i] == 0 || !t->disp[i]) {
            i++;
            continue;
        }
        kh_entity_type type = KH_NER_TAG_TYPE(tags[i]);
        size_t j = i + 1;
        while (j < t->n && t->disp[j] && tags[j] == KH_NER_TAG_I(type))
            j++;
        j = joint_continue(t, i, j);
        kh_buf_reset(span_d);
        kh_buf_reset(span_k);
        /* «اللواء ركن حمد العطية»: ركن (staff) belongs to the rank. */
        size_t start = i;
        while (start + 2 <= j && type == KH_ENTITY_PERSON &&
               (strcmp(t->word[start], "ركن") == 0 || strcmp(t->word[start], "الركن") == 0))
            start++;
        /* ANERcorp tags "وأسامة" whole; the name is أسامة. */
        size_t cl = clitic_letters(m, t->word[start]);
        /* «البنك المركزي صباح اليوم»: a time word ends no organisation or
         * place (a person may be called صباح). */
        size_t end = j;
        while (end > start + 1 && type != KH_ENTITY_PERSON && kh_entity_word_time(t->word[end - 1]))
            end--;
        /* «عبدالله بن» before a comma: the joint left over is no part of
         * a name on its own (إم of «آي بي إم» is not أم). */
        while (end > start + 1 && strcmp(t->word[end - 1], "ام") != 0 &&
               kh_entity_word_joint(t->word[end - 1], strlen(t->word[end - 1])))
            end--;
        /* «محمد بن سلمان ولي ولي العهد»: a title comes before a name, so
         * one at a person's end belongs to what follows. */
        while (end > start + 1 && type == KH_ENTITY_PERSON && kh_entity_word_role(t->word[end - 1]))
            end--;
        /* «مطار الملك عبدالعزيز الدولي», «مستشفى الملك فهد التخصصي»: a
         * person's name ending with, or followed by, such an adjective names
         * a place after him, not the person. */
        if (type == KH_ENTITY_PERSON &&
            (kh_entity_word_facility(t->word[end - 1]) ||
             (j < t->n && t->disp[j] && kh_entity_word_facility(t->word[j])))) {
            i = j;
            continue;
        }
        for (size_t k = start; k < end; k++) {
            const char *dk = t->disp[k], *wk = t->word[k];
            size_t dl = t->disp_len[k];
            if (k == start) {
                size_t skip = kh_entity_word_skip_letters(dk, dl, cl);
                dk += skip;
                dl -= skip;
                wk += kh_entity_word_skip_letters(wk, strlen(wk), cl);
                /* «لـ«الشرق الأوسط»»: a clitic glued to an opening quote. */
                size_t w_skip = 0, d_skip = kh_entity_word_quote_skip(dk, dl, wk, &w_skip);
                dk += d_skip;
                dl -= d_skip;
                wk += w_skip;
            }
            dl = kh_entity_word_trim_invisible(dk, dl, &dk);
            if ((k > start &&
                 (kh_buf_appendc(span_d, ' ') != KH_OK || kh_buf_appendc(span_k, ' ') != KH_OK)) ||
                kh_buf_append(span_d, dk, dl) != KH_OK || kh_buf_appends(span_k, wk) != KH_OK) {
                rc = KH_ERR_NOMEM;
                goto fail;
            }
        }
        if (span_k->len && span_ok(span_k->data)) {
            const char *d = kh_arena_strndup(arena, span_d->data, span_d->len);
            const char *k = kh_arena_strndup(arena, span_k->data, span_k->len);
            if (!d || !k) {
                rc = KH_ERR_NOMEM;
                goto fail;
            }
            uint64_t c1 = i > 0 ? ctx_hash(t->word[i - 1]) : 0;
            uint64_t c2 = j < t->n ? ctx_hash(t->word[j]) : 0;
            if ((rc = forms_add(forms, n_forms, cap, d, k, type, doc, c1, c2)) != KH_OK)
                goto fail;
        }
        i = j;
    }
    if ((rc = split_glued(forms, n_forms, cap, first_new, 0, arena)) != KH_OK)
        goto fail;
    goto done;
fail:
    if (rc == KH_ERR_NOMEM)
        rc = kh_err_set(err, KH_ERR_NOMEM, 0, -1, "out of memory");
done:
    return rc;
}

/* A span worth reporting: has a letter, and 2+ characters. */
static int span_ok(const char *key)
{
    size_t chars = 0;
    int letter = 0;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        if ((*p & 0xC0) != 0x80)
            chars++;
        if (*p >= 0xD8 || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
            letter = 1;
    }
    return letter && chars >= 2;
}

static kh_rc forms_add(kh_variant_form **forms, size_t *n, size_t *cap, const char *disp,
                       const char *key, kh_entity_type type, size_t doc, uint64_t ctx1,
                       uint64_t ctx2)
{
    kh_variant_form *f = NULL;
    for (size_t i = *n; i-- > 0;) { /* same form in this document: count it */
        kh_variant_form *g = &(*forms)[i];
        if (g->doc != doc)
            break;
        if (g->type == type && strcmp(g->display, disp) == 0) {
            f = g;
            break;
        }
    }
    if (!f) {
        if (*n >= *cap) {
            size_t nc = *cap > *n ? *cap * 2 : *n * 2 + 16;
            kh_variant_form *nf = kh_realloc(*forms, nc * sizeof *nf);
            if (!nf)
                return KH_ERR_NOMEM;
            *forms = nf;
            *cap = nc;
        }
        f = &(*forms)[(*n)++];
        memset(f, 0, sizeof *f);
        f->display = disp;
        f->key = key;
        f->type = type;
        f->doc = doc;
    }
    f->count++;
    uint64_t c[2] = {ctx1, ctx2};
    for (int k = 0; k < 2; k++) {
        if (!c[k])
            continue;
        size_t x = 0;
        while (x < f->n_ctx && f->ctx[x] != c[k])
            x++;
        if (x == f->n_ctx && f->n_ctx < sizeof f->ctx / sizeof f->ctx[0])
            f->ctx[f->n_ctx++] = c[k];
    }
    return KH_OK;
}

/* Neighbour words that say something about who is meant: 3+ letters, not
 * punctuation or digits.  0 for the others. */
static uint64_t ctx_hash(const char *w)
{
    size_t n = strlen(w), chars = 0;
    int letter = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c & 0xC0) != 0x80)
            chars++;
        if (c >= 0xD8 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
            letter = 1;
    }
    if (!letter || chars < 3)
        return 0;
    uint64_t h = kh_hash_bytes(w, n, 0x637478);
    return h ? h : 1;
}

/* Letters of a proclitic (و ف ب ل, or و/ف + ب/ل) to drop from the first word
 * of a name, judged by the model's lexicon (counts in news): the rest is at
 * least 8 times as frequent as the whole; or the rest is twice as frequent
 * and a name of the self-gazetteer while the whole is not one.  So واشنطن,
 * بوتين, وليد (names themselves) and باسم (its rest اسم is no name) keep
 * their first letter, and وفرنسا, لروسيا, بجدة, وألمانيا lose theirs. */
static size_t clitic_letters(const kh_ner_model *m, const char *w)
{
    static const char *const clitics[] = {"وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", NULL};
    size_t n = strlen(w);
    if (!m->lex.n_used)
        return 0;
    const kh_hval *whole = kh_hash_get(&m->lex, w, n);
    int whole_f = whole ? ner_lex_log2f(whole->i) : 0;
    int whole_gaz = whole ? ner_lex_gaz(whole->i) : 0;
    for (size_t k = 0; clitics[k]; k++) {
        size_t cl = strlen(clitics[k]);
        if (n < cl + 6 || memcmp(w, clitics[k], cl) != 0)
            continue;
        const kh_hval *rest = kh_hash_get(&m->lex, w + cl, n - cl);
        if (!rest)
            continue;
        int rest_f = ner_lex_log2f(rest->i);
        if (rest_f >= whole_f + 3 || (rest_f >= whole_f + 1 && ner_lex_gaz(rest->i) && !whole_gaz))
            return cl / 2; /* Arabic letters are 2 bytes */
    }
    return 0;
}

/* Mentions of PERSON forms of document doc whose key is key[0..len)
 * exactly, form skip left out. */
static size_t person_count(const kh_variant_form *forms, size_t from, size_t n, size_t skip,
                           size_t doc, const char *key, size_t len)
{
    size_t c = 0;
    for (size_t j = from; j < n; j++) {
        const kh_variant_form *g = &forms[j];
        if (j != skip && g->doc == doc && g->type == KH_ENTITY_PERSON && strlen(g->key) == len &&
            memcmp(g->key, key, len) == 0)
            c += g->count;
    }
    return c;
}

/* 1 when a PERSON form of 2+ words of document doc ends with the word
 * word[0..len): the word is somebody's surname there. */
static int person_ends_with(const kh_variant_form *forms, size_t from, size_t n, size_t skip,
                            size_t doc, const char *word, size_t len)
{
    for (size_t j = from; j < n; j++) {
        const kh_variant_form *g = &forms[j];
        size_t gl = strlen(g->key);
        if (j != skip && g->doc == doc && g->type == KH_ENTITY_PERSON && gl > len + 1 &&
            g->key[gl - len - 1] == ' ' && memcmp(g->key + gl - len, word, len) == 0)
            return 1;
    }
    return 0;
}

/* The tagger often ends a name at a joint or just before one: «محمد بن
 * راشد آل | مكتوم» (the family name tagged as a new person), «عبد اللطيف
 * بن عبد | الملك آل الشيخ» (الملك and الشيخ read as titles).  A name
 * never ends at a joint, so the span [i, j) goes on over the next word
 * after a trailing joint (أم left out: it is also "or"), and over بن، بنت
 * or آل and the word after it.  عبد، أبو and ابن also begin other names and
 * phrases («النصر | عبد الله», «ابن عم»), so they do not pull a span on. */
static size_t joint_continue(const tok_list *t, size_t i, size_t j)
{
    while (j < t->n && t->disp[j] && j - i < 12) {
        const char *last = t->word[j - 1], *next = t->word[j];
        if (kh_entity_word_joint(last, strlen(last)) && strcmp(last, "ام") != 0 &&
            kh_entity_word_name(next))
            j++;
        else if (kh_entity_word_inner_joint(next) && j + 1 < t->n && t->disp[j + 1] &&
                 kh_entity_word_name(t->word[j + 1]))
            j += 2;
        else
            break;
    }
    return j;
}

/* Two names written side by side without a comma come out of the tagger
 * as one span ("فولوديمير زيلنسكي أندري ييرماك", "التقى ويتكوف بوتين").  A
 * new PERSON form is cut, the parts counting one mention each:
 *  - of 3+ words (not when whole), where its last 2+ words are another
 *    PERSON form of the same document;
 *  - of 2 words, when each word is a PERSON form of its own there and the
 *    first has 2+ mentions alone (first names seldom stand alone in news),
 *    or 1 mention alone while it ends another person's name there (ويتكوف
 *    of ستيف ويتكوف) and the second has 2+;
 *  - of 4+ words, after 2+ words that end with a word the document names
 *    as a person alone (a surname: «فولوديمير زيلنسكي أندري
 *    ييرماك»), the tail keeping 2+ words;
 * never next to a word that joins the parts of one name (بن، آل، أبو...).
 * whole: the pass over a whole article's forms, after the passes over its
 * paragraphs; Arabic names are chains whose later parts often stand alone
 * (علي عبدالله صالح, then عبدالله صالح), so over a whole article only the
 * two-word rule and the surname rule are sure enough. */
static kh_rc split_glued(kh_variant_form **forms, size_t *n, size_t *cap, size_t first, int whole,
                         kh_arena *arena)
{
    /* A document's forms are the ones added for it, at the end of the
     * array: `khabar entities` keeps a whole file's, and a scan of them all
     * for every form made it quadratic. */
    size_t from = first;
    while (first < *n && from > 0 && (*forms)[from - 1].doc == (*forms)[first].doc)
        from--;
    for (size_t i = first; i < *n; i++) {
        kh_variant_form *f = &(*forms)[i];
        if (f->type != KH_ENTITY_PERSON || f->count != 1 || word_offset(f->key, 1) == 0)
            continue;
        int two = word_offset(f->key, 2) == 0;
        for (size_t k = 1; two ? k == 1 : word_offset(f->key, k + 1) != 0; k++) {
            const char *tail = f->key + word_offset(f->key, k);
            size_t kk = word_offset(f->key, k);
            size_t prev = k >= 2 ? word_offset(f->key, k - 1) : 0; /* last head word */
            size_t tail_first = strcspn(tail, " ");
            size_t tail_alone = person_count(*forms, from, *n, i, f->doc, tail, strlen(tail));
            int cut;
            /* أحمد | أبو دهمان, فهد بن سيعد | آل مجثل are one name. */
            if (kh_entity_word_joint(tail, tail_first) ||
                (prev < kk && kh_entity_word_joint(f->key + prev, kk - 1 - prev)))
                continue;
            if (two) {
                size_t head_alone = person_count(*forms, from, *n, i, f->doc, f->key, kk - 1);
                cut = tail_alone >= 1 &&
                      (head_alone >= 2 ||
                       (head_alone == 1 && tail_alone >= 2 &&
                        person_ends_with(*forms, from, *n, i, f->doc, f->key, kk - 1)));
            } else {
                /* «فولوديمير زيلنسكي | أندري ييرماك» in a caption: the head
                 * of 2+ words ends with a word the document names as a
                 * person alone. */
                size_t surname =
                    k >= 2 ? person_count(*forms, from, *n, i, f->doc, f->key + prev, kk - 1 - prev)
                           : 0;
                cut = (!whole && tail_alone >= 1) || surname >= 1;
            }
            if (!cut)
                continue;
            size_t kd = word_offset(f->display, k);
            if (!kd)
                break; /* display and key disagree on words: leave it */
            const char *hd = kh_arena_strndup(arena, f->display, kd - 1);
            const char *hk = kh_arena_strndup(arena, f->key, kk - 1);
            const char *td = f->display + kd;
            size_t doc = f->doc;
            if (!hd || !hk)
                return KH_ERR_NOMEM;
            /* The glued form becomes its head; the tail is one more mention. */
            f->display = hd;
            f->key = hk;
            f->n_ctx = 0;
            kh_rc rc = forms_add(forms, n, cap, td, tail, KH_ENTITY_PERSON, doc, 0, 0);
            if (rc != KH_OK)
                return rc;
            break;
        }
    }
    return KH_OK;
}

/* Byte offset of word k (0-based) of space-separated s, or 0 if it has
 * fewer words (word 0 is at 0 too: callers ask for k >= 1). */
static size_t word_offset(const char *s, size_t k)
{
    size_t off = 0;
    while (k > 0) {
        const char *sp = strchr(s + off, ' ');
        if (!sp)
            return 0;
        off = (size_t)(sp - s) + 1;
        k--;
    }
    return off;
}
