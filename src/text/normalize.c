/*
 * src/text/normalize.c - the match form and the display form of a text.
 *
 * Arabic news spells one word many ways: with or without hamza on the alef,
 * ى or ي, ة or ه, harakat or not, tatweel for justification, presentation-form
 * code points pasted from PDFs, Persian keyboards' ک and ی, three sets of
 * digits, and invisible bidi controls.  The match form (kh_text_normalize)
 * folds all of these to one spelling so that keys, indexes and comparisons
 * agree; the display form (kh_text_clean_display) only repairs the bytes and
 * removes what nobody sees, keeping the text as the outlet wrote it.
 *
 * Fits: called on every title and body line before tokenize (text stage),
 * before entity and duplicate keys (analyse) and before FTS indexing (store).
 * Depends on: core, utf8proc.
 *
 * Method: one pass over the bytes.  ASCII takes a branch of its own (most
 * punctuation, digits and spaces in Arabic pages are ASCII); other code
 * points are decoded inline (text_int.h) and mapped by a switch that the
 * compiler turns into a jump table for the Arabic block.  Only compatibility
 * forms (presentation forms, fullwidth Latin) go to utf8proc's decomposition,
 * and its output is folded again.  Output goes to a 4 KiB stack buffer that
 * is flushed into the kh_buf, so there is no allocation per character.
 * White space is emitted lazily (a pending flag), which collapses runs and
 * trims both ends without a second pass.
 */
#include "text/text.h"
#include "text/text_int.h"

#include <string.h>
#include <utf8proc.h>

/* ---- types ---- */

/* What fold_match()/fold_display() say to do with a code point, besides
 * returning the code point to write. */
#define FOLD_DROP 0xFFFFFFFFu    /* write nothing */
#define FOLD_SPACE 0xFFFFFFFEu   /* white space: part of a run */
#define FOLD_NEWLINE 0xFFFFFFFDu /* line break: a run that becomes "\n" (display form) */
#define FOLD_COMPAT 0xFFFFFFFCu  /* decompose with utf8proc and fold the parts */

#define SINK_SIZE 4096
#define SINK_ROOM (SINK_SIZE - 256) /* a flush leaves room for any one code point's output */

enum { PEND_NONE, PEND_SPACE, PEND_NEWLINE };

/* The match form of each letter U+0621..U+064A as its two UTF-8 bytes
 * (fold_arabic's answer; tatweel, dropped, has none): the letters of a word
 * are copied through this table without decoding to a code point. */
#define L2(cp)                                                                                     \
    {                                                                                              \
        (char)(0xC0 | ((cp) >> 6)), (char)(0x80 | ((cp)&0x3F))                                     \
    }
static const char letter_match[42][2] = {
    L2(0x0621), L2(0x0627), L2(0x0627), L2(0x0648), L2(0x0627), L2(0x064A), L2(0x0627),
    L2(0x0628), L2(0x0647), L2(0x062A), L2(0x062B), L2(0x062C), L2(0x062D), L2(0x062E),
    L2(0x062F), L2(0x0630), L2(0x0631), L2(0x0632), L2(0x0633), L2(0x0634), L2(0x0635),
    L2(0x0636), L2(0x0637), L2(0x0638), L2(0x0639), L2(0x063A), L2(0x0643), L2(0x0643),
    L2(0x063D), L2(0x063E), L2(0x063F), {0, 0},     L2(0x0641), L2(0x0642), L2(0x0643),
    L2(0x0644), L2(0x0645), L2(0x0646), L2(0x0647), L2(0x0648), L2(0x064A), L2(0x064A)};
#undef L2

typedef struct sink {
    kh_buf *out; /* borrows the caller's buffer for one call */
    size_t len;  /* bytes in tmp */
    int pending; /* PEND_*: white space seen since the last visible character */
    int started; /* something visible was written: leading space is dropped */
    kh_rc rc;    /* first append failure; the buffer was freed by it */
    char tmp[SINK_SIZE];
} sink;

