/*
 * src/extract/dump_fill.c - the second half of the text-dump extractor:
 * once dump.c has given every line its role, this file reads the article
 * out of them: title, outlet (from the logo line), section, date, teaser,
 * captions, subheadings, body paragraphs, see-also and related titles, in
 * their display form, and the line roles.
 * Depends on: core, text.
 */
#include "extract/extract_int.h"

#include "core/alloc.h"
#include "text/text.h"

#include <stdint.h>
#include <string.h>

#define NONE KH_EXTRACT_NONE

typedef kh_extract_dump_page dump;

static kh_rc display(dump *p, const kh_extract_line *l);
static size_t last_step(const char *s, size_t n);

static kh_rc display(dump *p, const kh_extract_line *l)
{
    kh_buf_reset(&p->d);
    if (kh_text_clean_display(p->text + l->off, l->len, &p->d) != KH_OK)
        return KH_ERR_NOMEM;
    if (!p->d.data && kh_buf_append(&p->d, "", 0) != KH_OK)
        return KH_ERR_NOMEM;
    return KH_OK;
}

/* Where the last step of a path "A > B » C" starts. */
static size_t last_step(const char *s, size_t n)
{
    static const char *const seps[] = {">", "/", "|", "\xc2\xbb", "\xe2\x80\xba", NULL};
    size_t b = 0;
    for (size_t i = 0; seps[i]; i++) {
        size_t sl = strlen(seps[i]);
        for (size_t j = 0; j + sl <= n; j++)
            if (memcmp(s + j, seps[i], sl) == 0 && j + sl > b)
                b = j + sl;
    }
    while (b < n && s[b] == ' ')
        b++;
    return b;
}

/* The section: a "التصنيف: X" label, else the breadcrumb's middle (between
 * its home word and the title, or its last step), else a bare section name
 * above the title.  Its key goes to key for matching related sections. */
