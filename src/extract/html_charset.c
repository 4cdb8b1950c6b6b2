/*
 * src/extract/html_charset.c - turns the bytes of a page into valid UTF-8
 * before gumbo sees them (gumbo reads only UTF-8).
 *
 * Order of trust: bytes that are valid UTF-8 are UTF-8 whatever the page
 * declares (a windows-1252 or cp1251 text with non-ASCII letters is almost
 * never valid UTF-8 by chance, while pages that declare latin-1 and are
 * saved as UTF-8 are common).  Otherwise the charset of a <meta charset> or
 * <meta http-equiv content="...; charset=..."> in the first 4 KiB is decoded
 * with glibc's iconv, latin-1 and ASCII labels being read as windows-1252 as
 * browsers do (WHATWG Encoding).  Without a label, or with one iconv does
 * not know, bad bytes become U+FFFD.
 * Depends on: core, text.
 */
#include "extract/html_int.h"
#include "text/text.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

static int is_valid_utf8(const char *s, size_t n);
static int find_label(const char *s, size_t n, char *label, size_t label_cap);
static const char *iconv_name(const char *label);
static kh_rc decode_iconv(iconv_t cd, const char *in, size_t n, kh_buf *out, size_t *n_bad,
                          kh_err *err);

/* A strict check (no overlongs, surrogates or code points past U+10FFFF),
 * so that what passes never gives gumbo a reason to complain. */
static int is_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            k = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            if (c == 0xE0)
                lo = 0xA0;
            if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            if (c == 0xF0)
                lo = 0x90;
            if (c == 0xF4)
                hi = 0x8F;
        } else
            return 0;
        if (n - i <= k)
            return 0;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return 0;
        for (size_t j = 2; j <= k; j++)
            if ((p[i + j] & 0xC0) != 0x80)
                return 0;
        i += k + 1;
    }
    return 1;
}

/* Finds "charset=" in the head of the page and copies the label after it
 * (quotes and spaces skipped) into label, lower-cased.  Returns 1 if found. */
static int find_label(const char *s, size_t n, char *label, size_t label_cap)
{
    if (n > 4096)
        n = 4096;
    for (size_t i = 0; i + 8 <= n; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = 0;
        while (j < n && k + 1 < label_cap) {
            char c = s[j];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == ':' || c == '.'))
                break;
            label[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            j++;
        }
        label[k] = '\0';
        if (k > 0)
            return 1;
    }
    return 0;
}

/* The iconv name for a label, or NULL for UTF-8 (nothing to decode). */
static const char *iconv_name(const char *label)
{
    static const char *const as_1252[] = {
        "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1",         "us-ascii",    "ascii",
        "cp1252",     "x-cp1252",  "cp819",  "ibm819",  "iso_8859-1", "windows-1252"};
    if (strcmp(label, "utf-8") == 0 || strcmp(label, "utf8") == 0 ||
        strcmp(label, "unicode-1-1-utf-8") == 0)
        return NULL;
    for (size_t i = 0; i < sizeof as_1252 / sizeof as_1252[0]; i++)
        if (strcmp(label, as_1252[i]) == 0)
            return "WINDOWS-1252";
    return label;
}

/* Decodes in chunks through a stack buffer; a byte iconv rejects becomes
 * U+FFFD and decoding goes on after it. */
static kh_rc decode_iconv(iconv_t cd, const char *in, size_t n, kh_buf *out, size_t *n_bad,
                          kh_err *err)
{
    char chunk[16384];
    char *ip = (char *)in;
    size_t left = n;
    kh_rc rc = KH_OK;
    while (left > 0) {
        char *op = chunk;
        size_t room = sizeof chunk;
        size_t r = iconv(cd, &ip, &left, &op, &room);
        int e = r == (size_t)-1 ? errno : 0;
        rc = kh_buf_append(out, chunk, (size_t)(op - chunk));
        if (rc != KH_OK)
            return kh_err_set(err, rc, 0, -1, "decoding the page: %s", kh_rc_str(rc));
        if (e == EILSEQ || e == EINVAL) {
            rc = kh_buf_append(out, "\xEF\xBF\xBD", 3);
            if (rc != KH_OK)
                return kh_err_set(err, rc, 0, -1, "decoding the page: %s", kh_rc_str(rc));
            (*n_bad)++;
            ip++;
            left--;
        } else if (e != 0 && e != E2BIG) {
            return kh_err_set(err, KH_ERR_UTF8, 0, (long)(n - left), "decoding the page failed");
        }
    }
    return KH_OK;
}

kh_rc kh_extract_html_charset(const char *in, size_t n, kh_buf *out, size_t *n_bad, kh_err *err)
{
    char label[48];
    size_t bad = 0;
    kh_rc rc;
    *n_bad = 0;
    if (is_valid_utf8(in, n) && !memchr(in, '\0', n)) {
        rc = kh_buf_append(out, in, n);
        if (rc != KH_OK)
            return kh_err_set(err, rc, 0, -1, "copying the page: %s", kh_rc_str(rc));
        return KH_OK;
    }
    const char *name = find_label(in, n, label, sizeof label) ? iconv_name(label) : NULL;
    if (name) {
        iconv_t cd = iconv_open("UTF-8", name);
        if (cd != (iconv_t)-1) {
            kh_buf tmp;
            kh_buf_init(&tmp, out->limit);
            rc = decode_iconv(cd, in, n, &tmp, &bad, err);
            iconv_close(cd);
            if (rc == KH_OK) {
                /* iconv may pass NULs through; the final clean drops them. */
                size_t extra = 0;
                rc = kh_text_utf8_clean(tmp.data ? tmp.data : "", tmp.len, out, &extra);
                bad += extra;
                if (rc != KH_OK)
                    kh_err_set(err, rc, 0, -1, "decoding the page: %s", kh_rc_str(rc));
            }
            kh_buf_clean(&tmp);
            *n_bad = bad;
            return rc;
        }
    }
    rc = kh_text_utf8_clean(in, n, out, &bad);
    if (rc != KH_OK)
        return kh_err_set(err, rc, 0, -1, "cleaning the page's UTF-8: %s", kh_rc_str(rc));
    *n_bad = bad;
    return KH_OK;
}