/* ---- static prototypes ---- */

static kh_rc fold_text(const char *in, size_t n, kh_buf *out, int match);
static uint32_t fold_match(uint32_t cp);
static uint32_t fold_arabic(uint32_t cp);
static uint32_t fold_display(uint32_t cp);
static inline void put_cp(sink *k, uint32_t cp);
static inline void put_folded(sink *k, uint32_t f);
static void put_compat(sink *k, uint32_t cp, int match);
static void sink_flush(sink *k);

/* ---- public functions ---- */

kh_rc kh_text_normalize(const char *in, size_t n, kh_buf *out)
{
    return fold_text(in, n, out, 1);
}

kh_rc kh_text_clean_display(const char *in, size_t n, kh_buf *out)
{
    return fold_text(in, n, out, 0);
}

/* ---- static functions ---- */

static kh_rc fold_text(const char *in, size_t n, kh_buf *out, int match)
{
    if (!out || (!in && n))
        return KH_ERR_ARG;
    sink k;
    k.out = out;
    k.len = 0;
    k.pending = PEND_NONE;
    k.started = 0;
    k.rc = KH_OK;
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    while (i < n) {
        if (k.len > SINK_ROOM) {
            sink_flush(&k);
            if (k.rc != KH_OK)
                return k.rc;
        }
        unsigned b = s[i];
        if (b < 0x80) {
            /* ASCII: letters and digits straight through, no decode. */
            i++;
            if (b > ' ' && b < 0x7F) {
                if (k.pending && k.started)
                    k.tmp[k.len++] = k.pending == PEND_NEWLINE ? '\n' : ' ';
                k.pending = PEND_NONE;
                k.started = 1;
                k.tmp[k.len++] = (char)(match && b >= 'A' && b <= 'Z' ? b + 32 : b);
            } else if (b == ' ') {
                /* what put_folded does with FOLD_SPACE, in either form */
                if (k.pending == PEND_NONE)
                    k.pending = PEND_SPACE;
            } else {
                put_folded(&k, match ? fold_match(b) : fold_display(b));
            }
            continue;
        }
        uint32_t cp;
        if (b >= 0xD8 && b <= 0xDB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            /* The Arabic block, two bytes: most of an Arabic text. */
            cp = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
            if (match && cp - 0x0621u < 42 && cp != 0x0640) {
                /* A letter U+0621..U+064A: its match form (the same
                 * letter for most) is two bytes too, what put_cp would
                 * write after the pending space. */
                if (k.pending && k.started)
                    k.tmp[k.len++] = k.pending == PEND_NEWLINE ? '\n' : ' ';
                k.pending = PEND_NONE;
                k.started = 1;
                char *o = k.tmp + k.len;
                memcpy(o, letter_match[cp - 0x0621u], 2);
                o += 2;
                i += 2;
                /* The rest of the word's run of such letters: nothing is
                 * pending inside it, so only the bytes move (tatweel's
                 * entry is empty: dropped, as put_folded drops it). */
                const char *lim = k.tmp + SINK_ROOM;
                while (i + 1 < n && o < lim && s[i] - 0xD8u <= 1u && (s[i + 1] & 0xC0) == 0x80) {
                    uint32_t x = (((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu)) - 0x0621u;
                    if (x >= 42)
                        break;
                    memcpy(o, letter_match[x], 2);
                    o += letter_match[x][0] ? 2 : 0;
                    i += 2;
                }
                k.len = (size_t)(o - k.tmp);
                continue;
            }
            i += 2;
            uint32_t f = match ? fold_arabic(cp) : cp == 0x061C ? FOLD_DROP : cp;
            put_folded(&k, f);
            continue;
        }
        utf8_decode(s, n, &i, &cp);
        uint32_t f = match ? fold_match(cp) : fold_display(cp);
        if (f == FOLD_COMPAT)
            put_compat(&k, cp, match);
        else
            put_folded(&k, f);
    }
    sink_flush(&k);
    return k.rc;
}

/* The match form of one code point. */
static uint32_t fold_match(uint32_t cp)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            return cp + 32;
        if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D))
            return FOLD_SPACE;
        if (cp < 0x20 || cp == 0x7F)
            return FOLD_DROP;
        return cp;
    }
    if (cp >= 0x0600 && cp <= 0x06FF)
        return fold_arabic(cp);
    if (cp < 0x0600) {
        if (cp == 0x85 || cp == 0xA0)
            return FOLD_SPACE;
        if (cp < 0xA0 || cp == 0xAD)
            return FOLD_DROP;
        if (cp == 0xAB || cp == 0xBB)
            return '"';
        return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
    }
    if (cp >= 0x2000 && cp <= 0x206F) {
        if (cp_is_space(cp))
            return FOLD_SPACE;
        if (cp_is_invisible(cp))
            return FOLD_DROP;
        if (cp >= 0x2010 && cp <= 0x2015)
            return '-';
        if (cp >= 0x2018 && cp <= 0x201B)
            return '\'';
        if (cp >= 0x201C && cp <= 0x201F)
            return '"';
        if (cp == 0x2026)
            return FOLD_COMPAT; /* ... */
        return cp;
    }
    if (cp >= 0x08CA && cp <= 0x08FF)
        return FOLD_DROP; /* Arabic Extended-A marks */
    if (cp == 0x1680 || cp == 0x3000)
        return FOLD_SPACE;
    if (cp >= 0xFB50 && cp <= 0xFFEF) {
        if (cp == 0xFEFF || (cp >= 0xFE70 && cp <= 0xFE7F))
            return FOLD_DROP; /* BOM; isolated harakat */
        if (cp <= 0xFDFF || (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFE80 && cp <= 0xFEFC) ||
            (cp >= 0xFF01 && cp <= 0xFF5E))
            return FOLD_COMPAT;
        return cp;
    }
    if (cp >= 0x0750 && cp <= 0x08C9)
        return cp; /* Arabic Supplement and Extended-A letters */
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

