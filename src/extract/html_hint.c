/*
 * src/extract/html_hint.c - what names say: class and id words that mark
 * content or page furniture, caption classes, the text of furniture lines
 * (share, copyright, read also) in English and Arabic, and which tags end a
 * paragraph, are furniture or are never walked.
 *
 * Used by the block scorer (html_score.c).  Short patterns match whole
 * class tokens only, so "ad" does not match "header" or "read".
 * Depends on: gumbo.
 */
#include "extract/html_int.h"

#include <string.h>
#include <strings.h>

#define N_OF(a) (sizeof a / sizeof a[0])

static int hint_match(const char *s, const char *const *pats, size_t n);

/* Lower-cased, a pattern starting with '=' must be a whole token (split at
 * anything not a letter or digit), with '^' a token's start; others may
 * occur anywhere. */
static const char *const positive[] = {"article", "content", "story", "entry", "hentry",
                                       "post",    "=text",   "=body", "main",  "blog",
                                       "الخبر",   "=news",   "=page"};
static const char *const negative[] = {
    "^nav",       "menu",     "footer",     "header",     "sidebar",   "aside",      "share",
    "social",     "related",  "comment",    "promo",      "=ad",       "=ads",       "^advert",
    "breadcrumb", "=tags",    "=tag",       "newsletter", "subscribe", "cookie",     "sponsor",
    "banner",     "masthead", "pagination", "pager",      "popup",     "modal",      "outbrain",
    "taboola",    "disqus",   "=meta",      "^tool",      "=print",    "=rss",       "login",
    "signup",     "popular",  "recommend",  "=hidden",    "gdpr",      "skyscraper", "shoutbox",
    "byline",     "author",   "=date",      "=time",      "dateline"};
static const char *const unlikely[] = {
    "^nav",       "menu",       "footer",    "sidebar",  "share",     "social",     "related",
    "comment",    "promo",      "=ad",       "=ads",     "^advert",   "breadcrumb", "=tags",
    "newsletter", "subscribe",  "cookie",    "sponsor",  "banner",    "masthead",   "pagination",
    "pager",      "popup",      "modal",     "outbrain", "taboola",   "disqus",     "=rss",
    "gdpr",       "skyscraper", "shoutbox",  "header",   "community", "remark",     "replies",
    "login",      "popular",    "recommend", "=print"};
static const char *const maybe[] = {"article", "body", "column", "content", "main", "shadow"};

static int hint_match(const char *s, const char *const *pats, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = pats[i];
        char mode = (p[0] == '=' || p[0] == '^') ? p[0] : 0;
        if (mode)
            p++;
        size_t pl = strlen(p);
        for (const char *q = s; (q = strcasestr(q, p)) != NULL; q++) {
            if (!mode)
                return 1;
            int start =
                q == s || !((q[-1] >= 'a' && q[-1] <= 'z') || (q[-1] >= 'A' && q[-1] <= 'Z') ||
                            (q[-1] >= '0' && q[-1] <= '9'));
            char e = q[pl];
            int end = !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'));
            if (start && (mode == '^' || end))
                return 1;
        }
    }
    return 0;
}

int kh_extract_html_hint_weight(const GumboElement *el)
{
    int w = 0;
    const char *names[] = {"class", "id"};
    for (size_t i = 0; i < 2; i++) {
        const GumboAttribute *at = gumbo_get_attribute(&el->attributes, names[i]);
        if (!at || !at->value[0])
            continue;
        if (hint_match(at->value, negative, N_OF(negative)))
            w -= 25;
        if (hint_match(at->value, positive, N_OF(positive)))
            w += 25;
    }
    return w;
}

int kh_extract_html_hint_unlikely(const GumboElement *el)
{
    const char *names[] = {"class", "id"};
    int bad = 0, good = 0;
    for (size_t i = 0; i < 2; i++) {
        const GumboAttribute *at = gumbo_get_attribute(&el->attributes, names[i]);
        if (!at || !at->value[0])
            continue;
        bad |= hint_match(at->value, unlikely, N_OF(unlikely));
        good |= hint_match(at->value, maybe, N_OF(maybe));
    }
    return bad && !good;
}

static const char *const caption_words[] = {
    "=caption", "=wp-caption-text", "image-caption", "photo-caption",   "img-caption",
    "=credit",  "photo-credit",     "image-credit",  "bildunterschrift"};

int kh_extract_html_hint_caption(const GumboElement *el)
{
    /* Only a paragraph: page-wide classes such as "hide-caption" on <body>
     * say nothing, and a "caption" <div> may hold a whole teaser. */
    if (el->tag != GUMBO_TAG_P)
        return 0;
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, "class");
    return at && at->value[0] && hint_match(at->value, caption_words, N_OF(caption_words));
}

