/*
 * src/ingest/ingest_record.c - reads one JSONL record: a flat JSON object
 * whose string fields become an article's.
 *
 * Why not jansson: it builds a tree and decodes strings a byte at a time
 * through a stream; on the SaudiNewsNet corpus it took half of the ingest
 * time.  Records are flat, so this parser decodes only the fields khabar
 * knows, straight into the article's arena, and skips the rest (nested
 * values included) without building anything.  It is strict where it
 * matters: RFC 8259 syntax, UTF-8 validated (overlong forms, surrogates and
 * code points past U+10FFFF refused), \u escapes with surrogate pairs
 * joined, \u0000 refused (strings are NUL-terminated), nesting bounded.
 * Depends on: core (ingest/ingest_int.h).
 */
#include "ingest/ingest_int.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct parser {
    const char *s;
    size_t n, pos;
    kh_arena *arena;
    kh_err *err;
} parser;

#define MAX_DEPTH 64

static const char *const field_names[KH_INGEST_F__COUNT] = {
    "id", "url", "outlet", "published", "title", "text", "html", "section", "teaser"};

/* ---- static prototypes ---- */

static void skip_ws(parser *p);
static kh_rc fail(parser *p, kh_rc rc, const char *what);
static size_t utf8_len(const unsigned char *s, size_t n);
static int hex4(const char *s, unsigned *out);
static size_t plain_run(const unsigned char *s, size_t n);
static kh_rc parse_string(parser *p, char **out, size_t *len);
static kh_rc parse_escape(parser *p, size_t end, char *d, size_t *o);
static kh_rc parse_number(parser *p, const char **start, size_t *len);
static kh_rc skip_value(parser *p, int depth);

/* ---- public functions ---- */

kh_rc kh_ingest_record_parse(const char *line, size_t len, kh_arena *arena,
                             kh_ingest_field fields[KH_INGEST_F__COUNT], kh_err *err)
{
    parser p = {line, len, 0, arena, err};
    memset(fields, 0, KH_INGEST_F__COUNT * sizeof *fields);
    skip_ws(&p);
    if (p.pos >= p.n || p.s[p.pos] != '{')
        return fail(&p, KH_ERR_PARSE, "record is not a JSON object");
    p.pos++;
    skip_ws(&p);
    if (p.pos < p.n && p.s[p.pos] == '}') {
        p.pos++;
    } else {
        for (;;) {
            char *key;
            size_t key_len;
            kh_rc rc;
            skip_ws(&p);
            if (p.pos >= p.n || p.s[p.pos] != '"')
                return fail(&p, KH_ERR_PARSE, "malformed JSON: expected a key");
            if ((rc = parse_string(&p, &key, &key_len)) != KH_OK)
                return rc;
            skip_ws(&p);
            if (p.pos >= p.n || p.s[p.pos] != ':')
                return fail(&p, KH_ERR_PARSE, "malformed JSON: expected ':'");
            p.pos++;
            skip_ws(&p);
            int f = -1;
            for (int i = 0; i < KH_INGEST_F__COUNT; i++)
                if (strcmp(key, field_names[i]) == 0)
                    f = i;
            char c = p.pos < p.n ? p.s[p.pos] : '\0';
            if (f >= 0 && c == '"') {
                char *v;
                if ((rc = parse_string(&p, &v, &fields[f].len)) != KH_OK)
                    return rc;
                fields[f].s = v;
            } else if (f == KH_INGEST_F_ID && (c == '-' || (c >= '0' && c <= '9'))) {
                const char *start;
                size_t n;
                if ((rc = parse_number(&p, &start, &n)) != KH_OK)
                    return rc;
                if (!(fields[f].s = kh_arena_strndup(arena, start, n)))
                    return fail(&p, KH_ERR_NOMEM, "out of memory");
                fields[f].len = n;
            } else {
                /* null, other types and unknown keys: checked, not kept */
                if ((rc = skip_value(&p, 1)) != KH_OK)
                    return rc;
                if (f >= 0) {
                    fields[f].s = NULL;
                    fields[f].len = 0;
                }
            }
            skip_ws(&p);
            if (p.pos < p.n && p.s[p.pos] == ',') {
                p.pos++;
                continue;
            }
            if (p.pos < p.n && p.s[p.pos] == '}') {
                p.pos++;
                break;
            }
            return fail(&p, KH_ERR_PARSE, "malformed JSON: expected ',' or '}'");
        }
    }
    skip_ws(&p);
    if (p.pos != p.n)
        return fail(&p, KH_ERR_PARSE, "malformed JSON: text after the record");
    return KH_OK;
}

/* ---- static functions ---- */

static void skip_ws(parser *p)
{
    while (p->pos < p->n) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        p->pos++;
    }
}