/* The match form of a code point of the Arabic block U+0600-U+06FF. */
static uint32_t fold_arabic(uint32_t cp)
{
    switch (cp) {
    case 0x0600 ... 0x0605: /* number signs (format characters) */
    case 0x0610 ... 0x061A: /* honorifics and small Quranic letters */
    case 0x061C:            /* Arabic letter mark */
    case 0x0640:            /* tatweel */
    case 0x064B ... 0x065F: /* harakat, shadda, sukun, hamza above/below */
    case 0x0670:            /* superscript alef */
    case 0x06D6 ... 0x06ED: /* Quranic annotation marks */
        return FOLD_DROP;
    case 0x0622: /* آ */
    case 0x0623: /* أ */
    case 0x0625: /* إ */
    case 0x0671: /* ٱ wasla */
    case 0x0672:
    case 0x0673:
    case 0x0675:
        return 0x0627;
    case 0x0624: /* ؤ */
    case 0x0676:
    case 0x0677:
    case 0x06C4 ... 0x06CB: /* Kurdish, Uyghur and Urdu waws */
    case 0x06CF:
        return 0x0648;
    case 0x0626: /* ئ */
    case 0x0649: /* ى */
    case 0x0678:
    case 0x06CC: /* Persian ی */
    case 0x06CD:
    case 0x06CE:
    case 0x06D0:
    case 0x06D1:
    case 0x06D2: /* Urdu ے */
    case 0x06D3:
        return 0x064A;
    case 0x0629: /* ة */
    case 0x06BE: /* Urdu do-chashmi he */
    case 0x06C0: /* ۀ */
    case 0x06C1:
    case 0x06C2:
    case 0x06C3: /* ۃ */
    case 0x06D5:
    case 0x06FF:
        return 0x0647;
    case 0x063B:
    case 0x063C:
    case 0x06A9: /* Persian ک */
    case 0x06AA:
    case 0x06AB:
    case 0x06AF: /* گ */
    case 0x06B0 ... 0x06B4:
        return 0x0643;
    case 0x06A2 ... 0x06A5: /* ڤ and other fehs */
        return 0x0641;
    case 0x067B:
    case 0x067E: /* پ */
    case 0x0680:
        return 0x0628;
    case 0x0679:
    case 0x067A:
    case 0x067F:
        return 0x062A;
    case 0x0686: /* چ */
    case 0x0687:
    case 0x06BF:
        return 0x062C;
    case 0x0688:
        return 0x062F;
    case 0x0691:
        return 0x0631;
    case 0x0698: /* ژ */
        return 0x0632;
    case 0x06BA:
    case 0x06BB:
    case 0x06BC:
        return 0x0646;
    case 0x0660 ... 0x0669:
        return '0' + (cp - 0x0660);
    case 0x06F0 ... 0x06F9:
        return '0' + (cp - 0x06F0);
    case 0x060C: /* ، */
    case 0x066C: /* thousands separator */
        return ',';
    case 0x061B: /* ؛ */
        return ';';
    case 0x061F: /* ؟ */
        return '?';
    case 0x066A:
        return '%';
    case 0x066B: /* decimal separator */
    case 0x06D4: /* Urdu full stop */
        return '.';
    case 0x066D:
        return '*';
    default:
        return cp;
    }
}

