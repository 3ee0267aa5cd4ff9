/* i18n.h: languages and the message catalogue (messages.def); zh-CN first, English second. */
#ifndef YL_I18N_H
#define YL_I18N_H

#include <stddef.h>

enum lang { LANG_ZH, LANG_EN, LANG__COUNT };

/* Two kinds of message share one numbering: MSG(ID, zh, en) has one text per language;
 * MSGN(ID, zh, en_one, en_other) is a counted message — English says "1 problem" but "2
 * problems", Chinese has no plural and one text serves every count. */
enum msg {
#define MSG(id, zh, en) MSG_##id,
#define MSGN(id, zh, en_one, en_other) MSG_##id,
#include "messages.def"
#undef MSG
#undef MSGN
	MSG__COUNT
};

/* A constant for each message that may be read without a count, and none for the counted ones:
 * T() (web/req.h) names it, so T() on a counted message does not compile. */
enum msg_plain {
#define MSG(id, zh, en) MSG_PLAIN_##id,
#define MSGN(id, zh, en_one, en_other)
#include "messages.def"
#undef MSG
#undef MSGN
	MSG_PLAIN__COUNT
};

/* The catalogue text for a plain message; static storage, never NULL. A counted message has no
 * text without its count: a debug build asserts, a release build gives the English other form
 * (never a "1 problems" it was not told the count for). */
const char *i18n_get(enum lang lang, enum msg m);

/* Whether m is a counted message (MSGN). */
int i18n_counted(enum msg m);

/* The text of m for a count of n: for a counted message in English the one form when n is 1 and
 * the other form for any other n (0, 2, -1 …); otherwise the message's one text, whatever n.
 * Static storage, never NULL. */
const char *i18n_form(enum lang lang, enum msg m, long long n);

/* Picks zh or en from an Accept-Language header (q-values honoured); zh when unclear. */
enum lang i18n_negotiate(const char *accept_language);

/* "zh-CN" / "en" for html lang= and the account setting; lang_from_code accepts both short
 * and long forms and returns -1 when unknown. */
const char *lang_code(enum lang l);
int lang_from_code(const char *s);

/* The display name of a role ("邻长" / "Neighbourhood head"). */
#include "../core/perm.h"
const char *i18n_role(enum lang lang, enum role r);

#endif
