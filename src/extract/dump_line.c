/*
 * src/extract/dump_line.c - what one line of a text dump is, on its own.
 *
 * A text dump is a page flattened to one block per line: title, body
 * paragraphs and headings, but also logos, breadcrumbs, share buttons,
 * counters, captions and menus.  This file looks at a single line and
 * recognises the furniture that can be told without context: a bare number,
 * a date (dump_line_date.c), a byline or tag row, "Loading...", a related-stories header, "اقرأ
 * أيضا: <title>", share-button words (also run together: "FacebookTwitterEmail"), "<outlet> logo",
 * "التصنيف: <section>", menus of concatenated section names, a bare section
 * name, a line opening with "Home"/"الرئيسية", a photo credit.  Everything
 * else is TEXT, and dump.c decides from its position whether it is title,
 * teaser, body, subheading or caption.  docs/extract.md explains each rule.
 *
 * Every comparison is made on the match form (kh_text_normalize), so
 * "أيضاً", "ايضا" and "أيضا" are one word; the word lists are written
 * in dump_line_words.c as outlets spell them and normalised once per dump.
 * Depends on: core, text, utf8proc.
 */
#include "extract/extract_int.h"

#include "core/alloc.h"
#include "text/text.h"

#include <string.h>
#include <strings.h>
#include <utf8proc.h>

/* Longest key the segmenter tries; longer lines are never menus or share
 * rows, and the bound keeps the dynamic programme on the stack. */
#define SEG_MAX 1024
#define KEY_MAX 4096

static size_t list_prefix(const vocab_list *l, const char *w, size_t w_len, size_t *n_words);
static size_t cp_len(unsigned char c);
static size_t segment(const vocab_list *l, const char *s, size_t n, size_t *covered);
static int is_counter(const char *m, size_t n);
static int line_end(const char *d, size_t n);
static int has_credit(const kh_extract_vocab *v, const char *m, size_t n);
static size_t count_words(const char *w, size_t n);
static int is_meta_line(const kh_extract_vocab *v, const char *w, size_t w_len, const char *m,
                        size_t m_len, const kh_extract_line *line);
static int path_seps(const char *d, size_t n);
static int starts_with_bullet(const char *d, size_t n);

int kh_extract_dump_line_has_key(const vocab_list *l, const char *k, size_t k_len)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->keys_len[i] == k_len && memcmp(l->keys[i], k, k_len) == 0)
            return 1;
    return 0;
}

/* The byte length of the longest item of l that starts word form w on a
 * word boundary (0 if none); *n_words gets its number of words. */
static size_t list_prefix(const vocab_list *l, const char *w, size_t w_len, size_t *n_words)
{
    size_t best = 0;
    for (size_t i = 0; i < l->n; i++) {
        size_t len = l->words_len[i];
        if (len > best && len <= w_len && memcmp(l->words[i], w, len) == 0 &&
            (len == w_len || w[len] == ' ')) {
            best = len;
            *n_words = count_words(l->words[i], len);
        }
    }
    return best;
}

static size_t cp_len(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xf0)
        return 4;
    if (c >= 0xe0)
        return 3;
    if (c >= 0xc0)
        return 2;
    return 1;
}

/* Cuts key s into items of l, allowing stray characters between them, so as
 * to cover as many bytes as possible with as few items as possible.
 * Returns the number of items and sets *covered to the bytes they cover.
 * O(len * items) with len <= SEG_MAX. */
static size_t segment(const vocab_list *l, const char *s, size_t n, size_t *covered)
{
    *covered = 0;
    if (n == 0 || n > SEG_MAX)
        return 0;
    size_t cov[SEG_MAX + 1], seg[SEG_MAX + 1];
    unsigned char reach[SEG_MAX + 1];
    memset(reach, 0, n + 1);
    reach[0] = 1;
    cov[0] = seg[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!reach[i])
            continue;
        size_t steps[2] = {i + cp_len((unsigned char)s[i]), 0};
        if (steps[0] > n)
            steps[0] = n;
        /* One stray character, covered by nothing. */
        size_t j = steps[0];
        if (!reach[j] || cov[i] > cov[j] || (cov[i] == cov[j] && seg[i] < seg[j])) {
            reach[j] = 1;
            cov[j] = cov[i];
            seg[j] = seg[i];
        }
        for (size_t k = 0; k < l->n; k++) {
            size_t len = l->keys_len[k];
            if (len == 0 || len > n - i || memcmp(s + i, l->keys[k], len) != 0)
                continue;
            j = i + len;
            size_t c = cov[i] + len, g = seg[i] + 1;
            if (!reach[j] || c > cov[j] || (c == cov[j] && g < seg[j])) {
                reach[j] = 1;
                cov[j] = c;
                seg[j] = g;
            }
        }
    }
    *covered = cov[n];
    return seg[n];
}

