/*
 * tests/text/sentence.c - tests src/text/sentence.c: Arabic and Latin
 * terminators, line breaks, quotations (short and runaway), decimal
 * numbers, abbreviations, trimming and bad input.
 */
#include "text/text.h"
#include "test.h"

#include <dirent.h>

/* Splits s and joins the sentences with " | ". */
static const char *split(const char *s, char *out, size_t cap)
{
    size_t pos = 0, st, len, o = 0, n = strlen(s);
    out[0] = '\0';
    while (kh_text_sentence_next(s, n, &pos, &st, &len)) {
        int w = snprintf(out + o, cap - o, "%s%.*s", o ? " | " : "", (int)len, s + st);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
    return out;
}

#define CHECK_SPLIT(in, want)                                                                      \
    do {                                                                                           \
        char got_[4096];                                                                           \
        CHECK_STR(split(in, got_, sizeof got_), want);                                             \
    } while (0)

TEST(sentence_arabic_terminators)
{
    CHECK_SPLIT("هل وصل الوفد؟ نعم وصل. ثم غادر؛ وانتهى",
                "هل وصل الوفد؟ | نعم وصل. | ثم غادر؛ | وانتهى");
}

TEST(sentence_line_breaks)
{
    CHECK_SPLIT("العنوان\nالفقرة الأولى بلا نقطة\n\n  الثانية.  ",
                "العنوان | الفقرة الأولى بلا نقطة | الثانية.");
}

TEST(sentence_quote_not_split)
{
    CHECK_SPLIT("قال: «سنعود. لن نتأخر» ثم مضى. وبعد", "قال: «سنعود. لن نتأخر» ثم مضى. | وبعد");
    CHECK_SPLIT("قال “لا. أبدا” وخرج. تم", "قال “لا. أبدا” وخرج. | تم");
    CHECK_SPLIT("He said \"no. never\" and left. Then", "He said \"no. never\" and left. | Then");
}

TEST(sentence_quote_closing_after_terminator)
{
    CHECK_SPLIT("قال: «انتهى الأمر.» وغادر القاعة.", "قال: «انتهى الأمر.» | وغادر القاعة.");
}

TEST(sentence_runaway_quote_splits)
{
    char in[2000], want[2100];
    strcpy(in, "«");
    for (int i = 0; i < 60; i++)
        strcat(in, "كلام طويل ");
    strcat(in, "هنا. وبعده جملة");
    snprintf(want, sizeof want, "%.*s | وبعده جملة", (int)(strlen(in) - strlen(" وبعده جملة")), in);
    CHECK_SPLIT(in, want);
}

TEST(sentence_decimal_numbers)
{
    CHECK_SPLIT("ارتفع 3.5 بالمئة. وانخفض ٢.٧ أيضا", "ارتفع 3.5 بالمئة. | وانخفض ٢.٧ أيضا");
}

TEST(sentence_abbreviations)
{
    CHECK_SPLIT("التقى د. أحمد مع Mr. Smith في U.S. أمس. ثم",
                "التقى د. أحمد مع Mr. Smith في U.S. أمس. | ثم");
    CHECK_SPLIT("ولد عام 1990 م. ثم هاجر", "ولد عام 1990 م. | ثم هاجر");
    CHECK_SPLIT("see cnn.com now. ok", "see cnn.com now. | ok");
    CHECK_SPLIT("بني عام 300 ق.م. على التل. ثم", "بني عام 300 ق.م. على التل. | ثم");
}

TEST(sentence_stop_without_space)
{
    /* A stop typed without its space between Arabic words, or after a
     * number, ends the sentence; abbreviations and Latin stay whole. */
    CHECK_SPLIT("نقل المصابين إلى المستشفى.وقال المتحدث إن الحالة مستقرة",
                "نقل المصابين إلى المستشفى. | وقال المتحدث إن الحالة مستقرة");
    CHECK_SPLIT("افتتح عام 2015.وبلغت كلفته مليونا", "افتتح عام 2015. | وبلغت كلفته مليونا");
    CHECK_SPLIT("قال د.عبدالله إن ق.م.قديمة", "قال د.عبدالله إن ق.م.قديمة");
    CHECK_SPLIT("زار samsung.com.وقال", "زار samsung.com.وقال");
}

TEST(sentence_terminator_runs)
{
    CHECK_SPLIT("ماذا؟! حقا... نعم", "ماذا؟! | حقا... | نعم");
    CHECK_SPLIT("(انتهى.) التالي", "(انتهى.) | التالي");
}

TEST(sentence_offsets_and_trim)
{
    const char *s = "  نعم.  ب  ";
    size_t pos = 0, st, len;
    CHECK(kh_text_sentence_next(s, strlen(s), &pos, &st, &len));
    CHECK_INT(st, 2);
    CHECK_INT(len, 7);
    CHECK(kh_text_sentence_next(s, strlen(s), &pos, &st, &len));
    CHECK_INT(st, 11);
    CHECK_INT(len, 2);
    CHECK(!kh_text_sentence_next(s, strlen(s), &pos, &st, &len));
}

TEST(sentence_empty_and_null)
{
    size_t pos = 0, st, len;
    CHECK(!kh_text_sentence_next("", 0, &pos, &st, &len));
    CHECK(!kh_text_sentence_next(" \n\t\xE2\x80\x8F", 7, &pos, &st, &len));
    CHECK(!kh_text_sentence_next(NULL, 4, &pos, &st, &len));
    CHECK(!kh_text_sentence_next("a", 1, NULL, &st, &len));
}

TEST(sentence_random_junk_progresses)
{
    uint32_t x = 7777777u;
    unsigned char in[300];
    static const unsigned char alphabet[] = {'.',  ' ',  '\n', '"',  'a',  '3',  0xD8, 0xA7,
                                             0xC2, 0xAB, 0xBB, 0xD9, 0x80, 0x9F, 0xE2, 0x80};
    for (int round = 0; round < 3000; round++) {
        size_t n = round % 300;
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            in[i] = (x >> 9) % 2 ? alphabet[x % sizeof alphabet] : (unsigned char)(x & 0xFF);
        }
        size_t pos = 0, st, len, last = 0, count = 0;
        while (kh_text_sentence_next((const char *)in, n, &pos, &st, &len)) {
            CHECK(len > 0 && st >= last && st + len <= n && pos >= st + len);
            last = st + len;
            CHECK(++count <= n);
        }
    }
}

