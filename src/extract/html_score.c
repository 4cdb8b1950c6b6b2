/*
 * src/extract/html_score.c - finds the article body of a parsed page by
 * scoring blocks, in the manner of Arc90's readability.
 *
 * 1. One walk cuts the page into paragraphs: runs of inline text between
 *    block boundaries (<p>, <div>, <li>, <h2>, <td>... and <br><br>).  Each
 *    remembers its innermost block, its characters, the characters inside
 *    <a> and <time>, its commas and whether it ends a sentence.  Not walked:
 *    script, style, form controls, hidden elements, ARIA navigation and
 *    similar roles, and (first pass) blocks whose class or id names
 *    furniture ("menu", "share", "related", "comment"...) unless it also
 *    names content (html_hint.c).  <nav>, <aside>, <header>, <footer> and
 *    <noscript> are walked but are furniture unless one holds most of the
 *    page (a missing end tag can put everything inside one).
 * 2. Every paragraph of 25+ characters that is not mostly a link scores
 *    1 + commas + min(chars / 100, 3) + 1 if it ends a sentence; the score
 *    goes to the five blocks above it, divided by 1, 2, 6, 9 and 12.  A
 *    block starts from its tag (div +5, td and blockquote +3, lists -3,
 *    headings -5) and class/id hints (+-25), and ends multiplied by
 *    (1 - its link density).
 * 3. The best block wins; a parent whose score rises above it replaces it,
 *    so does a parent it fills (95% of the text), then parents until the
 *    winner holds half of the page's prose (paragraphs of 80+ characters
 *    with few links), and then the nearest enclosing <article>, <main> or
 *    itemprop=articleBody that is not a link list.  Its siblings join when they score at least a
 * fifth of it (a shared class counts as a bonus) or are long link-poor paragraphs.
 * 4. Inside the winners, blocks with furniture hints or too many links are
 *    cut (readability's conditional cleaning), and the remaining paragraphs
 *    are emitted in page order: <h2>-<h6> as subheadings (only when text
 *    follows them), <figcaption> and caption-classed <p> as captions, the
 *    rest as body, minus lines that are mostly links or a <time>, known
 *    furniture, short unpunctuated lines outside the best block and at the
 *    end.
 * If the first pass finds under 250 characters, a second pass without the
 * class/id pruning runs and the longer result is kept.  Every step is linear
 * in the number of nodes.
 * Depends on: core, text, gumbo.
 */
#include "extract/html_int.h"
#include "core/alloc.h"

#include <string.h>
#include <strings.h>

#define NONE ((size_t)-1)
#define N_OF(a) (sizeof a / sizeof a[0])
/* Paragraphs shorter than this do not score (readability's 25). */
#define MIN_SCORED_CHARS 25
/* A first pass finding less body text than this is retried without the
 * class/id pruning. */
#define RETRY_CHARS 250
/* A heading longer than this is a paragraph set in big type. */
#define LONG_HEADING_CHARS 120
/* Outside the best block, lines shorter than this that end no sentence are
 * furniture ("Posted in News", "Share this article"). */
#define SHORT_LINE_CHARS 60
/* The share of the page's prose the winning block must hold. */
#define GOOD_SHARE 0.5
/* At the end of the body, the same for lines shorter than this. */
#define TRAIL_LINE_CHARS 30

enum para_kind { K_DIV, K_P, K_PRE, K_QUOTE, K_CELL, K_LI, K_H1, K_HEAD, K_CAPTION, K_FIGURE };

typedef struct snode {
    size_t parent;          /* enclosing block, NONE at the top */
    const GumboElement *el; /* borrows the gumbo output */
    GumboTag tag;
    int weight; /* class/id hint: +25, -25 or 0 */
    int scored; /* score set by some paragraph */
    /* chosen: a winner; in: inside a winner; dropped: cut from the content;
     * near: next to the content (for the <h1>); furn: inside furniture;
     * core: inside the best block; cap: opened a caption */
    unsigned char chosen, in, dropped, near, furn, core, cap;
    double score;
    /* over all paragraphs below, filled bottom-up */
    size_t chars, link_chars, commas, n_p, n_kids;
    size_t good; /* characters of prose paragraphs (80+, few links) */
} snode;

