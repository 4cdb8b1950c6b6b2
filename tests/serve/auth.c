/*
 * tests/serve/auth.c - bearer tokens: loading token files, checking the
 * Authorization header.
 */
#include "core/alloc.h"
#include "serve/serve_int.h"
#include "test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static kh_rc load_text(const char *text, char **out)
{
    char path[] = "/tmp/khabar-token-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return KH_ERR_IO;
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
        close(fd);
        unlink(path);
        return KH_ERR_IO;
    }
    close(fd);
    kh_err err;
    kh_err_init(&err, NULL);
    kh_rc rc = kh_serve_auth_load(path, out, &err);
    unlink(path);
    return rc;
}

TEST(load_first_line_trimmed)
{
    char *t = NULL;
    CHECK_INT(load_text("abcdefghijklmnop0123  \r\nsecond line\n", &t), KH_OK);
    int ok = t && strcmp(t, "abcdefghijklmnop0123") == 0;
    kh_free(t);
    CHECK(ok);
}

TEST(load_too_short)
{
    char *t = NULL;
    CHECK_INT(load_text("short\n", &t), KH_ERR_ARG);
    CHECK(t == NULL);
}

TEST(load_empty)
{
    char *t = NULL;
    CHECK_INT(load_text("", &t), KH_ERR_ARG);
}

TEST(load_space_inside)
{
    char *t = NULL;
    CHECK_INT(load_text("abcdefgh ijklmnop0123\n", &t), KH_ERR_ARG);
}

TEST(load_non_ascii)
{
    char *t = NULL;
    CHECK_INT(load_text("abcdefghijklmnopمفتاح\n", &t), KH_ERR_ARG);
}

TEST(load_missing_file)
{
    char *t = NULL;
    kh_err err;
    kh_err_init(&err, NULL);
    CHECK(kh_serve_auth_load("/nonexistent/khabar-token", &t, &err) != KH_OK);
    CHECK(t == NULL);
}

TEST(check_header_forms)
{
    const char *tok = "abcdefghijklmnop0123";
    CHECK(kh_serve_auth_check("Bearer abcdefghijklmnop0123", tok));
    CHECK(!kh_serve_auth_check("Bearer abcdefghijklmnop012", tok));
    CHECK(!kh_serve_auth_check("Bearer abcdefghijklmnop01234", tok));
    CHECK(!kh_serve_auth_check("bearer abcdefghijklmnop0123", tok));
    CHECK(!kh_serve_auth_check("Basic abcdefghijklmnop0123", tok));
    CHECK(!kh_serve_auth_check("Bearer ", tok));
    CHECK(!kh_serve_auth_check("", tok));
    CHECK(!kh_serve_auth_check(NULL, tok));
    CHECK(!kh_serve_auth_check("Bearer x", NULL));
}

int main(void)
{
    TEST_RUN("serve/auth", TEST_CASE(load_first_line_trimmed), TEST_CASE(load_too_short),
             TEST_CASE(load_empty), TEST_CASE(load_space_inside), TEST_CASE(load_non_ascii),
             TEST_CASE(load_missing_file), TEST_CASE(check_header_forms));
}
