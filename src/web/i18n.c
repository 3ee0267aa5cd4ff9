/* i18n.c: catalogue lookup and Accept-Language negotiation. */
#include "i18n.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A counted message's English column holds its other form ("%lld problems"): whatever reads the
 * catalogue without a count gets the form that fits most counts. */
static const char *const catalogue[MSG__COUNT][LANG__COUNT] = {
#define MSG(id, zh, en) [MSG_##id] = {zh, en},
#define MSGN(id, zh, en_one, en_other) [MSG_##id] = {zh, en_other},
#include "messages.def"
#undef MSG
#undef MSGN
};

/* The English one form of each counted message; NULL marks a plain message. */
static const char *const english_one[MSG__COUNT] = {
#define MSG(id, zh, en)
#define MSGN(id, zh, en_one, en_other) [MSG_##id] = en_one,
#include "messages.def"
#undef MSG
#undef MSGN
};

static const char *
text(enum lang lang, enum msg m)
{
	if ((unsigned)m >= MSG__COUNT)
		return "";
	if ((unsigned)lang >= LANG__COUNT)
		lang = LANG_ZH;
	return catalogue[m][lang];
}

const char *
i18n_get(enum lang lang, enum msg m)
{
	/* a counted message read here lost its count on the way: find that call site (req_tn) */
	assert((unsigned)m >= MSG__COUNT || english_one[m] == NULL);
	return text(lang, m);
}

int
i18n_counted(enum msg m)
{
	return (unsigned)m < MSG__COUNT && english_one[m] != NULL;
}

const char *
i18n_form(enum lang lang, enum msg m, long long n)
{
	if (lang == LANG_EN && n == 1 && i18n_counted(m))
		return english_one[m];
	return text(lang, m);
}

const char *
lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "zh-CN";
}

int
lang_from_code(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcasecmp(s, "zh") == 0 || strcasecmp(s, "zh-CN") == 0 || strcasecmp(s, "zh-Hans") == 0)
		return LANG_ZH;
	if (strcasecmp(s, "en") == 0 || strncasecmp(s, "en-", 3) == 0)
		return LANG_EN;
	return -1;
}

enum lang
i18n_negotiate(const char *al)
{
	if (al == NULL)
		return LANG_ZH;
	int best = LANG_ZH, best_q = -1;
	const char *p = al;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *tag = p;
		while (*p && *p != ';' && *p != ',' && *p != ' ')
			p++;
		size_t tl = (size_t)(p - tag);
		int q = 1000;
		while (*p == ' ')
			p++;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			const char *comma = strchr(p, ',');
			if (qs && (!comma || qs < comma)) {
				double d = strtod(qs + 2, NULL);
				/* clamp before converting: "q=1e300" or "q=nan" must not be undefined */
				if (!(d >= 0.0))
					d = 0.0;
				if (d > 1.0)
					d = 1.0;
				q = (int)(d * 1000.0 + 0.5);
			}
		}
		while (*p && *p != ',')
			p++;
		int l = -1;
		if (tl >= 2 && strncasecmp(tag, "zh", 2) == 0 && (tl == 2 || tag[2] == '-'))
			l = LANG_ZH;
		else if (tl >= 2 && strncasecmp(tag, "en", 2) == 0 && (tl == 2 || tag[2] == '-'))
			l = LANG_EN;
		if (l >= 0 && q > 0 && q > best_q) { /* q=0 means "not this one" */
			best = l;
			best_q = q;
		}
	}
	return (enum lang)best;
}

const char *
i18n_role(enum lang lang, enum role r)
{
	static const enum msg labels[ROLE__COUNT] = {
		[ROLE_RESIDENT] = MSG_ROLE_RESIDENT,   [ROLE_OWNER] = MSG_ROLE_OWNER,
		[ROLE_HEAD] = MSG_ROLE_HEAD,           [ROLE_VOLUNTEER] = MSG_ROLE_VOLUNTEER,
		[ROLE_COMMITTEE] = MSG_ROLE_COMMITTEE, [ROLE_STAFF] = MSG_ROLE_STAFF,
		[ROLE_DEPARTMENT] = MSG_ROLE_DEPARTMENT, [ROLE_ORG] = MSG_ROLE_ORG,
		[ROLE_DISTRICT] = MSG_ROLE_DISTRICT,   [ROLE_ADMIN] = MSG_ROLE_ADMIN,
	};
	return (unsigned)r < ROLE__COUNT ? i18n_get(lang, labels[r]) : "?";
}
