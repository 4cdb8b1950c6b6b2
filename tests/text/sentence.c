/*
 * tests/text/sentence.c - tests src/text/sentence.c: Arabic and Latin
 * terminators, line breaks, quotations (short and runaway), decimal
 * numbers, abbreviations, trimming and bad input.
 */
#include "text/text.h"
#include "test.h"

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

int main(void)
{
    TEST_RUN("text/sentence", TEST_CASE(sentence_arabic_terminators),
             TEST_CASE(sentence_line_breaks), TEST_CASE(sentence_quote_not_split),
             TEST_CASE(sentence_quote_closing_after_terminator),
             TEST_CASE(sentence_runaway_quote_splits), TEST_CASE(sentence_decimal_numbers),
             TEST_CASE(sentence_abbreviations), TEST_CASE(sentence_terminator_runs),
             TEST_CASE(sentence_offsets_and_trim), TEST_CASE(sentence_empty_and_null),
             TEST_CASE(sentence_random_junk_progresses));
}