/* Lines that are page furniture whatever block holds them. */
int kh_extract_html_hint_furniture(const char *t, size_t n)
{
    /* Openings of furniture lines, each with the longest line (bytes) it
     * may open: "Shares of X rose" and "شارك آلاف المتظاهرين" (thousands
     * took part) are sentences, "Share" and "شارك الخبر" alone are
     * buttons. */
    static const struct {
        const char *s;
        size_t max;
    } starts[] = {
        {"share", 40},
        {"copyright", 160},
        {"©", 160},
        {"(c) ", 160},
        {"all rights reserved", 160},
        {"read more", 60},
        {"read also", 160},
        {"advertisement", 40},
        {"tags:", 160},
        {"اقرأ أيضا", 160},
        {"اقرأ أيضاً", 160},
        {"اقرأ أيضًا", 160},
        {"اقرأ ايضا", 160},
        {"اقرا ايضا", 160},
        {"إقرأ أيضا", 160},
        {"إقرأ أيضاً", 160},
        {"طالع أيضا", 160},
        {"طالع أيضاً", 160},
        {"شاهد أيضا", 160},
        {"شاهد أيضاً", 160},
        {"اقرأ المزيد", 60},
        {"شارك", 40},
        {"مشاركة", 40},
        {"تابعونا", 80},
        {"تابعنا", 80},
        {"الوسوم", 160},
        {"كلمات مفتاحية", 160},
        {"جميع الحقوق محفوظة", 160},
        {"حقوق النشر", 160},
        {"إعلان", 20},
    };
    for (size_t i = 0; i < N_OF(starts); i++) {
        size_t pl = strlen(starts[i].s);
        if (n >= pl && n <= starts[i].max && strncasecmp(t, starts[i].s, pl) == 0)
            return 1;
    }
    if (n > 160)
        return 0;
    /* t is not NUL-terminated at n: every search stays inside it. */
    static const char *const anywhere[] = {"all rights reserved", "جميع الحقوق محفوظة"};
    for (size_t i = 0; i < N_OF(anywhere); i++) {
        size_t pl = strlen(anywhere[i]);
        for (size_t j = 0; j + pl <= n; j++)
            if (strncasecmp(t + j, anywhere[i], pl) == 0)
                return 1;
    }
    return 0;
}

/* ---- tags ---- */

int kh_extract_html_hint_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_LISTING:
        return 1;
    default:
        return 0;
    }
}

/* Furniture by tag, walked rather than skipped: a missing end tag can put
 * the whole page inside one (<noscript><div></noscript> is common). */
int kh_extract_html_hint_furn_tag(GumboTag t)
{
    return t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_HEADER ||
           t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_NOSCRIPT;
}

int kh_extract_html_hint_skipped(const GumboElement *el, int strip)
{
    switch (el->tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
        return 1;
    default:
        break;
    }
    if (gumbo_get_attribute(&el->attributes, "hidden"))
        return 1;
    const GumboAttribute *at = gumbo_get_attribute(&el->attributes, "style");
    if (at && (strcasestr(at->value, "display:none") || strcasestr(at->value, "display: none") ||
               strcasestr(at->value, "visibility:hidden")))
        return 1;
    at = gumbo_get_attribute(&el->attributes, "aria-hidden");
    if (at && strcmp(at->value, "true") == 0)
        return 1;
    at = gumbo_get_attribute(&el->attributes, "role");
    if (at && (strcmp(at->value, "navigation") == 0 || strcmp(at->value, "complementary") == 0 ||
               strcmp(at->value, "contentinfo") == 0 || strcmp(at->value, "banner") == 0 ||
               strcmp(at->value, "menu") == 0 || strcmp(at->value, "menubar") == 0 ||
               strcmp(at->value, "dialog") == 0 || strcmp(at->value, "search") == 0))
        return 1;
    if (strip && el->tag != GUMBO_TAG_BODY && el->tag != GUMBO_TAG_HTML &&
        el->tag != GUMBO_TAG_ARTICLE && el->tag != GUMBO_TAG_MAIN &&
        kh_extract_html_hint_unlikely(el))
        return 1;
    return 0;
}

int kh_extract_html_hint_credit(const char *t, size_t n)
{
    static const char *const starts[] = {"foto:",   "photo:", "bild:",  "crédito:", "(crédito",
                                         "credit:", "تصوير",  "(تصوير", "الصورة:"};
    if (n > 240)
        return 0;
    for (size_t i = 0; i < N_OF(starts); i++) {
        size_t pl = strlen(starts[i]);
        if (n >= pl && strncasecmp(t, starts[i], pl) == 0)
            return 1;
    }
    /* "... © AFP / Name" or "(Foto: dpa)" near the end */
    for (size_t j = n > 60 ? n - 60 : 0; j + 2 <= n; j++)
        if (memcmp(t + j, "©", 2) == 0)
            return 1;
    return 0;
}
