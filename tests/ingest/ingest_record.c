/*
 * tests/ingest/ingest_record.c - the flat JSON record parser
 * (src/ingest/ingest_record.c): fields, escapes, UTF-8, malformed input.
 */
#include "ingest/ingest_int.h"
#include "test.h"

static kh_rc parse(const char *json, kh_arena *arena, kh_ingest_field *f, kh_err *err)
{
    kh_err_init(err, NULL);
    return kh_ingest_record_parse(json, strlen(json), arena, f, err);
}

TEST(record_known_fields)
{
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    CHECK_INT(parse("{\"id\": \"2015-08-10#1\", \"url\": \"http://x/1\", \"outlet\": \"okaz\", "
                    "\"published\": \"2015-08-10T19:02:11+03:00\", \"title\": \"أمطار\", "
                    "\"text\": \"سطر\\nسطر\", \"extra\": {\"a\": [1, 2.5e3, true, null]}}",
                    &ar, f, &err),
              KH_OK);
    CHECK_STR(f[KH_INGEST_F_ID].s, "2015-08-10#1");
    CHECK_STR(f[KH_INGEST_F_URL].s, "http://x/1");
    CHECK_STR(f[KH_INGEST_F_OUTLET].s, "okaz");
    CHECK_STR(f[KH_INGEST_F_TITLE].s, "أمطار");
    CHECK_STR(f[KH_INGEST_F_TEXT].s, "سطر\nسطر");
    CHECK_INT(f[KH_INGEST_F_TEXT].len, strlen("سطر\nسطر"));
    CHECK(f[KH_INGEST_F_HTML].s == NULL);
    kh_arena_clean(&ar);
}

TEST(record_escapes)
{
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    CHECK_INT(
        parse("{\"title\": \"a\\\"b\\\\c\\/d\\te\\u0627\\u00e9\\ud83d\\ude00\"}", &ar, f, &err),
        KH_OK);
    CHECK_STR(f[KH_INGEST_F_TITLE].s, "a\"b\\c/d\te\xd8\xa7\xc3\xa9\xf0\x9f\x98\x80");
    kh_arena_clean(&ar);
}

TEST(record_numeric_id_and_null_field)
{
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    CHECK_INT(parse(" {\"id\": 542, \"url\": null, \"title\": 7} ", &ar, f, &err), KH_OK);
    CHECK_STR(f[KH_INGEST_F_ID].s, "542");
    CHECK(f[KH_INGEST_F_URL].s == NULL);
    CHECK(f[KH_INGEST_F_TITLE].s == NULL); /* a number is not a title */
    CHECK_INT(parse("{}", &ar, f, &err), KH_OK);
    CHECK(f[KH_INGEST_F_ID].s == NULL);
    kh_arena_clean(&ar);
}

TEST(record_malformed)
{
    static const char *const bad[] = {
        "",
        "[1, 2]",
        "{\"id\": \"x\"",
        "{\"id\" \"x\"}",
        "{\"id\": \"x\",}",
        "{\"id\": \"x\"} trailing",
        "{\"id\": 'x'}",
        "{\"id\": \"x\\q\"}",
        "{\"id\": \"x\\u12\"}",
        "{\"id\": \"tab\there\"}",
        "{\"a\": tru}",
        "{\"a\": 01}",
        "{\"a\": -}",
        "{\"a\": [1 2]}",
        "{\"id\": \"unterminated}",
    };
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(bad[i], &ar, f, &err) != KH_ERR_PARSE) {
            fprintf(stderr, "  accepted: %s\n", bad[i]);
            CHECK(0);
        }
        CHECK(strstr(err.msg, "column"));
    }
    kh_arena_clean(&ar);
}