/* A counter is a short run of digits with at most thousands separators,
 * a decimal point or a K/M suffix: "17", "1,250", "3.4K". */
static int is_counter(const char *m, size_t n)
{
    if (n == 0 || n > 16)
        return 0;
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = m[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (!strchr(" .,+kKmM", c))
            return 0;
    }
    return digits > 0;
}

/* The kh_extract_line_end of display line d, ignoring closing quotes and
 * brackets ("... للتقارب”." ends with a period, "... (AFP)" with a letter). */
static int line_end(const char *d, size_t n)
{
    while (n > 0) {
        size_t start = n - 1;
        while (start > 0 && ((unsigned char)d[start] & 0xc0) == 0x80)
            start--;
        size_t pos = start;
        uint32_t cp = 0;
        if (kh_text_utf8_next(d, n, &pos, &cp) < 0)
            return KH_EXTRACT_END_OTHER;
        switch (cp) {
        case ' ':
        case '"':
        case '\'':
        case ')':
        case ']':
        case '}':
        case 0x201D: /* ” */
        case 0x201C: /* “ used as a closer by some outlets */
        case 0x2019: /* ’ */
        case 0x00BB: /* » */
        case 0x203A: /* › */
            n = start;
            continue;
        case '.':
        case '!':
        case 0x2026: /* … */
        case 0x06D4: /* Urdu full stop */
        case 0x3002: /* ideographic full stop */
            return KH_EXTRACT_END_PERIOD;
        case '?':
        case 0x061F: /* ؟ */
            return KH_EXTRACT_END_QUESTION;
        case ':':
            return KH_EXTRACT_END_COLON;
        default:
            return kh_extract_dump_line_is_word(cp) ? KH_EXTRACT_END_NONE : KH_EXTRACT_END_OTHER;
        }
    }
    return KH_EXTRACT_END_NONE;
}

/* A photo caption's credit: "©", a photo word right after "(" or right
 * before ":" ("(تصوير ...)", "تصوير: ..."), or an agency named after the
 * last "/" or "|" near the end of the line ("... Marin / Pool / AFP)",
 * "لودوفيك مارين/رويترز").  A body paragraph that quotes an agency names it
 * as a source ("قالت رويترز"), not after a slash at its very end. */