typedef struct spara {
    size_t node;     /* innermost block */
    size_t off, len; /* in the text buffer */
    size_t chars, link_chars, commas, time_chars, letters;
    unsigned char kind;
    unsigned char sentence; /* ends in . ! ? ؟ or similar */
} spara;

typedef struct item {
    size_t para;
    unsigned char kind;
} item;

typedef struct scorer {
    snode *nodes; /* owns; blocks in walk order, parents first */
    size_t n_nodes, cap_nodes;
    spara *paras; /* owns; in page order */
    size_t n_paras, cap_paras;
    item *items; /* owns; what to emit, in page order */
    size_t n_items;
    size_t n_chars; /* body characters among the items */
    kh_buf text;    /* owns; all paragraph texts back to back */
    size_t cur;     /* the innermost open block while walking */
    size_t chars, link_chars, commas, time_chars, letters; /* of the paragraph being built */
    int in_a, in_time, last_br, caption_depth, figure_depth, strip;
    size_t h1;   /* paragraph of the title-like <h1>, or NONE */
    size_t best; /* the best-scoring block, or NONE */
    kh_rc rc;
} scorer;

static int flush(scorer *s);
static int is_letter_lead(const unsigned char *p);
static void add_text(scorer *s, const char *t);
static int visit(const GumboNode *node, int leaving, void *vctx);
static double tag_base(GumboTag t);
static void score_nodes(scorer *s);
static int is_article_el(const snode *nd);
static size_t pick_top(scorer *s);
static int same_class(const snode *x, const snode *y);
static void choose(scorer *s, size_t top);
static int should_clean(const scorer *s, size_t i);
static kh_rc collect(scorer *s);
static kh_rc run_pass(const GumboNode *root, int strip, scorer *s, kh_err *err);
static void scorer_clean(scorer *s);
static kh_rc emit(scorer *s, kh_article *a, kh_html_body *body, kh_err *err);

/* ---- walking ---- */

/* Ends the paragraph being built (if any text) as one of the block s->cur. */
static int flush(scorer *s)
{
    size_t off = s->n_paras ? s->paras[s->n_paras - 1].off + s->paras[s->n_paras - 1].len : 0;
    while (s->text.len > off && s->text.data[s->text.len - 1] == ' ')
        s->text.len--;
    if (s->text.len > off && s->cur != NONE) {
        spara *grown = kh_grow(s->paras, s->n_paras, &s->cap_paras, sizeof *grown, 256);
        if (!grown) {
            s->rc = KH_ERR_NOMEM;
            return 0;
        }
        s->paras = grown;
        spara *p = &s->paras[s->n_paras++];
        const snode *nd = &s->nodes[s->cur];
        p->node = s->cur;
        p->off = off;
        p->len = s->text.len - off;
        p->chars = s->chars;
        p->link_chars = s->link_chars;
        p->commas = s->commas;
        p->time_chars = s->time_chars;
        p->letters = s->letters;
        char last = s->text.data[s->text.len - 1];
        p->sentence = last == '.' || last == '!' || last == '?' || last == ':' ||
                      (p->len >= 2 && (unsigned char)s->text.data[s->text.len - 2] == 0xD8 &&
                       (unsigned char)last == 0x9F);
        switch (nd->tag) {
        case GUMBO_TAG_P:
            p->kind = K_P;
            break;
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_LISTING:
            p->kind = K_PRE;
            break;
        case GUMBO_TAG_BLOCKQUOTE:
            p->kind = K_QUOTE;
            break;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            p->kind = K_CELL;
            break;
        case GUMBO_TAG_LI:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD:
            p->kind = K_LI;
            break;
        case GUMBO_TAG_H1:
            p->kind = K_H1;
            break;
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
            p->kind = K_HEAD;
            break;
        default:
            p->kind = K_DIV;
            break;
        }
        /* A "heading" of several sentences is a paragraph styled big. */
        if ((p->kind == K_HEAD || p->kind == K_H1) && p->chars > LONG_HEADING_CHARS)
            p->kind = K_P;
        if (s->caption_depth > 0)
            p->kind = K_CAPTION;
        else if (s->figure_depth > 0)
            p->kind = K_FIGURE;
    } else {
        s->text.len = off;
        if (s->text.data)
            s->text.data[off] = '\0';
    }
    s->chars = s->link_chars = s->commas = s->time_chars = s->letters = 0;
    s->last_br = 0;
    return 1;
}