TEST(record_invalid_utf8)
{
    static const char *const bad[] = {
        "{\"title\": \"\xd8\"}",             /* truncated */
        "{\"title\": \"\xc0\xaf\"}",         /* overlong */
        "{\"title\": \"\xed\xa0\x80\"}",     /* surrogate */
        "{\"title\": \"\xf4\x90\x80\x80\"}", /* past U+10FFFF */
        "{\"title\": \"\xff\"}",
        "{\"title\": \"\\ud83d\"}", /* lone surrogate escape */
        "{\"title\": \"a\\u0000b\"}",
        "{\"other\": \"\xd8\"}", /* skipped fields are checked too */
    };
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (parse(bad[i], &ar, f, &err) != KH_ERR_UTF8) {
            fprintf(stderr, "  case %zu: %s\n", i, err.msg);
            CHECK(0);
        }
    }
    kh_arena_clean(&ar);
}

TEST(record_nested_too_deep)
{
    char json[400] = "{\"a\": ";
    for (int i = 0; i < 100; i++)
        strcat(json, "[");
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    CHECK_INT(parse(json, &ar, f, &err), KH_ERR_PARSE);
    CHECK(strstr(err.msg, "deep"));
    kh_arena_clean(&ar);
}

/* Long strings, read 16 bytes at a time: a bad byte, a control character,
 * an escape and a three-byte letter at every offset across three blocks of
 * Arabic text (two-byte letters with spaces), each refused or decoded as a
 * byte at a time would. */
TEST(record_long_string_every_offset)
{
    static const char *const word = "سطر "; /* 7 bytes: not aligned to 16 */
    static const struct {
        const char *in, *out; /* out NULL: refused with rc */
        kh_rc rc;
    } at[] = {
        {"\xd8", NULL, KH_ERR_UTF8},             /* a lead and then ASCII or another lead */
        {"\x80", NULL, KH_ERR_UTF8},             /* a continuation with no lead */
        {"\xc0\xaf", NULL, KH_ERR_UTF8},         /* overlong */
        {"\xed\xa0\x80", NULL, KH_ERR_UTF8},     /* surrogate */
        {"\x01", NULL, KH_ERR_PARSE},            /* control character */
        {"\\n", "\n", KH_OK},                    /* escape */
        {"\\u0628", "ب", KH_OK},                 /* escaped letter */
        {"\xe2\x80\x93", "\xe2\x80\x93", KH_OK}, /* three bytes */
        {"\x7f", "\x7f", KH_OK},                 /* DEL is allowed */
        {"\xdf\xbf", "\xdf\xbf", KH_OK},         /* last two-byte code point */
    };
    kh_arena ar;
    kh_arena_init(&ar);
    kh_ingest_field f[KH_INGEST_F__COUNT];
    kh_err err;
    for (size_t c = 0; c < sizeof at / sizeof at[0]; c++) {
        for (size_t off = 0; off < 48; off++) {
            char in[256], want[256], json[400];
            size_t n = 0; /* off bytes of text: words, then ASCII to fill */
            for (size_t w = 0; w + 7 <= off; w += 7, n += 7)
                memcpy(in + n, word, 7);
            while (n < off)
                in[n++] = 'x';
            memcpy(want, in, n);
            size_t m = n;
            n += (size_t)snprintf(in + n, sizeof in - n, "%s", at[c].in);
            if (at[c].out)
                m += (size_t)snprintf(want + m, sizeof want - m, "%s", at[c].out);
            for (int w = 0; w < 6; w++) {
                memcpy(in + n, word, 7);
                n += 7;
                memcpy(want + m, word, 7);
                m += 7;
            }
            in[n] = want[m] = '\0';
            snprintf(json, sizeof json, "{\"text\": \"%s\"}", in);
            kh_rc rc = parse(json, &ar, f, &err);
            if (rc != at[c].rc || (rc == KH_OK && strcmp(f[KH_INGEST_F_TEXT].s, want) != 0)) {
                fprintf(stderr, "  case %zu at %zu: rc %d\n", c, off, (int)rc);
                CHECK(0);
            }
        }
    }
    kh_arena_clean(&ar);
}

int main(void)
{
    TEST_RUN("ingest/ingest_record", TEST_CASE(record_known_fields), TEST_CASE(record_escapes),
             TEST_CASE(record_numeric_id_and_null_field), TEST_CASE(record_malformed),
             TEST_CASE(record_invalid_utf8), TEST_CASE(record_nested_too_deep),
             TEST_CASE(record_long_string_every_offset));
}