static int has_credit(const kh_extract_vocab *v, const char *m, size_t n)
{
    if (memmem(m, n, "\xc2\xa9", 2)) /* © */
        return 1;
    const vocab_list *ph = &v->lists[V_PHOTO];
    for (size_t i = 0; i < ph->n; i++) {
        const char *w = ph->words[i];
        size_t wl = ph->words_len[i];
        const char *p = m, *end = m + n;
        while ((p = memmem(p, (size_t)(end - p), w, wl)) != NULL) {
            const char *b = p, *a = p + wl;
            while (b > m && b[-1] == ' ')
                b--;
            while (a < end && *a == ' ')
                a++;
            /* A label opening the line may take a comma: "صدر الصورة، Getty". */
            if ((b > m && b[-1] == '(') || (a < end && *a == ':') ||
                (a < end && *a == ',' && p - m < 48))
                return 1;
            p += wl;
        }
    }
    /* The last "/" or "|" within the final 64 bytes. */
    size_t from = n > 64 ? n - 64 : 0;
    size_t slash = n;
    for (size_t i = n; i > from; i--)
        if (m[i - 1] == '/' || m[i - 1] == '|') {
            slash = i;
            break;
        }
    if (slash == n)
        return 0;
    const vocab_list *ag = &v->lists[V_AGENCY];
    char tail[128];
    size_t tl = 0;
    /* The words after the slash, as one lower-case key. */
    for (size_t i = slash; i < n && tl + 1 < sizeof tail; i++) {
        unsigned char c = (unsigned char)m[i];
        if (c == ' ' || c == ')' || c == '(' || c == '.' || c == '-')
            continue;
        tail[tl++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    for (size_t i = 0; i < ag->n; i++) {
        size_t kl = ag->keys_len[i];
        if (kl && kl <= tl && memcmp(tail, ag->keys[i], kl) == 0)
            return 1;
    }
    return 0;
}

static size_t count_words(const char *w, size_t n)
{
    if (n == 0)
        return 0;
    size_t c = 1;
    for (size_t i = 0; i < n; i++)
        if (w[i] == ' ')
            c++;
    return c;
}

/* A byline or source ("بقلم فلان", "المصدر: وكالات", "الكاتب، فلان"), a
 * tag row ("الوسوم: ..."), an advertisement label or a skip link.  Words
 * like "كتب" or "تقرير" open titles too, so they count only before a colon
 * or a comma. */
static int is_meta_line(const kh_extract_vocab *v, const char *w, size_t w_len, const char *m,
                        size_t m_len, const kh_extract_line *line)
{
    size_t pw = 0, nw = line->n_words;
    if (nw <= 5 && line->key &&
        kh_extract_dump_line_has_key(&v->lists[V_AD], line->key, line->key_len))
        return 1;
    size_t lb = list_prefix(&v->lists[V_TAGS], w, w_len, &pw);
    if (lb && (nw > pw || (m_len > 0 && m[m_len - 1] == ':')))
        return 1;
    lb = list_prefix(&v->lists[V_BYLINE], w, w_len, &pw);
    if (!lb || nw > 8 || nw <= pw || line->end == KH_EXTRACT_END_PERIOD ||
        line->end == KH_EXTRACT_END_QUESTION)
        return 0;
    /* "كتب أحمد سعيد": a writer's name has no function words. */
    if (((lb == 6 && memcmp(w, "\xd9\x83\xd8\xaa\xd8\xa8", 6) == 0) ||
         (lb == 8 && memcmp(w, "\xd9\x83\xd8\xaa\xd8\xa8\xd8\xaa", 8) == 0)) &&
        nw <= 5 && line->n_stop == 0 && line->end == KH_EXTRACT_END_NONE)
        return 1;
    if ((lb == 4 && memcmp(w, "by", 2) == 0) ||
        (lb == 8 && memcmp(w, "\xd8\xa8\xd9\x82\xd9\x84\xd9\x85", 8) == 0))
        return 1; /* "By", "بقلم" */
    if (m_len <= lb || memcmp(m, w, lb) != 0)
        return 0;
    size_t i = lb;
    while (i < m_len && m[i] == ' ')
        i++;
    return i < m_len && (m[i] == ':' || m[i] == ',');
}

/* The ">", "›" or "»" between the steps of a breadcrumb written as a path
 * ("»" only when no "«" opens a quotation). */
static int path_seps(const char *d, size_t n)
{
    int seps = 0, open_quote = memmem(d, n, "\xc2\xab", 2) != NULL;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == '>')
            seps++;
        else if (i + 2 < n && memcmp(d + i, "\xe2\x80\xba", 3) == 0)
            seps++;
        else if (!open_quote && i + 1 < n && memcmp(d + i, "\xc2\xbb", 2) == 0)
            seps++;
    }
    return seps;
}

/* A list item: "•", "▪", "●", "·", "-", "–", "*" before the text. */
static int starts_with_bullet(const char *d, size_t n)
{
    static const char *const bullets[] = {"\xe2\x80\xa2",
                                          "\xe2\x96\xaa",
                                          "\xe2\x97\x8f",
                                          "\xc2\xb7",
                                          "-",
                                          "\xe2\x80\x93",
                                          "*",
                                          "\xe2\x96\xa0",
                                          NULL};
    for (size_t i = 0; bullets[i]; i++) {
        size_t bl = strlen(bullets[i]);
        if (n > bl && memcmp(d, bullets[i], bl) == 0 && d[bl] == ' ')
            return 1;
    }
    return 0;
}

