/*
 * src/core/record.c - construction of the records in record.h.
 */
#include "core/record.h"
#include "core/alloc.h"

#include <string.h>

static const char *const role_names[KH_ROLE__COUNT] = {
    [KH_ROLE_NONE] = NULL,
    [KH_ROLE_TITLE] = "title",
    [KH_ROLE_BODY] = "body",
    [KH_ROLE_SUBHEADING] = "subheading",
    [KH_ROLE_TEASER] = "teaser",
    [KH_ROLE_CAPTION] = "caption",
    [KH_ROLE_CAPTION_DUPLICATE] = "caption_duplicate",
    [KH_ROLE_SECTION] = "section",
    [KH_ROLE_BREADCRUMB] = "breadcrumb",
    [KH_ROLE_COUNTER] = "counter",
    [KH_ROLE_SHARE] = "share",
    [KH_ROLE_LOGO] = "logo",
    [KH_ROLE_SEE_ALSO] = "see_also",
    [KH_ROLE_RELATED_HEADER] = "related_header",
    [KH_ROLE_RELATED_CAPTION] = "related_caption",
    [KH_ROLE_RELATED_TITLE] = "related_title",
    [KH_ROLE_RELATED_TEASER] = "related_teaser",
    [KH_ROLE_RELATED_SECTION] = "related_section",
    [KH_ROLE_LOADING] = "loading",
    [KH_ROLE_FOOTER_MENU] = "footer_menu",
};

const char *kh_line_role_name(kh_line_role role)
{
    if ((unsigned)role >= KH_ROLE__COUNT)
        return NULL;
    return role_names[role];
}

kh_line_role kh_line_role_from_name(const char *name)
{
    for (int r = 1; r < KH_ROLE__COUNT; r++)
        if (strcmp(role_names[r], name) == 0)
            return (kh_line_role)r;
    return KH_ROLE_NONE;
}

kh_article *kh_article_new(void)
{
    kh_article *a = kh_calloc(1, sizeof *a);
    if (a)
        kh_arena_init(&a->arena);
    return a;
}

void kh_article_free(kh_article *a)
{
    if (!a)
        return;
    kh_arena_clean(&a->arena);
    kh_free(a);
}

const char *kh_article_strndup(kh_article *a, const char *s, size_t n)
{
    return kh_arena_strndup(&a->arena, s, n);
}

kh_rc kh_article_list_add(kh_article *a, kh_strlist *list, const char *s, size_t n)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        const char **items = kh_arena_alloc(&a->arena, cap * sizeof *items);
        if (!items)
            return KH_ERR_NOMEM;
        if (list->n)
            memcpy(items, list->items, list->n * sizeof *items);
        list->items = items;
        list->cap = cap;
    }
    const char *copy = kh_arena_strndup(&a->arena, s, n);
    if (!copy)
        return KH_ERR_NOMEM;
    list->items[list->n++] = copy;
    return KH_OK;
}

const char *kh_article_body_text(kh_article *a)
{
    size_t total = 1;
    for (size_t i = 0; i < a->body.n; i++)
        total += strlen(a->body.items[i]) + 1;
    char *out = kh_arena_alloc(&a->arena, total);
    if (!out)
        return NULL;
    char *p = out;
    for (size_t i = 0; i < a->body.n; i++) {
        size_t n = strlen(a->body.items[i]);
        if (i)
            *p++ = '\n';
        memcpy(p, a->body.items[i], n);
        p += n;
    }
    *p = '\0';
    return out;
}
