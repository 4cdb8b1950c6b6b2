/*
 * src/core/err.c - error records and their messages.
 *
 * See err.h.  The message buffer is fixed so that reporting an out-of-memory
 * error never needs memory.
 */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void kh_err_init(kh_err *err, const char *input)
{
    if (!err)
        return;
    memset(err, 0, sizeof *err);
    err->offset = -1;
    if (input)
        snprintf(err->input, sizeof err->input, "%s", input);
}

kh_rc kh_err_set(kh_err *err, kh_rc rc, long line, long offset, const char *fmt, ...)
{
    if (!err || err->rc != KH_OK || rc == KH_OK)
        return rc;
    err->rc = rc;
    err->line = line;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return rc;
}

void kh_err_format(const kh_err *err, char *out, size_t out_len)
{
    if (!out || out_len == 0)
        return;
    if (!err) {
        snprintf(out, out_len, "unknown error");
        return;
    }
    const char *msg = err->msg[0] ? err->msg : kh_rc_str(err->rc);
    char where[200] = "";
    if (err->input[0] && err->line > 0)
        snprintf(where, sizeof where, "%s:%ld: ", err->input, err->line);
    else if (err->input[0])
        snprintf(where, sizeof where, "%s: ", err->input);
    if (err->offset >= 0)
        snprintf(out, out_len, "%s%s (byte %ld)", where, msg, err->offset);
    else
        snprintf(out, out_len, "%s%s", where, msg);
}

const char *kh_rc_str(kh_rc rc)
{
    switch (rc) {
    case KH_OK:
        return "ok";
    case KH_DONE:
        return "done";
    case KH_ERR_NOMEM:
        return "out of memory";
    case KH_ERR_IO:
        return "input/output error";
    case KH_ERR_UTF8:
        return "not usable text";
    case KH_ERR_TOOBIG:
        return "input too large";
    case KH_ERR_PARSE:
        return "malformed input";
    case KH_ERR_EMPTY:
        return "nothing usable in the input";
    case KH_ERR_DB:
        return "store error";
    case KH_ERR_ARG:
        return "invalid argument";
    }
    return "unknown error";
}
