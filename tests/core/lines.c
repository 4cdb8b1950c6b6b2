/*
 * tests/core/lines.c - tests src/core/lines.c on plain and gzip files, long
 * lines, a missing final newline, and real corpus files from ../shared.
 */
#include "core/lines.h"
#include "test.h"

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

static void write_file(const char *path, const char *s, size_t n, int gz)
{
    if (gz) {
        gzFile g = gzopen(path, "wb");
        gzwrite(g, s, (unsigned)n);
        gzclose(g);
    } else {
        FILE *f = fopen(path, "wb");
        fwrite(s, 1, n, f);
        fclose(f);
    }
}

static void read_three(int *kh_test_failed_, int gz)
{
    char path[] = "/tmp/kh_lines_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    const char text[] = "أول\r\n\nthird";
    write_file(path, text, sizeof text - 1, gz);
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    CHECK(l);
    const char *line;
    size_t len;
    CHECK(kh_lines_next(l, &line, &len, &err) == KH_OK);
    CHECK_STR(line, "أول");
    CHECK(kh_lines_next(l, &line, &len, &err) == KH_OK);
    CHECK_INT(len, 0);
    CHECK(kh_lines_next(l, &line, &len, &err) == KH_OK);
    CHECK_STR(line, "third");
    CHECK_INT(kh_lines_number(l), 3);
    CHECK(kh_lines_next(l, &line, &len, &err) == KH_DONE);
    kh_lines_close(l);
    unlink(path);
}

TEST(lines_plain)
{
    read_three(kh_test_failed_, 0);
}

TEST(lines_gzip)
{
    read_three(kh_test_failed_, 1);
}

TEST(lines_missing_file)
{
    kh_err err;
    kh_err_init(&err, "/nonexistent.jsonl");
    CHECK(kh_lines_open("/nonexistent.jsonl", &err) == NULL);
    CHECK(err.rc == KH_ERR_IO);
}

TEST(lines_corpus_day)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/saudinewsnet/2015-08-10.jsonl.gz", kh_test_shared());
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    CHECK(l);
    const char *line;
    size_t len;
    long n = 0;
    kh_rc rc;
    while ((rc = kh_lines_next(l, &line, &len, &err)) == KH_OK) {
        CHECK(len > 0 && line[0] == '{' && line[len - 1] == '}');
        n++;
    }
    CHECK(rc == KH_DONE);
    CHECK(n > 1000);
    kh_lines_close(l);
}

TEST(lines_truncated_gzip)
{
    char path[] = "/tmp/kh_lines_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    char text[200000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (i % 97 == 96) ? '\n' : (char)('a' + (i * 7919) % 26);
    write_file(path, text, sizeof text, 1);
    FILE *f = fopen(path, "rb");
    CHECK(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    CHECK(truncate(path, size / 2) == 0);
    kh_err err;
    kh_err_init(&err, path);
    kh_lines *l = kh_lines_open(path, &err);
    CHECK(l);
    const char *line;
    size_t len;
    kh_rc rc;
    while ((rc = kh_lines_next(l, &line, &len, &err)) == KH_OK)
        ;
    kh_lines_close(l);
    unlink(path);
    CHECK(rc == KH_ERR_IO);
    CHECK(strstr(err.msg, "truncated") != NULL);
}

int main(void)
{
    TEST_RUN("core/lines", TEST_CASE(lines_plain), TEST_CASE(lines_gzip),
             TEST_CASE(lines_missing_file), TEST_CASE(lines_truncated_gzip),
             TEST_CASE(lines_corpus_day));
}
