/* notice.h: the rules of a notice on the board (公示栏, issue 11) — its kinds and states, and how
 * long each kind stays up when nobody says otherwise. Pure. */
#ifndef YL_NOTICE_H
#define YL_NOTICE_H

#include <stdint.h>

enum notice_kind { NK_ANNOUNCEMENT, NK_PLAN, NK_DECISION, NK_RESULT, NK_FINANCE, NK_OTHER, NK__COUNT };
extern const char *const notice_kind_names[NK__COUNT]; /* "announcement", "plan", … */

/* draft → published → withdrawn; nothing goes back, and a published notice is never edited. */
enum notice_state { NST_DRAFT, NST_PUBLISHED, NST_WITHDRAWN, NST__COUNT };
extern const char *const notice_state_names[NST__COUNT];

/* The days a notice of kind k stays up by default. notice_days is the community's setting for
 * the publicity of a decision (DOMAIN §1, 15 unless changed); 0 or less counts as 15. */
int64_t notice_default_days(enum notice_kind k, int64_t notice_days);

#endif