/* True when the character starting at p is (roughly) a letter: ASCII
 * letters and the lead bytes of other scripts, but not Latin-1's symbols
 * (C2 ..), the punctuation and symbol blocks U+2000-2FFF (E2 ..),
 * Arabic-Indic digits or Arabic punctuation.  A line without letters ("2026-03-03", "12:30 | ") is
 * no paragraph.  p points into a NUL-terminated string. */
static int is_letter_lead(const unsigned char *p)
{
    unsigned c = p[0];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c == 0xD8)
        return p[1] >= 0xA1; /* ، ؛ ؟ are below */
    if (c == 0xD9)
        return p[1] < 0xA0 || p[1] > 0xA9; /* ٠-٩ */
    if (c == 0xDB)
        return p[1] < 0xB0 || p[1] > 0xB9; /* ۰-۹ */
    return (c >= 0xC3 && c <= 0xDF) || (c >= 0xE0 && c <= 0xEF && c != 0xE2) || c >= 0xF0;
}

/* Appends a text node with white space collapsed, counting characters
 * (UTF-8 lead bytes), link characters and commas (',' and '،'). */
static void add_text(scorer *s, const char *t)
{
    size_t start = s->n_paras ? s->paras[s->n_paras - 1].off + s->paras[s->n_paras - 1].len : 0;
    for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
        unsigned c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (s->text.len == start || s->text.data[s->text.len - 1] == ' ')
                continue;
            c = ' ';
        } else {
            s->last_br = 0;
        }
        if (kh_buf_appendc(&s->text, (char)c) != KH_OK) {
            s->rc = KH_ERR_NOMEM;
            return;
        }
        if ((c & 0xC0) != 0x80 && c != ' ') {
            s->chars++;
            if (s->in_a)
                s->link_chars++;
            if (s->in_time)
                s->time_chars++;
            if (is_letter_lead(p))
                s->letters++;
        }
        if (c == ',' || (c == 0x8C && p > (const unsigned char *)t && p[-1] == 0xD8))
            s->commas++;
    }
}

static int visit(const GumboNode *node, int leaving, void *vctx)
{
    scorer *s = vctx;
    if (node->type == GUMBO_NODE_DOCUMENT)
        return KH_HTML_DESCEND;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
        add_text(s, node->v.text.text);
        return s->rc == KH_OK ? KH_HTML_SKIP : KH_HTML_STOP;
    }
    if (node->type != GUMBO_NODE_ELEMENT)
        return KH_HTML_SKIP;
    const GumboElement *el = &node->v.element;
    GumboTag tag = el->tag;
    if (leaving) {
        if (tag == GUMBO_TAG_A && s->in_a > 0)
            s->in_a--;
        if (tag == GUMBO_TAG_TIME && s->in_time > 0)
            s->in_time--;
        if (!kh_extract_html_hint_block(tag))
            return KH_HTML_SKIP;
        if (!flush(s))
            return KH_HTML_STOP;
        if (s->cur != NONE && s->nodes[s->cur].cap && s->caption_depth > 0)
            s->caption_depth--;
        if (tag == GUMBO_TAG_FIGURE && s->figure_depth > 0)
            s->figure_depth--;
        if (s->cur != NONE)
            s->cur = s->nodes[s->cur].parent;
        return KH_HTML_SKIP;
    }
    if (kh_extract_html_hint_skipped(el, s->strip))
        return KH_HTML_SKIP;
    if (tag == GUMBO_TAG_BR) {
        if (s->last_br)
            return flush(s) ? KH_HTML_SKIP : KH_HTML_STOP;
        add_text(s, " ");
        s->last_br = 1;
        return KH_HTML_SKIP;
    }
    if (tag == GUMBO_TAG_HR)
        return flush(s) ? KH_HTML_SKIP : KH_HTML_STOP;
    if (tag == GUMBO_TAG_A)
        s->in_a++;
    if (tag == GUMBO_TAG_TIME)
        s->in_time++;
    if (!kh_extract_html_hint_block(tag))
        return KH_HTML_DESCEND;
    snode *grown =
        flush(s) ? kh_grow(s->nodes, s->n_nodes, &s->cap_nodes, sizeof *grown, 256) : NULL;
    if (!grown) {
        s->rc = KH_ERR_NOMEM;
        return KH_HTML_STOP;
    }
    s->nodes = grown;
    snode *nd = &s->nodes[s->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->parent = s->cur;
    nd->el = el;
    nd->tag = tag;
    nd->weight = kh_extract_html_hint_weight(el);
    if (s->cur != NONE)
        s->nodes[s->cur].n_kids++;
    s->cur = s->n_nodes++;
    /* Captions: <figcaption>, and blocks named so (wp-caption-text, credit,
     * legend...). */
    if (tag == GUMBO_TAG_FIGCAPTION || kh_extract_html_hint_caption(el)) {
        nd->cap = 1;
        s->caption_depth++;
    }
    if (tag == GUMBO_TAG_FIGURE)
        s->figure_depth++;
    return KH_HTML_DESCEND;
}