/* The seed pages of ../shared/seeds, in display form: every sentence is
 * trimmed and on one line, and only white space lies between sentences. */
TEST(sentence_seed_texts)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s/seeds", kh_test_shared());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int n_files = 0, bad = 0;
    size_t n_sent = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && !bad) {
        size_t l = strlen(e->d_name);
        if (l < 4 || strcmp(e->d_name + l - 4, ".txt") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        kh_buf in, disp;
        kh_buf_init(&in, KH_CAP_PAGE);
        kh_buf_init(&disp, KH_CAP_PAGE);
        if (kh_buf_read_file(&in, path, NULL) != KH_OK ||
            kh_text_clean_display(in.data, in.len, &disp) != KH_OK) {
            bad = 1;
        } else {
            size_t pos = 0, st, len, last = 0;
            while (kh_text_sentence_next(disp.data, disp.len, &pos, &st, &len)) {
                const char *p = disp.data + st;
                if (len == 0 || p[0] == ' ' || p[len - 1] == ' ' || memchr(p, '\n', len) ||
                    st < last)
                    bad = 2;
                for (size_t i = last; i < st && !bad; i++) /* gaps are white space only */
                    if (disp.data[i] != ' ' && disp.data[i] != '\n')
                        bad = 3;
                last = st + len;
                n_sent++;
            }
            if (last != disp.len) /* the display form is trimmed: nothing after */
                bad = 4;
            n_files++;
        }
        kh_buf_clean(&in);
        kh_buf_clean(&disp);
    }
    closedir(d);
    CHECK_INT(bad, 0);
    CHECK(n_files > 0);
    CHECK(n_sent >= (size_t)n_files * 10);
}

int main(void)
{
    TEST_RUN("text/sentence", TEST_CASE(sentence_arabic_terminators),
             TEST_CASE(sentence_line_breaks), TEST_CASE(sentence_quote_not_split),
             TEST_CASE(sentence_quote_closing_after_terminator),
             TEST_CASE(sentence_runaway_quote_splits), TEST_CASE(sentence_decimal_numbers),
             TEST_CASE(sentence_abbreviations), TEST_CASE(sentence_stop_without_space),
             TEST_CASE(sentence_terminator_runs), TEST_CASE(sentence_offsets_and_trim),
             TEST_CASE(sentence_empty_and_null), TEST_CASE(sentence_random_junk_progresses),
             TEST_CASE(sentence_seed_texts));
}
