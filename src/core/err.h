/*
 * src/core/err.h - recording errors: a code to branch on, a message that
 * names the input.
 *
 * kh_rc and kh_err are public (include/khabar.h).  Inner stages call
 * kh_err_set(); the caller that opened the input names it once with
 * kh_err_init().  The first error wins, as in curl's error buffer.
 * Depends on: nothing.
 */
#ifndef KH_CORE_ERR_H
#define KH_CORE_ERR_H

#include "khabar.h"

/* Records rc and a printf-style message in err unless err already holds an
 * error or is NULL; returns rc so a failure is one line:
 *   return kh_err_set(err, KH_ERR_UTF8, ln, off, "truncated sequence"); */
kh_rc kh_err_set(kh_err *err, kh_rc rc, long line, long offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
