/* i18n.h: languages and the message catalogue (messages.def); zh-CN first, English second. */
#ifndef YL_I18N_H
#define YL_I18N_H

#include <stddef.h>

enum lang { LANG_ZH, LANG_EN, LANG__COUNT };

enum msg {
#define MSG(id, zh, en) MSG_##id,
#include "messages.def"
#undef MSG
	MSG__COUNT
};

/* The catalogue text for a message; static storage, never NULL. */
const char *i18n_get(enum lang lang, enum msg m);

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