kh_rc kh_extract_dump_line_scan(const kh_extract_vocab *v, const char *disp, size_t disp_len,
                                const char *m, size_t m_len, kh_arena *scratch,
                                kh_extract_line *line)
{
    kh_rc rc = KH_OK;
    kh_buf w;
    kh_buf_init(&w, (size_t)-1);
    if (kh_extract_dump_line_word_form(m, m_len, &w) != KH_OK) {
        rc = KH_ERR_NOMEM;
        goto done;
    }
    line->end = (uint8_t)line_end(disp, disp_len);
    line->n_words = 0;
    line->n_stop = 0;
    /* Words and stop words; the key is the word form without spaces. */
    size_t key_len = 0;
    for (size_t i = 0; i < w.len;) {
        size_t j = i;
        while (j < w.len && w.data[j] != ' ')
            j++;
        line->n_words++;
        if (kh_text_is_stopword(w.data + i, j - i))
            line->n_stop++;
        key_len += j - i;
        i = j + 1;
    }
    line->key_len = key_len;
    line->key = NULL;
    char *key = NULL;
    if (key_len <= KEY_MAX) {
        key = kh_arena_alloc(scratch, key_len + 1);
        if (!key) {
            rc = KH_ERR_NOMEM;
            goto done;
        }
        size_t k = 0;
        for (size_t i = 0; i < w.len; i++)
            if (w.data[i] != ' ')
                key[k++] = w.data[i];
        key[k] = '\0';
        line->key = key;
    }
    const char *wd = w.data;
    size_t wl = w.len, nw = line->n_words, pw = 0, covered = 0;
    line->kind = KH_EXTRACT_LINE_TEXT;
    line->prefix_words = 0;
    line->bullet = (uint8_t)starts_with_bullet(disp, disp_len);
    line->home =
        (uint8_t)kh_extract_dump_line_has_key(&v->lists[V_HOME], key ? key : "", key ? key_len : 0);
    {
        const char *sp = memchr(wd, ' ', wl);
        size_t first = sp ? (size_t)(sp - wd) : wl;
        line->cont = (uint8_t)kh_extract_dump_line_has_key(&v->lists[V_CONT], wd, first);
    }
    if (is_counter(m, m_len)) {
        line->kind = KH_EXTRACT_LINE_COUNTER;
        goto done;
    }
    if (nw == 0 || !key)
        goto done;
    if (nw <= 24 && kh_extract_dump_line_is_date(v, wd, wl)) {
        line->kind = KH_EXTRACT_LINE_DATE;
        goto done;
    }
    if (nw <= 3 && kh_extract_dump_line_has_key(&v->lists[V_LOADING], key, key_len)) {
        line->kind = KH_EXTRACT_LINE_LOADING;
        goto done;
    }
    if (nw <= 6 && kh_extract_dump_line_has_key(&v->lists[V_RELATED], key, key_len)) {
        line->kind = KH_EXTRACT_LINE_RELATED_HEADER;
        goto done;
    }
    if (list_prefix(&v->lists[V_SEE_ALSO], wd, wl, &pw) && nw >= pw + 2 && pw < 255) {
        line->kind = KH_EXTRACT_LINE_SEE_ALSO;
        line->prefix_words = (uint8_t)pw;
        goto done;
    }
    if (nw <= 12 && key_len <= SEG_MAX) {
        /* Share rows may carry counts: "Facebook 12 Twitter 3". */
        char bare[SEG_MAX];
        size_t bl = 0;
        for (size_t i = 0; i < key_len; i++)
            if (key[i] < '0' || key[i] > '9')
                bare[bl++] = key[i];
        segment(&v->lists[V_SHARE], bare, bl, &covered);
        if (bl > 0 && covered == bl) {
            line->kind = KH_EXTRACT_LINE_SHARE;
            goto done;
        }
    }
    if (nw >= 2 && nw <= 6) {
        const vocab_list *lg = &v->lists[V_LOGO];
        const char *last = wd + wl;
        while (last > wd && last[-1] != ' ')
            last--;
        const char *sp = memchr(wd, ' ', wl);
        size_t first_len = sp ? (size_t)(sp - wd) : wl;
        for (size_t i = 0; i < lg->n; i++) {
            size_t ll = lg->words_len[i];
            if ((size_t)(wd + wl - last) == ll && memcmp(last, lg->words[i], ll) == 0)
                line->kind = KH_EXTRACT_LINE_LOGO;
            if (first_len == ll && memcmp(wd, lg->words[i], ll) == 0)
                line->kind = KH_EXTRACT_LINE_LOGO;
        }
        if (line->kind == KH_EXTRACT_LINE_LOGO)
            goto done;
    }
    size_t lb = list_prefix(&v->lists[V_LABEL], wd, wl, &pw);
    if (lb && nw > pw && m_len > lb && memcmp(m, wd, lb) == 0) {
        size_t i = lb;
        while (i < m_len && m[i] == ' ')
            i++;
        if (i < m_len && m[i] == ':') {
            line->kind = KH_EXTRACT_LINE_SECTION_LABEL;
            goto done;
        }
    }
    /* Only lines that could be a menu or a section name go through the
     * segmenter: run-together words (long average word), a bare name, or a
     * short row without stop words or final punctuation.  Prose has stop
     * words, which keeps long pages linear and cheap. */
    int menu_shaped = nw <= 3 || key_len >= 14 * nw ||
                      (nw <= 15 && line->n_stop == 0 && line->end == KH_EXTRACT_END_NONE);
    if (key_len <= SEG_MAX && menu_shaped) {
        size_t segs = segment(&v->lists[V_MENU], key, key_len, &covered);
        if (covered == key_len && segs < 256)
            line->menu_names = (uint8_t)segs;
        /* Mostly concatenated known names, or a row of four or more. */
        if (segs >= 4 && covered * 100 >= key_len * 85 &&
            (nw < segs || (covered == key_len && segs >= 4))) {
            line->kind = KH_EXTRACT_LINE_MENU;
            goto done;
        }
        if (nw <= 3 && segs == 1 && covered == key_len && line->end == KH_EXTRACT_END_NONE &&
            !kh_extract_dump_line_has_key(&v->lists[V_HOME], key, key_len)) {
            line->kind = KH_EXTRACT_LINE_SECTION_NAME;
            goto done;
        }
    }
    if (is_meta_line(v, wd, wl, m, m_len, line)) {
        line->kind = KH_EXTRACT_LINE_META;
        goto done;
    }
    int seps = path_seps(disp, disp_len);
    line->path = (uint8_t)(seps < 255 ? seps : 255);
    if ((nw >= 2 && list_prefix(&v->lists[V_HOME], wd, wl, &pw) && nw > pw) ||
        (nw <= 12 && seps >= 2)) {
        line->kind = KH_EXTRACT_LINE_HOME;
        goto done;
    }
    if (nw <= 6 && kh_extract_dump_line_has_key(&v->lists[V_COMMENTS], key, key_len)) {
        line->kind = KH_EXTRACT_LINE_MENU;
        goto done;
    }
    for (size_t i = 0; nw <= 20 && i < v->lists[V_FOOTER].n; i++) {
        const vocab_list *f = &v->lists[V_FOOTER];
        if (memmem(key, key_len, f->keys[i], f->keys_len[i])) {
            line->kind = KH_EXTRACT_LINE_MENU;
            goto done;
        }
    }
    if (has_credit(v, m, m_len))
        line->kind = KH_EXTRACT_LINE_CREDIT;
done:
    kh_buf_clean(&w);
    return rc;
}

