/*
 * tests/extract/detect.c - kh_extract_detect (src/extract/extract.c): what
 * kind of page a buffer holds, from its first bytes.
 */
#include "extract/extract.h"
#include "test.h"

static kh_input_kind detect(const char *s)
{
    return kh_extract_detect(s, strlen(s));
}

TEST(detect_html_doctype)
{
    CHECK_INT(detect("<!DOCTYPE html><html><body><p>نص</p></body></html>"), KH_INPUT_HTML);
}

TEST(detect_html_bom_and_space)
{
    CHECK_INT(detect("\xef\xbb\xbf  \n\t<html lang=\"ar\"><head></head></html>"), KH_INPUT_HTML);
}

TEST(detect_html_fragment)
{
    CHECK_INT(detect("<div class=\"post\"><p>خبر قصير</p></div>"), KH_INPUT_HTML);
    CHECK_INT(detect("<P>فقرة</P>"), KH_INPUT_HTML);
}

/* A dump line that happens to start with "<" is still a dump. */
TEST(detect_angle_text)
{
    CHECK_INT(detect("<< عاجل >> انقطاع الكهرباء في العاصمة\nوقالت الشركة إن العطل سيصلح."),
              KH_INPUT_TEXT);
}

TEST(detect_json_record)
{
    CHECK_INT(detect("{\"title\": \"عنوان\", \"text\": \"نص\"}"), KH_INPUT_JSON);
    CHECK_INT(detect("  {\"html\": \"<p>نص</p>\"}"), KH_INPUT_JSON);
}

/* Braces without a record's fields, or broken JSON, are text. */
TEST(detect_json_not_record)
{
    CHECK_INT(detect("{\"a\": 1}"), KH_INPUT_TEXT);
    CHECK_INT(detect("{\"title\": \"عنوان\""), KH_INPUT_TEXT);
    CHECK_INT(detect("{\"title\": 3}"), KH_INPUT_TEXT);
}

TEST(detect_text_dump)
{
    CHECK_INT(detect("موقع الخبر logo\nعنوان الخبر\nنص الخبر."), KH_INPUT_TEXT);
}

TEST(detect_empty_and_null)
{
    CHECK_INT(detect(""), KH_INPUT_UNKNOWN);
    CHECK_INT(detect(" \n\r\n"), KH_INPUT_UNKNOWN);
    CHECK_INT(kh_extract_detect(NULL, 10), KH_INPUT_UNKNOWN);
}

/* Only the length given is read: no NUL terminator is needed. */
TEST(detect_respects_length)
{
    const char buf[] = {'<', 'h', 't', 'm', 'l', '>'};
    CHECK_INT(kh_extract_detect(buf, 5), KH_INPUT_HTML);
    CHECK_INT(kh_extract_detect(buf, 4), KH_INPUT_TEXT);
}

int main(void)
{
    TEST_RUN("extract/detect", TEST_CASE(detect_html_doctype), TEST_CASE(detect_html_bom_and_space),
             TEST_CASE(detect_html_fragment), TEST_CASE(detect_angle_text),
             TEST_CASE(detect_json_record), TEST_CASE(detect_json_not_record),
             TEST_CASE(detect_text_dump), TEST_CASE(detect_empty_and_null),
             TEST_CASE(detect_respects_length));
}
