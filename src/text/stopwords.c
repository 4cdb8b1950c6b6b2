/*
 * src/text/stopwords.c - Arabic and English function words.
 *
 * Words that say nothing about what a story is about (prepositions,
 * pronouns, particles, demonstratives, the auxiliary كان and its sisters,
 * and the verbs of saying that open every news paragraph: قال، أضاف، أكد)
 * are left out of keys, shingles and cluster vectors.
 *
 * Fits: called on match-form tokens (kh_text_normalize then
 * kh_text_tokenize_next) by analyse and group.  Depends on: core.
 *
 * Method: one sorted table of match-form spellings (no hamza on alef, ي for
 * ى, ه for ة), searched with bsearch in byte order.  Common forms with the
 * conjunction و attached are listed as words of their own because the
 * stemmer runs after this check.  tests/text/stopwords.c checks that the
 * table is sorted and already in match form.  The list is khabar's own.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- static prototypes ---- */

static int cmp_word(const void *key, const void *elem);

/* Sorted by bytes (strcmp order); every entry is its own match form. */
static const char *const stopwords[] = {
    "a",      "about",  "after",   "all",    "also",  "an",     "and",    "are",    "as",
    "at",     "be",     "been",    "but",    "by",    "can",    "could",  "did",    "do",
    "does",   "for",    "from",    "had",    "has",   "have",   "he",     "her",    "his",
    "i",      "if",     "in",      "into",   "is",    "it",     "its",    "more",   "no",
    "not",    "of",     "on",      "or",     "our",   "out",    "over",   "said",   "says",
    "she",    "so",     "than",    "that",   "the",   "their",  "them",   "then",   "there",
    "these",  "they",   "this",    "those",  "to",    "up",     "was",    "we",     "were",
    "what",   "when",   "which",   "who",    "will",  "with",   "would",  "you",    "احد",
    "احدي",   "اذ",     "اذا",     "اذن",    "اشار",  "اشارت",  "اصبح",   "اصبحت",  "اضاف",
    "اضافت",  "اعلن",   "اعلنت",   "افاد",   "افادت", "اقل",    "اكثر",   "اكد",    "اكدت",
    "الا",    "الان",   "التي",    "الذي",   "الذين", "اللاتي", "اللايي", "اللتان", "اللتين",
    "اللذان", "اللذين", "اللواتي", "الي",    "اليه",  "اليها",  "اليهم",  "ام",     "اما",
    "امام",   "ان",     "انا",     "انت",    "انتم",  "انما",   "انه",    "انها",   "انهم",
    "او",     "اوضح",   "اوضحت",   "اوليك",  "اي",    "ايضا",   "اين",    "ايه",    "ب",
    "بان",    "بذلك",   "بعد",     "بعض",    "بل",    "بما",    "بنا",    "به",     "بها",
    "بهم",    "بين",    "بينما",   "تابع",   "تحت",   "تزال",   "تقول",   "تكون",   "تلك",
    "تم",     "ثم",     "جدا",     "حاليا",  "حتي",   "حسب",    "حول",    "حيث",    "حين",
    "حينما",  "خلال",   "دون",     "ذات",    "ذكر",   "ذكرت",   "ذلك",    "ذلكم",   "ذو",
    "ذي",     "زال",    "زالت",    "سوي",    "صار",   "ضد",     "طبقا",   "ظل",     "عبر",
    "عدم",    "علي",    "عليه",    "عليها",  "عليهم", "عما",    "عن",     "عند",    "عندما",
    "عنه",    "عنها",   "عنهم",    "غير",    "ف",     "فان",    "فقد",    "فقط",    "فوق",
    "في",     "فيما",   "فيه",     "فيها",   "فيهم",  "قال",    "قالت",   "قبل",    "قد",
    "ك",      "كان",    "كانت",    "كانوا",  "كذا",   "كذلك",   "كل",     "كلا",    "كلتا",
    "كلما",   "كما",    "كي",      "كيف",    "ل",     "لا",     "لازال",  "لان",    "لدي",
    "لذلك",   "لقد",    "لكن",     "لكنه",   "لكنها", "لكي",    "لم",     "لما",    "لماذا",
    "لن",     "لنا",    "له",      "لها",    "لهم",   "لهن",    "لو",     "لولا",   "لي",
    "ليس",    "ليست",   "ما",      "ماذا",   "مازال", "متي",    "مثل",    "مشيرا",  "مضيفا",
    "مع",     "معه",    "معها",    "معهم",   "مما",   "ممن",    "من",     "منذ",    "منه",
    "منها",   "منهم",   "موضحا",   "موكدا",  "نحن",   "نحو",    "ها",     "هاتان",  "هاتين",
    "هذا",    "هذان",   "هذه",     "هذين",   "هكذا",  "هل",     "هم",     "هما",    "هن",
    "هنا",    "هناك",   "هنالك",   "هو",     "هولاء", "هي",     "و",      "واشار",  "واشارت",
    "واضاف",  "واضافت", "واعلن",   "واعلنت", "وافاد", "واكد",   "واكدت",  "والي",   "وان",
    "واوضح",  "وايضا",  "وبعد",    "وبين",   "وتابع", "وتم",    "وحتي",   "وذكر",   "وذكرت",
    "وذلك",   "وراء",   "وعلي",    "وعن",    "وفقا",  "وفي",    "وقال",   "وقالت",  "وقبل",
    "وقد",    "وكان",   "وكانت",   "وكل",    "ولا",   "ولكن",   "ولم",    "ولن",    "وما",
    "ومع",    "ومن",    "وهذا",    "وهذه",   "وهم",   "وهو",    "وهي",    "يتم",    "يزال",
    "يقول",   "يكون",   "يكونوا",
};

typedef struct word_key {
    const char *s; /* borrows the caller's token */
    size_t len;
} word_key;

/* ---- public functions ---- */

int kh_text_is_stopword(const char *tok, size_t len)
{
    if (!tok || len == 0 || len > 32)
        return 0;
    word_key k = {tok, len};
    return bsearch(&k, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                   cmp_word) != NULL;
}

size_t kh_text_stopword_count(void)
{
    return sizeof stopwords / sizeof stopwords[0];
}

const char *kh_text_stopword_at(size_t i)
{
    return i < sizeof stopwords / sizeof stopwords[0] ? stopwords[i] : NULL;
}

/* ---- static functions ---- */

/* Compares a (pointer, length) key with a NUL-terminated entry, in the byte
 * order the table is sorted in. */
static int cmp_word(const void *key, const void *elem)
{
    const word_key *k = key;
    const char *w = *(const char *const *)elem;
    size_t wl = strlen(w);
    size_t m = k->len < wl ? k->len : wl;
    int c = memcmp(k->s, w, m);
    if (c != 0)
        return c;
    return k->len < wl ? -1 : k->len > wl;
}