int kh_extract_dump_line_is_section(const kh_extract_vocab *v, const char *key, size_t key_len)
{
    if (!key || key_len == 0 || key_len > SEG_MAX)
        return 0;
    size_t covered = 0;
    return segment(&v->lists[V_MENU], key, key_len, &covered) == 1 && covered == key_len;
}

int kh_extract_dump_line_near_dup(const char *a, size_t a_len, const char *b, size_t b_len)
{
    if (!a || !b || a_len == 0 || b_len == 0)
        return 0;
    size_t lo = a_len < b_len ? a_len : b_len, hi = a_len < b_len ? b_len : a_len;
    size_t p = 0;
    while (p < lo && a[p] == b[p])
        p++;
    size_t s = 0;
    while (s < lo - p && a[a_len - 1 - s] == b[b_len - 1 - s])
        s++;
    return (p + s) * 10 >= hi * 9;
}

/* Separators skipped between a prefix and the title it introduces. */
static int is_lead_sep(uint32_t cp)
{
    return cp == ' ' || cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '|' ||
           cp == 0x060C || cp == ',' || cp == 0xFF1A || cp == '.' || cp == 0x2026 || cp == '>' ||
           cp == 0x061B || cp == ';' || cp == 0x00A0;
}

kh_rc kh_extract_dump_line_after_words(const char *disp, size_t disp_len, size_t n_words,
                                       kh_buf *out)
{
    size_t pos = 0, words = 0;
    int in_word = 0;
    uint32_t cp;
    while (pos < disp_len) {
        size_t at = pos;
        int r = kh_text_utf8_next(disp, disp_len, &pos, &cp);
        if (r == 0)
            break;
        int wc = r > 0 && kh_extract_dump_line_is_word(cp);
        if (wc && !in_word) {
            if (words == n_words) {
                pos = at;
                break;
            }
            words++;
        }
        if (!wc && words == n_words && !is_lead_sep(cp)) {
            pos = at; /* an opening quote belongs to the title */
            break;
        }
        in_word = wc;
    }
    while (disp_len > pos && disp[disp_len - 1] == ' ')
        disp_len--;
    return kh_buf_append(out, disp + pos, disp_len - pos);
}