static kh_rc fail(parser *p, kh_rc rc, const char *what)
{
    if (rc == KH_ERR_NOMEM)
        return kh_err_set(p->err, rc, 0, -1, "%s", what);
    /* The offset goes in the message, as a column: the line is the record. */
    return kh_err_set(p->err, rc, 0, -1, "%s (column %zu)", what, p->pos + 1);
}

/* Length of the valid UTF-8 sequence at s (lead byte >= 0x80), 0 if none. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
            return 0; /* overlong, surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
            return 0; /* overlong, past U+10FFFF */
        return 4;
    }
    return 0;
}

static int hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

/* Decodes the string at p->pos (on its opening quote) into the arena.  A
 * decoded string is never longer than its JSON form, so one allocation of
 * the raw length is enough.  Runs of plain bytes are checked in place and
 * copied with one memcpy: this loop is the hottest of the ingest. */
static kh_rc parse_string(parser *p, char **out, size_t *len)
{
    size_t start = ++p->pos, end = start;
    /* The closing quote is the first one not escaped by an odd run of
     * backslashes. */
    for (;;) {
        const char *q = memchr(p->s + end, '"', p->n - end);
        if (!q)
            return fail(p, KH_ERR_PARSE, "malformed JSON: unterminated string");
        end = (size_t)(q - p->s);
        size_t b = end;
        while (b > start && p->s[b - 1] == '\\')
            b--;
        if ((end - b) % 2 == 0)
            break;
        end++;
    }
    char *d = kh_arena_alloc(p->arena, end - start + 1);
    if (!d)
        return fail(p, KH_ERR_NOMEM, "out of memory");
    size_t o = 0, run = p->pos, i = p->pos;
    const unsigned char *s = (const unsigned char *)p->s;
    while (i < end) {
        i += plain_run(s + i, end - i);
        if (i >= end)
            break;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80 && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF && i + 1 < end && (s[i + 1] & 0xC0) == 0x80) {
            i += 2; /* the Arabic block: two-byte sequences */
            continue;
        }
        if (c >= 0x80) {
            size_t k = utf8_len(s + i, end - i);
            if (!k) {
                p->pos = i;
                return fail(p, KH_ERR_UTF8, "record is not valid UTF-8");
            }
            i += k;
            continue;
        }
        memcpy(d + o, s + run, i - run);
        o += i - run;
        p->pos = i;
        if (c < 0x20)
            return fail(p, KH_ERR_PARSE, "malformed JSON: control character in a string");
        kh_rc rc = parse_escape(p, end, d, &o);
        if (rc != KH_OK)
            return rc;
        i = run = p->pos;
    }
    memcpy(d + o, s + run, i - run);
    o += i - run;
    p->pos = end + 1;
    d[o] = '\0';
    *out = d;
    *len = o;
    return KH_OK;
}

/* How many of the bytes s[0..n) are plain, taken 16 at a time: each one
 * ASCII 0x20..0x7F but '\\', or one of two-byte sequences (lead C2..DF and a
 * continuation byte), the two cases the loop of parse_string() passes over
 * a byte or a pair at a time; it takes the rest (escapes, control
 * characters, longer sequences, and what is left of the last 16) itself,
 * so both accept and refuse the same bytes.  In a block every continuation
 * byte must follow a lead and every lead but the last byte be followed by
 * one; a lead in the last byte is left for the next block.  s[0] starts a
 * character. */
static size_t plain_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(0x1F), bs = _mm_set1_epi8('\\');
    const __m128i c1 = _mm_set1_epi8((char)0xC1), e0 = _mm_set1_epi8((char)0xE0);
    const __m128i c0 = _mm_set1_epi8((char)0xC0);
    while (i + 16 <= n) {
        /* Signed bytes: ASCII is 0..127, continuations -128..-65, leads
         * C2..DF -62..-33. */
        __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
        __m128i ascii = _mm_andnot_si128(_mm_cmpeq_epi8(v, bs), _mm_cmpgt_epi8(v, space));
        __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, c1), _mm_cmplt_epi8(v, e0));
        __m128i cont = _mm_cmplt_epi8(v, c0);
        unsigned a = (unsigned)_mm_movemask_epi8(ascii), l = (unsigned)_mm_movemask_epi8(lead);
        unsigned c = (unsigned)_mm_movemask_epi8(cont);
        if ((a | l | c) != 0xFFFFu || c != ((l << 1) & 0xFFFFu))
            break;
        i += (l & 0x8000u) ? 15 : 16;
    }
#else
    (void)s;
    (void)n;
#endif
    return i;
}

