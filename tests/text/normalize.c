/*
 * tests/text/normalize.c - tests src/text/normalize.c: each folding rule of
 * the match form on its own input, the display form, white space, broken
 * bytes, the real seed texts from ../shared, and failing allocations.
 */
#include "core/alloc.h"
#include "text/text.h"
#include "test.h"
#include "utf8_check.h"

#include <dirent.h>

static char *norm(const char *in)
{
    kh_buf b;
    kh_buf_init(&b, 1 << 20);
    if (kh_text_normalize(in, strlen(in), &b) != KH_OK)
        return NULL;
    return kh_buf_take(&b, NULL);
}

static char *disp(const char *in)
{
    kh_buf b;
    kh_buf_init(&b, 1 << 20);
    if (kh_text_clean_display(in, strlen(in), &b) != KH_OK)
        return NULL;
    return kh_buf_take(&b, NULL);
}

#define CHECK_NORM(in, want)                                                                       \
    do {                                                                                           \
        char *o_ = norm(in);                                                                       \
        int same_ = o_ && strcmp(o_, want) == 0;                                                   \
        if (!same_)                                                                                \
            fprintf(stderr, "  normalize(\"%s\") = \"%s\"\n", in, o_ ? o_ : "(null)");             \
        kh_free(o_);                                                                               \
        CHECK(same_);                                                                              \
    } while (0)

#define CHECK_DISP(in, want)                                                                       \
    do {                                                                                           \
        char *o_ = disp(in);                                                                       \
        int same_ = o_ && strcmp(o_, want) == 0;                                                   \
        if (!same_)                                                                                \
            fprintf(stderr, "  clean_display(\"%s\") = \"%s\"\n", in, o_ ? o_ : "(null)");         \
        kh_free(o_);                                                                               \
        CHECK(same_);                                                                              \
    } while (0)

TEST(normalize_alef_forms)
{
    CHECK_NORM("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله");
}

TEST(normalize_ya_ta_marbuta_hamza_seats)
{
    CHECK_NORM("مستشفى مدرسة مسؤول رئيس", "مستشفي مدرسه مسوول رييس");
}

TEST(normalize_hamza_alone_kept)
{
    CHECK_NORM("سماء شيء", "سماء شيء");
}

TEST(normalize_tatweel)
{
    CHECK_NORM("الســــــلام", "السلام");
}

TEST(normalize_diacritics)
{
    CHECK_NORM("كَتَبَ الطَّالِبُ دَرْسًا هٰذا", "كتب الطالب درسا هذا");
}

TEST(normalize_quranic_marks)
{
    CHECK_NORM("الرَّحِيمِ ۝ ذَٰلِكَ ۖ", "الرحيم ذلك");
}

TEST(normalize_presentation_forms)
{
    CHECK_NORM("\xEF\xBB\xBB", "لا");             /* U+FEFB lam-alef isolated */
    CHECK_NORM("\xEF\xBA\x8D", "ا");              /* U+FE8D alef isolated */
    CHECK_NORM("\xEF\xBB\xB7", "لا");             /* U+FEF7 lam with alef-hamza */
    CHECK_NORM("\xEF\xBA\x91\xEF\xBB\xA4", "بم"); /* beh initial, meem medial */
    CHECK_NORM("\xEF\xB7\xB2", "الله");           /* U+FDF2 */
}

TEST(normalize_persian_urdu_letters)
{
    CHECK_NORM("ک ی ۀ ڤ پ گ چ ژ ے ۃ", "ك ي ه ف ب ك ج ز ي ه");
}

TEST(normalize_digits)
{
    CHECK_NORM("٠١٢٣ ۴۵ 67", "0123 45 67");
    CHECK_NORM("٣٫٥", "3.5");
}

TEST(normalize_punctuation)
{
    CHECK_NORM("نعم، لا؛ متى؟ «هنا» “هناك”", "نعم, لا; متي? \"هنا\" \"هناك\"");
}

TEST(normalize_invisible_controls)
{
    CHECK_NORM("\xE2\x80\x8B"
               "ب\xE2\x80\x8F"
               "ي\xE2\x80\xAB"
               "ت\xE2\x81\xA6\xD8\x9C\xEF\xBB\xBF\xE2\x81\xA0",
               "بيت");
}

TEST(normalize_latin_lowercase)
{
    CHECK_NORM("NEWS Agency ÉTÉ", "news agency été");
}

TEST(normalize_whitespace_runs)
{
    CHECK_NORM("  \t a \xC2\xA0\xC2\xA0 b\n\r\n c \xE2\x80\x83 ", "a b c");
    CHECK_NORM(" \n\t ", "");
}