kh_rc kh_extract_dump_fill_section(dump *p, kh_article *a, kh_buf *key)
{
    size_t label = NONE, name = NONE, crumb = p->crumb;
    for (size_t i = 0; i < p->n; i++) {
        const kh_extract_line *l = &p->lines[i];
        if (l->role != KH_ROLE_SECTION && l->role != KH_ROLE_BREADCRUMB)
            continue;
        if (l->kind == KH_EXTRACT_LINE_SECTION_LABEL && label == NONE)
            label = i;
        else if (l->kind == KH_EXTRACT_LINE_SECTION_NAME && name == NONE)
            name = i;
        else if (l->role == KH_ROLE_BREADCRUMB && p->crumb == NONE &&
                 (crumb == NONE || p->title == NONE || i < p->title))
            crumb = i; /* the one nearest above the title */
    }
    kh_buf val;
    kh_buf_init(&val, KH_CAP_PAGE);
    kh_rc rc = KH_OK;
    size_t from = NONE;
    if (label != NONE) {
        if ((rc = display(p, &p->lines[label])) != KH_OK)
            goto done;
        rc = kh_extract_dump_line_after_colon(p->d.data, p->d.len, &val);
        from = label;
    } else if (crumb != NONE) {
        const kh_extract_line *c = &p->lines[crumb];
        size_t last = p->crumb == crumb ? c->n_words - p->lines[p->title].n_words : SIZE_MAX;
        if ((rc = display(p, c)) != KH_OK)
            goto done;
        kh_buf mid;
        kh_buf_init(&mid, KH_CAP_PAGE);
        /* Skip the home word when there is one; keep the last step. */
        size_t first = c->kind == KH_EXTRACT_LINE_HOME ? 1 : 0;
        rc = kh_extract_dump_line_words(p->d.data, p->d.len, first, last, &mid);
        if (rc == KH_OK && mid.len > 0)
            rc = kh_buf_append(&val, mid.data + last_step(mid.data, mid.len),
                               mid.len - last_step(mid.data, mid.len));
        kh_buf_clean(&mid);
        from = crumb;
    } else if (name != NONE) {
        if ((rc = display(p, &p->lines[name])) != KH_OK)
            goto done;
        rc = kh_buf_append(&val, p->d.data, p->d.len);
        from = name;
    }
    if (rc != KH_OK || from == NONE || val.len == 0)
        goto done;
    a->section = kh_article_strndup(a, val.data, val.len);
    if (!a->section) {
        rc = KH_ERR_NOMEM;
        goto done;
    }
    /* The key of the section: normalised, letters only. */
    kh_buf_reset(&p->m);
    if ((rc = kh_text_normalize(val.data, val.len, &p->m)) != KH_OK)
        goto done;
    for (size_t i = 0; i < p->m.len && rc == KH_OK; i++) {
        unsigned char c = (unsigned char)p->m.data[i];
        if (c != ' ' && !strchr(".:,;!?-_/|()\"'", c))
            rc = kh_buf_appendc(key, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
done:
    kh_buf_clean(&val);
    return rc;
}

/* The publication date: the first date line above the related stories
 * that holds a full Gregorian date, as ISO 8601. */
kh_rc kh_extract_dump_fill_published(dump *p, kh_article *a, size_t end)
{
    kh_buf iso;
    kh_buf_init(&iso, 64);
    kh_rc rc = KH_OK;
    for (size_t i = 0; i < end && rc == KH_OK && iso.len == 0; i++) {
        const kh_extract_line *l = &p->lines[i];
        if (l->kind != KH_EXTRACT_LINE_DATE)
            continue;
        kh_buf_reset(&p->m);
        rc = kh_text_normalize(p->text + l->off, l->len, &p->m);
        if (rc == KH_OK && p->m.data)
            rc = kh_extract_dump_line_date(p->v, p->m.data, p->m.len, &iso);
    }
    if (rc == KH_OK && iso.len > 0 && !(a->published = kh_article_strndup(a, iso.data, iso.len)))
        rc = KH_ERR_NOMEM;
    kh_buf_clean(&iso);
    return rc;
}

/* Copies the roles into a->lines and the texts into the article. */
kh_rc kh_extract_dump_fill(dump *p, kh_article *a)
{
    a->lines = kh_arena_alloc(&a->arena, (p->n ? p->n : 1) * sizeof *a->lines);
    if (!a->lines)
        return KH_ERR_NOMEM;
    a->n_lines = p->n;
    for (size_t i = 0; i < p->n; i++) {
        const kh_extract_line *l = &p->lines[i];
        a->lines[i].n = l->n;
        a->lines[i].role = (kh_line_role)l->role;
        kh_strlist *list = NULL;
        switch (l->role) {
        case KH_ROLE_BODY:
            list = &a->body;
            break;
        case KH_ROLE_SUBHEADING:
            list = &a->subheadings;
            break;
        case KH_ROLE_CAPTION:
            list = &a->captions;
            break;
        case KH_ROLE_RELATED_TITLE:
            list = &a->related;
            break;
        case KH_ROLE_TITLE:
        case KH_ROLE_TEASER:
        case KH_ROLE_SEE_ALSO:
        case KH_ROLE_LOGO:
            break;
        default:
            continue;
        }
        if (l->role == KH_ROLE_LOGO && a->outlet)
            continue;
        if (display(p, l) != KH_OK)
            return KH_ERR_NOMEM;
        if (list) {
            if (kh_article_list_add(a, list, p->d.data, p->d.len) != KH_OK)
                return KH_ERR_NOMEM;
            continue;
        }
        kh_buf val;
        kh_buf_init(&val, KH_CAP_PAGE);
        kh_rc rc = KH_OK;
        if (l->role == KH_ROLE_SEE_ALSO) {
            rc = kh_extract_dump_line_after_words(p->d.data, p->d.len, l->prefix_words, &val);
            if (rc == KH_OK && val.len > 0)
                rc = kh_article_list_add(a, &a->see_also, val.data, val.len);
        } else if (l->role == KH_ROLE_LOGO) {
            rc = kh_extract_dump_line_outlet(p->d.data, p->d.len, &val);
            if (rc == KH_OK && val.len > 0 &&
                !(a->outlet = kh_article_strndup(a, val.data, val.len)))
                rc = KH_ERR_NOMEM;
        } else {
            const char *s = kh_article_strndup(a, p->d.data, p->d.len);
            if (!s)
                rc = KH_ERR_NOMEM;
            else if (l->role == KH_ROLE_TITLE)
                a->title = s;
            else if (!a->teaser)
                a->teaser = s;
        }
        kh_buf_clean(&val);
        if (rc != KH_OK)
            return rc;
    }
    return KH_OK;
}