/* The display form of one code point: only invisibles, white space and
 * presentation forms change. */
static uint32_t fold_display(uint32_t cp)
{
    if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029)
        return FOLD_NEWLINE;
    if (cp_is_space(cp))
        return FOLD_SPACE;
    if (cp_is_invisible(cp))
        return FOLD_DROP;
    if ((cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC))
        return FOLD_COMPAT;
    return cp;
}

/* Writes one visible code point, preceded by the pending white space. */
static inline void put_cp(sink *k, uint32_t cp)
{
    if (k->pending && k->started)
        k->tmp[k->len++] = k->pending == PEND_NEWLINE ? '\n' : ' ';
    k->pending = PEND_NONE;
    k->started = 1;
    k->len += utf8_encode(cp, k->tmp + k->len);
}

static inline void put_folded(sink *k, uint32_t f)
{
    if (f == FOLD_DROP)
        return;
    if (f == FOLD_SPACE) {
        if (k->pending == PEND_NONE)
            k->pending = PEND_SPACE;
        return;
    }
    if (f == FOLD_NEWLINE) {
        k->pending = PEND_NEWLINE;
        return;
    }
    put_cp(k, f);
}

/* A compatibility character: its decomposition, each part folded again (in
 * the display form, recomposed so أ stays one letter).  U+FEFB (lam-alef)
 * becomes two letters; U+FDFA becomes a whole phrase. */
static void put_compat(sink *k, uint32_t cp, int match)
{
    utf8proc_int32_t d[32];
    int bound = 0;
    utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, d, 32,
                                                 UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, &bound);
    if (m <= 0 || m > 32) {
        put_cp(k, cp);
        return;
    }
    if (!match) {
        utf8proc_ssize_t c = utf8proc_normalize_utf32(d, m, UTF8PROC_COMPOSE);
        if (c > 0)
            m = c;
    }
    for (utf8proc_ssize_t j = 0; j < m; j++) {
        uint32_t f = match ? fold_match((uint32_t)d[j]) : fold_display((uint32_t)d[j]);
        put_folded(k, f == FOLD_COMPAT ? (uint32_t)d[j] : f);
    }
}

static void sink_flush(sink *k)
{
    if (k->rc == KH_OK)
        k->rc = kh_buf_append(k->out, k->tmp, k->len);
    k->len = 0;
}
