/*
 * tests/serve/param.c - checking what requests carry: integers, dates, ids.
 */
#include "serve/serve_int.h"
#include "test.h"

TEST(int_in_range)
{
    int64_t v = -1;
    CHECK(kh_serve_param_int("1", 1, 10, &v));
    CHECK_INT(v, 1);
    CHECK(kh_serve_param_int("10", 1, 10, &v));
    CHECK_INT(v, 10);
    CHECK(kh_serve_param_int("9223372036854775807", 1, INT64_MAX, &v));
}

TEST(int_rejects)
{
    int64_t v = 7;
    static const char *const bad[] = {
        "", "0", "11", "-1", "+1", " 1", "1 ", "1e3", "0x10", "abc", "99999999999999999999", "١"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(!kh_serve_param_int(bad[i], 1, 10, &v));
    CHECK(!kh_serve_param_int(NULL, 1, 10, &v));
    CHECK_INT(v, 7);
}

TEST(date_forms)
{
    CHECK(kh_serve_param_date("2015-08-10") > 0);
    CHECK(kh_serve_param_date("2015-08-10T19:02:11+03:00") > 0);
    CHECK_INT(kh_serve_param_date("yesterday"), -1);
    CHECK_INT(kh_serve_param_date(""), -1);
    CHECK_INT(kh_serve_param_date(NULL), -1);
    CHECK_INT(kh_serve_param_date("2015-08-10T19:02:11+03:00 and some more text after it"), -1);
}

TEST(id_shapes)
{
    CHECK(kh_serve_param_id_ok("2015-08-10#542"));
    CHECK(kh_serve_param_id_ok("مقال-1"));
    CHECK(!kh_serve_param_id_ok(""));
    CHECK(!kh_serve_param_id_ok(NULL));
    CHECK(kh_serve_param_id_ok("examples/pages/a.txt"));
    CHECK(!kh_serve_param_id_ok("a\\b"));
    CHECK(!kh_serve_param_id_ok("a\nb"));
    CHECK(!kh_serve_param_id_ok("\xff\xfe"));
    char big[260];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(!kh_serve_param_id_ok(big));
}

int main(void)
{
    TEST_RUN("serve/param", TEST_CASE(int_in_range), TEST_CASE(int_rejects), TEST_CASE(date_forms),
             TEST_CASE(id_shapes));
}
