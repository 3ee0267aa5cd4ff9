/* wish.c: the small wish's states, steps and points (see wish.h). */
#include "wish.h"
#include "words.h"

#include <string.h>

const char *const wish_state_names[WISH__COUNT] = {[WISH_OPEN] = "open",
                                                   [WISH_ADOPTED] = "adopted",
                                                   [WISH_FULFILLED] = "fulfilled",
                                                   [WISH_CONFIRMED] = "confirmed",
                                                   [WISH_WITHDRAWN] = "withdrawn"};

int
wish_state_from_name(const char *s)
{
	return word_index(wish_state_names, WISH__COUNT, s);
}

static const struct {
	enum wish_state from, to;
} steps[WSTEP__COUNT] = {
	[WSTEP_ADOPT] = {WISH_OPEN, WISH_ADOPTED},
	[WSTEP_FULFIL] = {WISH_ADOPTED, WISH_FULFILLED},
	[WSTEP_CONFIRM] = {WISH_FULFILLED, WISH_CONFIRMED},
	[WSTEP_WITHDRAW] = {WISH_OPEN, WISH_WITHDRAWN},
};

enum wish_state
wish_step_from(enum wish_step s)
{
	return (unsigned)s < WSTEP__COUNT ? steps[s].from : WISH__COUNT;
}

enum wish_state
wish_step_to(enum wish_step s)
{
	return (unsigned)s < WSTEP__COUNT ? steps[s].to : WISH__COUNT;
}

bool
wish_minutes_ok(int64_t minutes)
{
	return minutes >= WISH_MINUTES_MIN && minutes <= WISH_MINUTES_MAX;
}

int64_t
wish_points(int64_t minutes)
{
	return wish_minutes_ok(minutes) ? minutes / WISH_MINUTES_PER_POINT : 0;
}