TEST(normalize_appends)
{
    kh_buf b;
    kh_buf_init(&b, 1024);
    CHECK(kh_buf_appends(&b, "x|") == KH_OK);
    CHECK(kh_text_normalize(" أ ", 4, &b) == KH_OK);
    CHECK_STR(b.data, "x|ا");
    kh_buf_clean(&b);
}

TEST(normalize_empty_and_null)
{
    kh_buf b;
    kh_buf_init(&b, 16);
    CHECK(kh_text_normalize("", 0, &b) == KH_OK);
    CHECK(b.data != NULL && b.len == 0);
    CHECK(kh_text_normalize(NULL, 0, &b) == KH_OK);
    CHECK(kh_text_normalize(NULL, 2, &b) == KH_ERR_ARG);
    CHECK(kh_text_normalize("a", 1, NULL) == KH_ERR_ARG);
    kh_buf_clean(&b);
}

TEST(normalize_over_cap)
{
    kh_buf b;
    kh_buf_init(&b, 8);
    CHECK(kh_text_normalize("مرحبا بالعالم", strlen("مرحبا بالعالم"), &b) == KH_ERR_TOOBIG);
    CHECK(b.data == NULL);
}

TEST(normalize_bad_utf8)
{
    const char s[] = "a\xC0\xAF"
                     "b\xED\xA0\x80"
                     "c\xD8";
    kh_buf b;
    kh_buf_init(&b, 1024);
    CHECK(kh_text_normalize(s, sizeof s - 1, &b) == KH_OK);
    CHECK_STR(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBD"
                      "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                      "c\xEF\xBF\xBD");
    kh_buf_clean(&b);
    const char z[] = {'a', 0, 'b'};
    kh_buf_init(&b, 1024);
    CHECK(kh_text_normalize(z, 3, &b) == KH_OK);
    CHECK_STR(b.data, "ab");
    kh_buf_clean(&b);
}

TEST(normalize_random_junk)
{
    uint32_t x = 88172645u;
    unsigned char in[300];
    for (int round = 0; round < 3000; round++) {
        size_t n = round % 300;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            unsigned v = x & 0xFF;
            unsigned pick = (x >> 8) % 4;
            in[i] = (unsigned char)(pick == 0 ? 0xD8 + (v & 3) : pick == 1 ? 0xEF : v);
        }
        for (int match = 0; match < 2; match++) {
            kh_buf b;
            kh_buf_init(&b, 1 << 16);
            kh_rc rc = match ? kh_text_normalize((const char *)in, n, &b)
                             : kh_text_clean_display((const char *)in, n, &b);
            CHECK(rc == KH_OK);
            CHECK(valid_utf8((const unsigned char *)b.data, b.len));
            CHECK(strlen(b.data) == b.len);
            CHECK(b.len == 0 || (b.data[0] != ' ' && b.data[b.len - 1] != ' '));
            kh_buf_clean(&b);
        }
    }
}

TEST(normalize_long_input_crosses_flushes)
{
    /* Longer than the 4 KiB staging buffer, with a compatibility character
     * that expands, so flushes happen mid-word. */
    kh_buf in, b;
    kh_buf_init(&in, 1 << 20);
    kh_buf_init(&b, 1 << 20);
    for (int i = 0; i < 3000; i++)
        CHECK(kh_buf_appends(&in, "أ \xEF\xB7\xBA ") == KH_OK); /* U+FDFA expands to 4 words */
    CHECK(kh_text_normalize(in.data, in.len, &b) == KH_OK);
    size_t unit = strlen("ا صلي الله عليه وسلم ");
    CHECK_INT(b.len, unit * 3000 - 1);
    CHECK(memcmp(b.data + unit * 2999, "ا صلي الله عليه وسلم", unit - 1) == 0);
    kh_buf_clean(&in);
    kh_buf_clean(&b);
}

TEST(clean_display_keeps_letters)
{
    CHECK_DISP("أَحْمَد إلى مستشفى الـمدينة ٣", "أَحْمَد إلى مستشفى الـمدينة ٣");
}

TEST(clean_display_presentation_forms)
{
    CHECK_DISP("\xEF\xBB\xB7", "لأ"); /* U+FEF7 keeps its hamza, recomposed */
    CHECK_DISP("\xEF\xBB\xBB", "لا");
}

TEST(clean_display_whitespace_and_lines)
{
    CHECK_DISP("  سطر\xE2\x80\x8F  أول \r\n\n  سطر ثان\t ", "سطر أول\nسطر ثان");
}

