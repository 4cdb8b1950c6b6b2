/*
 * tests/core/buf.c - tests src/core/buf.c: appends, the cap, JSON escaping,
 * taking the bytes, reading files, and failing allocations.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "test.h"

TEST(buf_append_and_take)
{
    kh_buf b;
    kh_buf_init(&b, 1024);
    CHECK(kh_buf_appends(&b, "خبر") == KH_OK);
    CHECK(kh_buf_printf(&b, " %d", 42) == KH_OK);
    size_t n;
    char *s = kh_buf_take(&b, &n);
    CHECK_STR(s, "خبر 42");
    CHECK_INT(n, strlen("خبر 42"));
    CHECK(b.data == NULL && b.len == 0);
    kh_free(s);
}

TEST(buf_empty_take_gives_empty_string)
{
    kh_buf b;
    kh_buf_init(&b, 16);
    char *s = kh_buf_take(&b, NULL);
    CHECK_STR(s, "");
    kh_free(s);
}

TEST(buf_over_cap)
{
    kh_buf b;
    kh_buf_init(&b, 8);
    CHECK(kh_buf_appends(&b, "12345678") == KH_OK);
    CHECK(kh_buf_appends(&b, "9") == KH_ERR_TOOBIG);
    CHECK(b.data == NULL); /* a failed append frees */
}

TEST(buf_printf_long)
{
    kh_buf b;
    kh_buf_init(&b, 4096);
    char big[1000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(kh_buf_printf(&b, "[%s]", big) == KH_OK);
    CHECK_INT(b.len, 1001);
    CHECK(b.data[0] == '[' && b.data[1000] == ']');
    kh_buf_clean(&b);
}

TEST(buf_json_escapes)
{
    kh_buf b;
    kh_buf_init(&b, 1024);
    const char in[] = "a\"b\\c\nd\x01";
    CHECK(kh_buf_append_json(&b, in, sizeof in - 1) == KH_OK);
    CHECK_STR(b.data, "a\\\"b\\\\c\\nd\\u0001");
    kh_buf_clean(&b);
}

TEST(buf_read_missing_file_names_it)
{
    kh_buf b;
    kh_buf_init(&b, KH_CAP_PAGE);
    kh_err err;
    kh_err_init(&err, "/nonexistent/page.txt");
    CHECK(kh_buf_read_file(&b, "/nonexistent/page.txt", &err) == KH_ERR_IO);
    char msg[512];
    kh_err_format(&err, msg, sizeof msg);
    CHECK(strstr(msg, "/nonexistent/page.txt") != NULL);
    kh_buf_clean(&b);
}

TEST(buf_read_file_over_cap)
{
    kh_buf b;
    kh_buf_init(&b, 100);
    kh_err err;
    kh_err_init(&err, "/proc/self/maps");
    /* /proc/self/maps of an ASan process is far above 100 bytes */
    CHECK(kh_buf_read_file(&b, "/proc/self/maps", &err) == KH_ERR_TOOBIG);
    CHECK(err.rc == KH_ERR_TOOBIG);
    kh_buf_clean(&b);
}

TEST(buf_fault)
{
    /* Fail each allocation in turn: a clean KH_ERR_NOMEM, never a crash. */
    for (long k = 0; k < 20; k++) {
        kh_buf b;
        kh_buf_init(&b, 1 << 20);
        kh_alloc_fail_after(k);
        kh_rc rc = KH_OK;
        for (int i = 0; i < 200 && rc == KH_OK; i++)
            rc = kh_buf_appends(&b, "0123456789");
        kh_alloc_fail_after(-1);
        CHECK(rc == KH_OK || rc == KH_ERR_NOMEM);
        kh_buf_clean(&b);
    }
}

int main(void)
{
    TEST_RUN("core/buf", TEST_CASE(buf_append_and_take),
             TEST_CASE(buf_empty_take_gives_empty_string), TEST_CASE(buf_over_cap),
             TEST_CASE(buf_printf_long), TEST_CASE(buf_json_escapes),
             TEST_CASE(buf_read_missing_file_names_it), TEST_CASE(buf_read_file_over_cap),
             TEST_CASE(buf_fault));
}