/* ---- scoring and choosing ---- */

static double tag_base(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MAIN:
        return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
        return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
        return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

static void score_nodes(scorer *s)
{
    /* Totals per block: paragraphs add to their block, then children add
     * to parents (children come after parents in walk order). */
    for (size_t i = 0; i < s->n_paras; i++) {
        const spara *p = &s->paras[i];
        snode *nd = &s->nodes[p->node];
        nd->chars += p->chars;
        nd->link_chars += p->link_chars;
        nd->commas += p->commas;
        if (p->chars >= 80 && p->link_chars * 4 < p->chars && p->kind != K_CAPTION &&
            p->kind != K_FIGURE)
            nd->good += p->chars;
        if (p->kind == K_P && p->chars >= MIN_SCORED_CHARS)
            nd->n_p++;
    }
    for (size_t i = s->n_nodes; i-- > 0;) {
        const snode *nd = &s->nodes[i];
        if (nd->parent == NONE)
            continue;
        snode *up = &s->nodes[nd->parent];
        up->chars += nd->chars;
        up->link_chars += nd->link_chars;
        up->commas += nd->commas;
        up->good += nd->good;
        up->n_p += nd->tag == GUMBO_TAG_P ? 0 : nd->n_p;
    }
    for (size_t i = 0; i < s->n_nodes; i++)
        if (s->nodes[i].tag == GUMBO_TAG_P && s->nodes[i].parent != NONE)
            s->nodes[s->nodes[i].parent].n_p += s->nodes[i].n_p ? 1 : 0;

    /* nav, aside, header and footer are furniture, unless one holds most
     * of the page: an unclosed <header> swallows everything after it. */
    size_t total = 0;
    for (size_t i = 0; i < s->n_nodes; i++)
        if (s->nodes[i].parent == NONE)
            total += s->nodes[i].chars;
    for (size_t i = 0; i < s->n_nodes; i++) {
        snode *nd = &s->nodes[i];
        int f = kh_extract_html_hint_furn_tag(nd->tag);
        nd->furn =
            (f && nd->chars * 2 <= total) || (nd->parent != NONE && s->nodes[nd->parent].furn);
    }
    for (size_t i = 0; i < s->n_paras; i++) {
        const spara *p = &s->paras[i];
        if (s->nodes[p->node].furn)
            continue;
        if (p->chars < MIN_SCORED_CHARS || p->link_chars * 2 > p->chars)
            continue;
        if (p->kind == K_H1 || p->kind == K_HEAD || p->kind == K_CAPTION || p->kind == K_FIGURE)
            continue;
        double sc = 1.0 + (double)p->commas + (p->chars >= 300 ? 3.0 : (double)(p->chars / 100));
        if (p->sentence)
            sc += 1.0;
        /* Text straight inside a div or cell acts as a paragraph of its own
         * whose container is that div. */
        size_t up = (p->kind == K_DIV || p->kind == K_CELL) ? p->node : s->nodes[p->node].parent;
        static const double div[] = {1.0, 2.0, 6.0, 9.0, 12.0};
        size_t levels = N_OF(div);
        for (size_t lvl = 0; lvl < levels && up != NONE; lvl++) {
            snode *nd = &s->nodes[up];
            if (!nd->scored) {
                nd->scored = 1;
                nd->score = tag_base(nd->tag) + nd->weight;
            }
            nd->score += sc / div[lvl];
            up = nd->parent;
        }
    }
    for (size_t i = 0; i < s->n_nodes; i++) {
        snode *nd = &s->nodes[i];
        if (nd->scored && nd->chars > 0)
            nd->score *= 1.0 - (double)nd->link_chars / (double)nd->chars;
    }
}

static int is_article_el(const snode *nd)
{
    if (nd->tag == GUMBO_TAG_ARTICLE)
        return 1;
    if (nd->tag == GUMBO_TAG_MAIN)
        return 1;
    const GumboAttribute *at = gumbo_get_attribute(&nd->el->attributes, "itemprop");
    return at && strcmp(at->value, "articleBody") == 0;
}

static size_t pick_top(scorer *s)
{
    size_t top = NONE;
    for (size_t i = 0; i < s->n_nodes; i++)
        if (s->nodes[i].scored && (top == NONE || s->nodes[i].score > s->nodes[top].score))
            top = i;
    if (top == NONE)
        return NONE;
    size_t best = top;
    s->best = top;
    /* A parent scoring above its best child holds more of the article. */
    double last = s->nodes[top].score, floor = last / 3;
    for (size_t up = s->nodes[top].parent, k = 0; up != NONE && k < 50;
         up = s->nodes[up].parent, k++) {
        const snode *nd = &s->nodes[up];
        if (nd->tag == GUMBO_TAG_BODY || nd->tag == GUMBO_TAG_HTML)
            break;
        if (!nd->scored)
            continue;
        if (nd->score < floor)
            break;
        if (nd->score > last) {
            top = up;
            break;
        }
        last = nd->score;
    }
    /* A block holding (nearly) all of its parent's text is the same
     * content as its parent; going up lets its siblings be considered. */
    double kl = 0.95;
    while (s->nodes[top].parent != NONE) {
        const snode *up = &s->nodes[s->nodes[top].parent];
        if (up->tag == GUMBO_TAG_BODY || up->tag == GUMBO_TAG_HTML)
            break;
        if (up->n_kids != 1 && (double)s->nodes[top].chars < kl * (double)up->chars)
            break;
        top = s->nodes[top].parent;
    }
    /* The winner must hold at least half of the page's prose (paragraphs of
     * 80+ characters with little link text); content cut into many sibling
     * blocks otherwise loses all but one of them. */
    size_t total = 0;
    for (size_t i = 0; i < s->n_nodes; i++)
        if (s->nodes[i].parent == NONE)
            total += s->nodes[i].good;
    while (s->nodes[top].parent != NONE &&
           (double)s->nodes[top].good < GOOD_SHARE * (double)total) {
        const snode *up = &s->nodes[s->nodes[top].parent];
        if (up->tag == GUMBO_TAG_BODY || up->tag == GUMBO_TAG_HTML)
            break;
        top = s->nodes[top].parent;
    }
    /* The page's own word for its article (<article>, <main>,
     * itemprop=articleBody) beats a part of it, when it is not a link list. */
    size_t art = top;
    for (size_t k = 0; art != NONE && k < 50 && !is_article_el(&s->nodes[art]); k++)
        art = s->nodes[art].parent;
    if (art != NONE && is_article_el(&s->nodes[art]) && s->nodes[art].chars > 0 &&
        (double)s->nodes[art].link_chars < 0.3 * (double)s->nodes[art].chars)
        top = art;
    /* The best block and the path up to the winner are never cleaned away. */
    for (size_t u = best, k = 0; u != NONE && k < 200; u = s->nodes[u].parent, k++) {
        s->nodes[u].chosen = 1;
        if (u == top)
            break;
    }
    s->nodes[top].chosen = 1;
    return top;
}

static int same_class(const snode *x, const snode *y)
{
    const GumboAttribute *a = gumbo_get_attribute(&x->el->attributes, "class");
    const GumboAttribute *b = gumbo_get_attribute(&y->el->attributes, "class");
    return a && b && a->value[0] && strcmp(a->value, b->value) == 0;
}

static void choose(scorer *s, size_t top)
{
    snode *t = &s->nodes[top];
    double kf = 0.2;
    double thr = t->score * kf > 10 ? t->score * kf : 10;
    t->chosen = 1;
    if (t->parent != NONE)
        for (size_t i = 0; i < s->n_nodes; i++) {
            snode *nd = &s->nodes[i];
            if (nd->parent != t->parent || i == top)
                continue;
            double bonus = same_class(nd, t) ? t->score * 0.2 : 0;
            double ld = nd->chars ? (double)nd->link_chars / (double)nd->chars : 0;
            if (nd->scored && nd->score + bonus >= thr)
                nd->chosen = 1;
            else if (nd->tag == GUMBO_TAG_P && nd->chars > 80 && ld < 0.25)
                nd->chosen = 1;
            else if (nd->tag == GUMBO_TAG_P && nd->chars > 0 && ld == 0 && nd->commas > 0)
                nd->chosen = 1;
        }
    size_t gp = t->parent != NONE ? s->nodes[t->parent].parent : NONE;
    for (size_t i = 0; i < s->n_nodes; i++) {
        snode *nd = &s->nodes[i];
        const snode *up = nd->parent != NONE ? &s->nodes[nd->parent] : NULL;
        nd->in = nd->chosen || (up && up->in);
        int ftag = kh_extract_html_hint_furn_tag(nd->tag);
        nd->dropped = nd->in && i != top &&
                      (ftag || (!nd->chosen && ((up && up->dropped) || should_clean(s, i))));
        nd->near = i == gp || i == t->parent || (up && up->near);
        nd->core = i == s->best || (up && up->core);
    }
}

/* Readability's conditional cleaning of a block inside the content. */
static int should_clean(const scorer *s, size_t i)
{
    const snode *nd = &s->nodes[i];
    switch (nd->tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DL:
        break;
    default:
        return nd->weight < 0;
    }
    if (nd->weight < 0)
        return 1;
    if (nd->chars == 0 || nd->commas >= 10)
        return 0;
    double ld = (double)nd->link_chars / (double)nd->chars;
    if (nd->weight < 25 && ld > 0.33)
        return 1;
    if (nd->weight >= 25 && ld > 0.5)
        return 1;
    return 0;
}

/* The paragraphs of the chosen blocks in page order, minus furniture;
 * subheadings only when body text follows before the next heading. */
static kh_rc collect(scorer *s)
{
    s->items = kh_calloc(s->n_paras ? s->n_paras : 1, sizeof *s->items);
    if (!s->items)
        return KH_ERR_NOMEM;
    size_t last_head = NONE;
    for (size_t i = 0; i < s->n_paras; i++) {
        const spara *p = &s->paras[i];
        const snode *nd = &s->nodes[p->node];
        if (p->kind == K_H1 && s->h1 == NONE && (nd->in || nd->near))
            s->h1 = i;
        if (!nd->in || nd->dropped || p->kind == K_H1 || p->kind == K_FIGURE)
            continue;
        const char *t = s->text.data + p->off;
        int linky = p->link_chars * 2 > p->chars;
        if (p->kind == K_CAPTION) {
            s->items[s->n_items++] = (item){i, K_CAPTION};
            continue;
        }
        if (p->kind == K_HEAD) {
            if (linky || p->chars > 200)
                continue;
            if (last_head != NONE)
                s->n_items = last_head; /* the previous heading had no text under it */
            last_head = s->n_items;
            s->items[s->n_items++] = (item){i, K_HEAD};
            continue;
        }
        if (!nd->core && p->chars < SHORT_LINE_CHARS && !p->sentence)
            continue;
        /* A line that is mostly a <time> is a dateline. */
        /* A line without letters is no paragraph, but a table cell or list
         * item may be a number or a price. */
        int bare = p->letters == 0 && p->kind != K_CELL && p->kind != K_LI;
        if (linky || bare || p->time_chars * 2 > p->chars ||
            kh_extract_html_hint_furniture(t, p->len))
            continue;
        /* A short line with a photo credit is a caption set as a paragraph. */
        if (kh_extract_html_hint_credit(t, p->len)) {
            s->items[s->n_items++] = (item){i, K_CAPTION};
            continue;
        }
        if (s->n_items > 0) {
            const spara *q = &s->paras[s->items[s->n_items - 1].para];
            if (q->len == p->len && memcmp(s->text.data + q->off, t, p->len) == 0)
                continue;
        }
        last_head = NONE;
        s->items[s->n_items++] = (item){i, K_P};
        s->n_chars += p->chars;
    }
    if (last_head != NONE)
        s->n_items = last_head;
    /* Trailing short lines that end no sentence close the article like a
     * footer: "Alle Angaben ohne Gewähr", "Diesen Artikel teilen". */
    double kt = TRAIL_LINE_CHARS;
    while (s->n_items > 1) {
        const item *it = &s->items[s->n_items - 1];
        const spara *p = &s->paras[it->para];
        if (it->kind == K_CAPTION || (it->kind == K_P && (p->chars >= kt || p->sentence)))
            break;
        if (it->kind == K_P)
            s->n_chars -= p->chars;
        s->n_items--;
    }
    return KH_OK;
}

static kh_rc run_pass(const GumboNode *root, int strip, scorer *s, kh_err *err)
{
    memset(s, 0, sizeof *s);
    kh_buf_init(&s->text, KH_CAP_PAGE * 3);
    s->cur = NONE;
    s->h1 = NONE;
    s->best = NONE;
    s->strip = strip;
    kh_rc rc = kh_extract_html_walk(root, visit, s, err);
    if (rc == KH_OK && !flush(s))
        rc = KH_DONE;
    if (rc == KH_DONE || s->rc != KH_OK)
        return kh_err_set(err, s->rc, 0, -1, "reading the HTML body: %s", kh_rc_str(s->rc));
    if (rc != KH_OK)
        return rc;
    score_nodes(s);
    size_t top = pick_top(s);
    if (top != NONE)
        choose(s, top);
    rc = collect(s);
    if (rc != KH_OK)
        return kh_err_set(err, rc, 0, -1, "reading the HTML body: %s", kh_rc_str(rc));
    return KH_OK;
}

static void scorer_clean(scorer *s)
{
    kh_free(s->nodes);
    kh_free(s->paras);
    kh_free(s->items);
    kh_buf_clean(&s->text);
    memset(s, 0, sizeof *s);
}

static kh_rc emit(scorer *s, kh_article *a, kh_html_body *body, kh_err *err)
{
    kh_rc rc = KH_OK;
    for (size_t i = 0; i < s->n_items && rc == KH_OK; i++) {
        const spara *p = &s->paras[s->items[i].para];
        const char *t = kh_extract_html_clean(a, s->text.data + p->off, p->len, &rc);
        if (!t)
            continue;
        kh_strlist *l = s->items[i].kind == K_HEAD      ? &a->subheadings
                        : s->items[i].kind == K_CAPTION ? &a->captions
                                                        : &a->body;
        rc = kh_article_list_add(a, l, t, strlen(t));
        if (l == &a->body)
            body->n_paras++;
    }
    if (rc == KH_OK && s->h1 != NONE) {
        const spara *p = &s->paras[s->h1];
        body->h1 = kh_extract_html_clean(a, s->text.data + p->off, p->len, &rc);
    }
    body->n_chars = s->n_chars;
    if (rc != KH_OK)
        return kh_err_set(err, rc, 0, -1, "adding the HTML body: %s", kh_rc_str(rc));
    return KH_OK;
}

kh_rc kh_extract_html_score(const GumboNode *root, kh_article *a, kh_html_body *body, kh_err *err)
{
    scorer first, second;
    memset(&second, 0, sizeof second);
    kh_rc rc = run_pass(root, 1, &first, err);
    if (rc != KH_OK)
        goto done;
    scorer *best = &first;
    if (first.n_chars < RETRY_CHARS) {
        rc = run_pass(root, 0, &second, err);
        if (rc != KH_OK)
            goto done;
        if (second.n_chars > first.n_chars)
            best = &second;
    }
    rc = emit(best, a, body, err);
done:
    scorer_clean(&first);
    scorer_clean(&second);
    return rc;
}