/* Every seed text in ../shared/seeds: the match form keeps no harakat, no
 * tatweel, no hamza-carrying alef, no ى or ة, and is valid UTF-8. */
TEST(normalize_seed_texts)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/seeds", kh_test_shared());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int n_files = 0, bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && !bad) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        kh_buf in, out;
        kh_buf_init(&in, KH_CAP_PAGE);
        kh_buf_init(&out, KH_CAP_PAGE);
        if (kh_buf_read_file(&in, path, NULL) != KH_OK ||
            kh_text_normalize(in.data, in.len, &out) != KH_OK) {
            bad = 1;
        } else {
            size_t pos = 0;
            uint32_t cp;
            int r;
            while ((r = kh_text_utf8_next(out.data, out.len, &pos, &cp)) != 0) {
                if (r < 0)
                    bad = 2;
                if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 ||
                    cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0671 || cp == 0x0649 ||
                    cp == 0x0629 || (cp >= 0x0660 && cp <= 0x0669) ||
                    (cp >= 0xFB50 && cp <= 0xFEFF) || (cp >= 0x200B && cp <= 0x200F)) {
                    fprintf(stderr, "  %s: U+%04X left at byte %zu\n", path, cp, pos);
                    bad = 3;
                    break;
                }
            }
            if (out.len == 0 || !valid_utf8((const unsigned char *)out.data, out.len))
                bad = 4;
            n_files++;
        }
        kh_buf_clean(&in);
        kh_buf_clean(&out);
    }
    closedir(d);
    CHECK_INT(bad, 0);
    CHECK(n_files > 0);
}

/* normalize(normalize(x)) == normalize(x): the match form is a fixed point,
 * so keys made at ingest and at query time agree.  Random bytes biased to
 * Arabic, presentation forms and controls. */
TEST(normalize_idempotent)
{
    static const char *const pieces[] = {"أ",
                                         "ى",
                                         "ة",
                                         "\xEF\xBB\xBB",
                                         "\xEF\xB7\xBA",
                                         "ـ",
                                         "َ",
                                         "٣",
                                         "۴",
                                         "،",
                                         "«",
                                         " ",
                                         "\xC2\xA0",
                                         "\n",
                                         "\xE2\x80\x8F",
                                         "A",
                                         "É",
                                         "\xEF\xBC\xA1",
                                         "\xFF",
                                         "\xD8",
                                         "ک",
                                         "ی",
                                         "\xE2\x80\xA6",
                                         "ء",
                                         "x"};
    uint32_t x = 99991u;
    for (int round = 0; round < 2000; round++) {
        kh_buf in, a, b;
        kh_buf_init(&in, 1 << 16);
        kh_buf_init(&a, 1 << 16);
        kh_buf_init(&b, 1 << 16);
        for (int i = 0; i < round % 40; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            CHECK(kh_buf_appends(&in, pieces[x % (sizeof pieces / sizeof pieces[0])]) == KH_OK);
        }
        CHECK(kh_text_normalize(in.data ? in.data : "", in.len, &a) == KH_OK);
        CHECK(kh_text_normalize(a.data, a.len, &b) == KH_OK);
        int same = strcmp(a.data, b.data) == 0;
        if (!same)
            fprintf(stderr, "  \"%s\" -> \"%s\" -> \"%s\"\n", in.data, a.data, b.data);
        kh_buf_clean(&in);
        kh_buf_clean(&a);
        kh_buf_clean(&b);
        CHECK(same);
    }
}

TEST(normalize_fault)
{
    kh_buf in;
    kh_buf_init(&in, 1 << 20);
    for (int i = 0; i < 1000; i++)
        CHECK(kh_buf_appends(&in, "الْقُدْسُ ") == KH_OK);
    char *want = norm(in.data);
    CHECK(want != NULL);
    int saw_fail = 0;
    for (long k = 0; k < 40; k++) {
        kh_buf b;
        kh_buf_init(&b, 1 << 20);
        kh_alloc_fail_after(k);
        kh_rc rc = kh_text_normalize(in.data, in.len, &b);
        kh_alloc_fail_after(-1);
        if (rc == KH_OK) {
            CHECK_STR(b.data, want);
        } else {
            CHECK(rc == KH_ERR_NOMEM);
            CHECK(b.data == NULL);
            saw_fail = 1;
        }
        kh_buf_clean(&b);
    }
    kh_free(want);
    kh_buf_clean(&in);
#ifdef KH_FAULT_INJECT
    CHECK(saw_fail);
#else
    (void)saw_fail;
#endif
}

