/*
 * src/extract/dump_line_date.c - date lines of a text dump: recognising
 * them ("الخميس 17 أبريل 2025 - 10:30 ص", "نشر في: 17/04/2025") and reading
 * the publication date out of them as ISO 8601.
 *
 * A date line is made only of numbers, month and day names and the words
 * around dates; the month lists (Egyptian/Gulf, Levantine, Maghrebi,
 * English) are in dump_line_words.c.  Numeric dates are read day first, as
 * Arab outlets print them, unless the year comes first.
 * Depends on: core, text.
 */
#include "extract/extract_int.h"

#include <stdlib.h>
#include <string.h>

static size_t month_at(const kh_extract_vocab *v, const char *w, size_t w_len, int *month);
static int is_number(const char *w, size_t n);

/* The byte length of the month name starting word form w (0 if none) and
 * its number in *month. */
static size_t month_at(const kh_extract_vocab *v, const char *w, size_t w_len, int *month)
{
    const vocab_list *l = &v->lists[V_MONTH];
    size_t best = 0;
    for (size_t i = 0; i < l->n; i++) {
        size_t len = l->words_len[i];
        if (len > best && len <= w_len && memcmp(l->words[i], w, len) == 0 &&
            (len == w_len || w[len] == ' ')) {
            best = len;
            *month = kh_extract_dump_line_month(i);
        }
    }
    return best;
}

static int is_number(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (w[i] < '0' || w[i] > '9')
            return 0;
    return n > 0;
}

/* A date line is made only of numbers, month and day names and the words
 * around dates ("نشر في", "آخر تحديث", "الساعة", "منذ"), with a number. */
int kh_extract_dump_line_is_date(const kh_extract_vocab *v, const char *w, size_t w_len)
{
    int numbers = 0, month = 0;
    for (size_t i = 0; i < w_len;) {
        size_t ml = month_at(v, w + i, w_len - i, &month);
        if (ml) {
            i += ml + 1;
            continue;
        }
        size_t j = i;
        while (j < w_len && w[j] != ' ')
            j++;
        if (is_number(w + i, j - i))
            numbers++;
        else if (!kh_extract_dump_line_has_key(&v->lists[V_DATE_WORD], w + i, j - i))
            return 0;
        i = j + 1;
    }
    return numbers > 0;
}

typedef struct date_tok {
    int kind; /* 0 other, 1 number, 2 month, 3 an afternoon word */
    int value;
    size_t digits;
} date_tok;

kh_rc kh_extract_dump_line_date(const kh_extract_vocab *v, const char *m, size_t m_len, kh_buf *out)
{
    kh_buf w;
    kh_buf_init(&w, 4096);
    kh_rc rc = kh_extract_dump_line_word_form(m, m_len, &w);
    date_tok t[32];
    size_t n = 0;
    for (size_t i = 0; rc == KH_OK && i < w.len && n < 32;) {
        int month = 0;
        size_t ml = month_at(v, w.data + i, w.len - i, &month);
        size_t j = i;
        while (j < w.len && w.data[j] != ' ')
            j++;
        if (ml) {
            /* "أبريل/ نيسان": two names of one month count once. */
            if (n == 0 || t[n - 1].kind != 2)
                t[n++] = (date_tok){2, month, 0};
            j = i + ml;
        } else if (is_number(w.data + i, j - i) && j - i <= 4) {
            t[n++] = (date_tok){1, atoi(w.data + i), j - i};
        } else {
            /* "م", "مساء", "pm" after a clock time: afternoon. */
            static const char *const pm[] = {"\xd9\x85", "\xd9\x85\xd8\xb3\xd8\xa7\xd8\xa1", "pm",
                                             NULL};
            int is_pm = 0;
            for (size_t k = 0; pm[k]; k++)
                if (strlen(pm[k]) == j - i && memcmp(w.data + i, pm[k], j - i) == 0)
                    is_pm = 1;
            t[n++] = (date_tok){is_pm ? 3 : 0, 0, 0};
        }
        i = j + 1;
    }
    /* Day, month, year in the orders outlets print them. */
    int y = 0, mo = 0, d = 0;
    size_t end = 0;
    for (size_t i = 0; !y && i + 2 < n; i++) {
        const date_tok *a = &t[i], *b = &t[i + 1], *c = &t[i + 2];
        int num3 = a->kind == 1 && b->kind == 1 && c->kind == 1;
        if (num3 && a->digits == 4 && b->value >= 1 && b->value <= 12)
            y = a->value, mo = b->value, d = c->value; /* 2025-04-17 */
        else if (num3 && c->digits == 4 && b->value >= 1 && b->value <= 12)
            d = a->value, mo = b->value, y = c->value; /* 17/04/2025 */
        else if (a->kind == 1 && b->kind == 2 && c->kind == 1 && c->digits == 4)
            d = a->value, mo = b->value, y = c->value; /* 17 أبريل 2025 */
        else if (a->kind == 2 && b->kind == 1 && c->kind == 1 && c->digits == 4)
            mo = a->value, d = b->value, y = c->value; /* April 17, 2025 */
        end = i + 3;
    }
    if (rc == KH_OK && y >= 1900 && y <= 2100 && d >= 1 && d <= 31) {
        rc = kh_buf_printf(out, "%04d-%02d-%02d", y, mo, d);
        /* A clock time after the date: two numbers, hours then minutes. */
        for (size_t i = end; rc == KH_OK && i + 1 < n; i++)
            if (t[i].kind == 1 && t[i + 1].kind == 1 && t[i].value <= 23 && t[i + 1].value <= 59 &&
                t[i + 1].digits == 2) {
                int h = t[i].value;
                if (h < 12 && i + 2 < n && t[i + 2].kind == 3)
                    h += 12;
                rc = kh_buf_printf(out, "T%02d:%02d", h, t[i + 1].value);
                break;
            }
    }
    kh_buf_clean(&w);
    return rc;
}