/* Decodes the escape at p->pos (a backslash) into d + *o. */
static kh_rc parse_escape(parser *p, size_t end, char *d, size_t *o)
{
    const unsigned char *s = (const unsigned char *)p->s;
    char e = p->pos + 1 < end ? (char)s[p->pos + 1] : '\0';
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = e ? strchr(from, e) : NULL;
    if (hit) {
        d[(*o)++] = to[hit - from];
        p->pos += 2;
        return KH_OK;
    }
    unsigned cp, lo;
    if (e != 'u' || p->pos + 6 > end || !hex4(p->s + p->pos + 2, &cp))
        return fail(p, KH_ERR_PARSE, "malformed JSON: bad escape");
    p->pos += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (p->pos + 6 > end || s[p->pos] != '\\' || s[p->pos + 1] != 'u' ||
            !hex4(p->s + p->pos + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
            return fail(p, KH_ERR_UTF8, "record is not valid UTF-8 (lone surrogate)");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p->pos += 6;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return fail(p, KH_ERR_UTF8, "record is not valid UTF-8 (lone surrogate)");
    }
    if (cp == 0)
        return fail(p, KH_ERR_UTF8, "record holds a NUL character (\\u0000)");
    /* Six escaped bytes (twelve for a pair) always cover the 1-4 written. */
    if (cp < 0x80) {
        d[(*o)++] = (char)cp;
    } else if (cp < 0x800) {
        d[(*o)++] = (char)(0xC0 | (cp >> 6));
        d[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        d[(*o)++] = (char)(0xE0 | (cp >> 12));
        d[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[(*o)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        d[(*o)++] = (char)(0xF0 | (cp >> 18));
        d[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        d[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[(*o)++] = (char)(0x80 | (cp & 0x3F));
    }
    return KH_OK;
}

static kh_rc parse_number(parser *p, const char **start, size_t *len)
{
    size_t b = p->pos;
    const char *s = p->s;
    if (p->pos < p->n && s[p->pos] == '-')
        p->pos++;
    if (p->pos >= p->n || s[p->pos] < '0' || s[p->pos] > '9')
        return fail(p, KH_ERR_PARSE, "malformed JSON: bad number");
    if (s[p->pos] == '0')
        p->pos++;
    else
        while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
            p->pos++;
    if (p->pos < p->n && s[p->pos] == '.') {
        size_t d = ++p->pos;
        while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
            p->pos++;
        if (p->pos == d)
            return fail(p, KH_ERR_PARSE, "malformed JSON: bad number");
    }
    if (p->pos < p->n && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->n && (s[p->pos] == '+' || s[p->pos] == '-'))
            p->pos++;
        size_t d = p->pos;
        while (p->pos < p->n && s[p->pos] >= '0' && s[p->pos] <= '9')
            p->pos++;
        if (p->pos == d)
            return fail(p, KH_ERR_PARSE, "malformed JSON: bad number");
    }
    *start = s + b;
    *len = p->pos - b;
    return KH_OK;
}

/* Checks and passes over one value of any type. */
static kh_rc skip_value(parser *p, int depth)
{
    if (depth > MAX_DEPTH)
        return fail(p, KH_ERR_PARSE, "malformed JSON: nested too deep");
    if (p->pos >= p->n)
        return fail(p, KH_ERR_PARSE, "malformed JSON: expected a value");
    char c = p->s[p->pos];
    kh_rc rc;
    if (c == '"') {
        char *v;
        size_t n;
        /* Decoded only to validate it; the arena copy dies with the article. */
        return parse_string(p, &v, &n);
    }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        p->pos++;
        skip_ws(p);
        if (p->pos < p->n && p->s[p->pos] == close) {
            p->pos++;
            return KH_OK;
        }
        for (;;) {
            skip_ws(p);
            if (c == '{') {
                char *k;
                size_t kn;
                if (p->pos >= p->n || p->s[p->pos] != '"')
                    return fail(p, KH_ERR_PARSE, "malformed JSON: expected a key");
                if ((rc = parse_string(p, &k, &kn)) != KH_OK)
                    return rc;
                skip_ws(p);
                if (p->pos >= p->n || p->s[p->pos] != ':')
                    return fail(p, KH_ERR_PARSE, "malformed JSON: expected ':'");
                p->pos++;
                skip_ws(p);
            }
            if ((rc = skip_value(p, depth + 1)) != KH_OK)
                return rc;
            skip_ws(p);
            if (p->pos < p->n && p->s[p->pos] == ',') {
                p->pos++;
                continue;
            }
            if (p->pos < p->n && p->s[p->pos] == close) {
                p->pos++;
                return KH_OK;
            }
            return fail(p, KH_ERR_PARSE, "malformed JSON: expected ',' or a closing bracket");
        }
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char *start;
        size_t n;
        return parse_number(p, &start, &n);
    }
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (p->n - p->pos >= n && memcmp(p->s + p->pos, words[i], n) == 0) {
            p->pos += n;
            return KH_OK;
        }
    }
    return fail(p, KH_ERR_PARSE, "malformed JSON: unexpected character");
}