/* The match form of letter cp of U+0621..U+064A as the rules state them
 * one by one (0: dropped), for the tests that run every letter. */
static uint32_t letter_fold(uint32_t cp)
{
    if (cp == 0x0622 || cp == 0x0623 || cp == 0x0625)
        return 0x0627;
    if (cp == 0x0624)
        return 0x0648;
    if (cp == 0x0626 || cp == 0x0649)
        return 0x064A;
    if (cp == 0x0629)
        return 0x0647;
    if (cp == 0x063B || cp == 0x063C)
        return 0x0643;
    if (cp == 0x0640)
        return 0; /* tatweel: nothing */
    return cp;
}

/* Every code point of U+0621..U+064A, alone and in a word: the letters
 * copied as they are (the fast path) and those that fold, against the
 * rules stated one by one. */
TEST(normalize_letters_u0621_u064a)
{
    char in[512], want[512];
    size_t ni = 0, nw = 0;
    for (uint32_t cp = 0x0621; cp <= 0x064A; cp++) {
        uint32_t f = letter_fold(cp);
        /* "<letter>\n<letter>ب " in, "<f> <f>ب" wanted (runs collapse) */
        for (int r = 0; r < 2; r++) {
            in[ni++] = (char)(0xC0 | (cp >> 6));
            in[ni++] = (char)(0x80 | (cp & 0x3F));
            if (r == 0) {
                in[ni++] = '\n';
            } else {
                memcpy(in + ni, "ب ", 3);
                ni += 3;
            }
            if (f) {
                want[nw++] = (char)(0xC0 | (f >> 6));
                want[nw++] = (char)(0x80 | (f & 0x3F));
            }
            if (r == 0 && f) {
                want[nw++] = ' ';
            } else if (r == 1) {
                memcpy(want + nw, "ب ", 3);
                nw += 3;
            }
        }
    }
    in[ni] = '\0';
    want[nw > 0 ? nw - 1 : 0] = '\0'; /* no trailing space */
    CHECK(ni < sizeof in && nw < sizeof want);
    CHECK_NORM(in, want);
}

/* Every letter of U+0621..U+064A inside a word (between two ب), where the
 * word's run is copied through a table rather than letter by letter, and
 * two of each in a row: the same folds as the rules state. */
TEST(normalize_letters_inside_word)
{
    for (uint32_t cp = 0x0621; cp <= 0x064A; cp++) {
        uint32_t f = letter_fold(cp);
        char l[3] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F)), 0};
        char m[3] = {0};
        if (f) {
            m[0] = (char)(0xC0 | (f >> 6));
            m[1] = (char)(0x80 | (f & 0x3F));
        }
        char in[64], want[64];
        snprintf(in, sizeof in, "ب%sب ب%s%s", l, l, l);
        snprintf(want, sizeof want, "ب%sب ب%s%s", m, m, m);
        if (!f)
            snprintf(want, sizeof want, "بب ب");
        CHECK_NORM(in, want);
    }
}

int main(void)
{
    TEST_RUN("text/normalize", TEST_CASE(normalize_alef_forms),
             TEST_CASE(normalize_ya_ta_marbuta_hamza_seats), TEST_CASE(normalize_hamza_alone_kept),
             TEST_CASE(normalize_tatweel), TEST_CASE(normalize_diacritics),
             TEST_CASE(normalize_quranic_marks), TEST_CASE(normalize_presentation_forms),
             TEST_CASE(normalize_persian_urdu_letters), TEST_CASE(normalize_digits),
             TEST_CASE(normalize_punctuation), TEST_CASE(normalize_invisible_controls),
             TEST_CASE(normalize_latin_lowercase), TEST_CASE(normalize_whitespace_runs),
             TEST_CASE(normalize_appends), TEST_CASE(normalize_empty_and_null),
             TEST_CASE(normalize_over_cap), TEST_CASE(normalize_bad_utf8),
             TEST_CASE(normalize_random_junk), TEST_CASE(normalize_long_input_crosses_flushes),
             TEST_CASE(clean_display_keeps_letters), TEST_CASE(clean_display_presentation_forms),
             TEST_CASE(clean_display_whitespace_and_lines), TEST_CASE(normalize_seed_texts),
             TEST_CASE(normalize_idempotent), TEST_CASE(normalize_fault),
             TEST_CASE(normalize_letters_u0621_u064a), TEST_CASE(normalize_letters_inside_word));
}