kh_rc kh_extract_dump_line_after_colon(const char *disp, size_t disp_len, kh_buf *out)
{
    const char *c = memchr(disp, ':', disp_len);
    size_t i = c ? (size_t)(c - disp) + 1 : disp_len;
    while (i < disp_len && disp[i] == ' ')
        i++;
    while (disp_len > i && disp[disp_len - 1] == ' ')
        disp_len--;
    return kh_buf_append(out, disp + i, disp_len - i);
}

static int is_logo_word(const char *s, size_t n)
{
    if (n == 4 && strncasecmp(s, "logo", 4) == 0)
        return 1;
    return n == 8 && memcmp(s, "\xd8\xb4\xd8\xb9\xd8\xa7\xd8\xb1", 8) == 0; /* شعار */
}

kh_rc kh_extract_dump_line_outlet(const char *disp, size_t disp_len, kh_buf *out)
{
    size_t b = 0, e = disp_len;
    while (e > b && disp[e - 1] == ' ')
        e--;
    size_t last = e;
    while (last > b && disp[last - 1] != ' ')
        last--;
    if (is_logo_word(disp + last, e - last)) {
        e = last;
    } else {
        const char *sp = memchr(disp, ' ', e);
        size_t first = sp ? (size_t)(sp - disp) : e;
        if (is_logo_word(disp, first))
            b = first;
    }
    /* Without harakat and tatweel: "خَبَرَيْن" names the outlet "خبرين". */
    size_t pos = b, start = out->len;
    uint32_t cp;
    int r, space = 0;
    while (pos < e && (r = kh_text_utf8_next(disp, e, &pos, &cp)) != 0) {
        if (r < 0 || cp == 0x0640 || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
            (cp >= 0x06D6 && cp <= 0x06ED))
            continue;
        if (cp == ' ') {
            space = out->len > start;
            continue;
        }
        if (space && kh_buf_appendc(out, ' ') != KH_OK)
            return KH_ERR_NOMEM;
        space = 0;
        if (kh_text_utf8_put(out, cp) != KH_OK)
            return KH_ERR_NOMEM;
    }
    if (!out->data && kh_buf_append(out, "", 0) != KH_OK)
        return KH_ERR_NOMEM;
    /* "الوادي - logo" names "الوادي": drop separators left at the end. */
    while (out->len > start && strchr(" -|:", out->data[out->len - 1]))
        out->data[--out->len] = '\0';
    return KH_OK;
}

kh_rc kh_extract_dump_line_words(const char *disp, size_t disp_len, size_t first, size_t last,
                                 kh_buf *out)
{
    size_t pos = 0, words = 0, b = disp_len, e = disp_len;
    int in_word = 0;
    uint32_t cp;
    while (pos < disp_len) {
        size_t at = pos;
        int r = kh_text_utf8_next(disp, disp_len, &pos, &cp);
        if (r == 0)
            break;
        int wc = r > 0 && kh_extract_dump_line_is_word(cp);
        if (wc && !in_word) {
            if (words == first && b == disp_len)
                b = at;
            if (words == last) {
                e = at;
                break;
            }
            words++;
        }
        in_word = wc;
    }
    if (b > e)
        b = e;
    /* Trim spaces and separators on both sides. */
    while (b < e && (disp[b] == ' ' || disp[b] == '>' || disp[b] == '/' || disp[b] == '|'))
        b++;
    while (e > b && (disp[e - 1] == ' ' || disp[e - 1] == '>' || disp[e - 1] == '/' ||
                     disp[e - 1] == '|' || disp[e - 1] == '-'))
        e--;
    return kh_buf_append(out, disp + b, e - b);
}
