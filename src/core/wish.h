/* wish.h: the rules of a small wish (微心愿, issue 9) — its states, who may take each step, and the
 * points its minutes earn. Pure: the store records what this allows. */
#ifndef YL_WISH_H
#define YL_WISH_H

#include <stdbool.h>
#include <stdint.h>

enum wish_state { WISH_OPEN, WISH_ADOPTED, WISH_FULFILLED, WISH_CONFIRMED, WISH_WITHDRAWN, WISH__COUNT };
extern const char *const wish_state_names[WISH__COUNT]; /* "open", "adopted", … */
/* -1 when s names no state. */
int wish_state_from_name(const char *s);

enum wish_step { WSTEP_ADOPT, WSTEP_FULFIL, WSTEP_CONFIRM, WSTEP_WITHDRAW, WSTEP__COUNT };

/* The state a step needs and the one it leads to: adopt open → adopted, fulfil adopted →
 * fulfilled, confirm fulfilled → confirmed, withdraw open → withdrawn. Nothing goes back. */
enum wish_state wish_step_from(enum wish_step s);
enum wish_state wish_step_to(enum wish_step s);

/* The minutes a confirmation may record: a day's help at most (1 to 1440). */
#define WISH_MINUTES_MIN 1
#define WISH_MINUTES_MAX 1440
bool wish_minutes_ok(int64_t minutes);

/* Points for the minutes given: one point per whole half hour, rounded down (29 minutes earn 0,
 * 60 earn 2, 1440 earn 48). Minutes outside the range earn 0. */
#define WISH_MINUTES_PER_POINT 30
int64_t wish_points(int64_t minutes);

#endif
