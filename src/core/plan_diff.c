/* plan_diff.c: the differences between two plan versions, by item key (see plan_diff.h). */
#include "plan_diff.h"
#include "words.h"

#include <string.h>

const char *const item_class_names[ITEM__COUNT] = {
	[ITEM_BASIC] = "basic", [ITEM_IMPROVEMENT] = "improvement", [ITEM_ENHANCEMENT] = "enhancement"};

int
item_class_from_name(const char *s)
{
	return word_index(item_class_names, ITEM__COUNT, s);
}

static bool
same_text(const char *x, const char *y)
{
	return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool
ascending(const struct plan_item *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (v[i - 1].key >= v[i].key)
			return false;
	return true;
}

/* An item entering (sign 1) or leaving (sign -1) the plan. */
static void
whole(struct plan_change *c, enum change_kind kind, const struct plan_item *it, int sign)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->key = it->key;
	c->cost_delta = sign * it->cost;
	for (int f = 0; f < FUND__COUNT; f++)
		c->funding_delta[f] = sign * it->funding[f];
	if (sign > 0)
		c->new_ = it;
	else
		c->old = it;
}

size_t
plan_diff(const struct plan_item *a, size_t na, const struct plan_item *b, size_t nb,
          struct plan_change *out, int64_t *cost_delta)
{
	*cost_delta = 0;
	if (!ascending(a, na) || !ascending(b, nb))
		return (size_t)-1;
	size_t i = 0, j = 0, k = 0;
	while (i < na || j < nb) {
		if (j == nb || (i < na && a[i].key < b[j].key)) {
			whole(&out[k++], CHANGE_REMOVED, &a[i], -1);
			*cost_delta -= a[i++].cost;
			continue;
		}
		if (i == na || b[j].key < a[i].key) {
			whole(&out[k++], CHANGE_ADDED, &b[j], 1);
			*cost_delta += b[j++].cost;
			continue;
		}
		const struct plan_item *o = &a[i++], *n = &b[j++];
		*cost_delta += n->cost - o->cost;
		struct plan_change c = {.kind = CHANGE_CHANGED, .key = o->key, .old = o, .new_ = n};
		if (!same_text(o->title, n->title))
			c.fields |= PF_TITLE;
		if (!same_text(o->description, n->description))
			c.fields |= PF_DESCRIPTION;
		if (!same_text(o->location, n->location))
			c.fields |= PF_LOCATION;
		if (o->klass != n->klass)
			c.fields |= PF_CLASS;
		if (o->mandatory != n->mandatory)
			c.fields |= PF_MANDATORY;
		if (o->owners_decide != n->owners_decide)
			c.fields |= PF_OWNERS_DECIDE;
		if (o->share_rule != n->share_rule)
			c.fields |= PF_SHARE_RULE;
		c.cost_delta = n->cost - o->cost;
		if (c.cost_delta != 0)
			c.fields |= PF_COST;
		for (int f = 0; f < FUND__COUNT; f++) {
			c.funding_delta[f] = n->funding[f] - o->funding[f];
			if (c.funding_delta[f] != 0)
				c.fields |= PF_FUNDING;
		}
		if (c.fields)
			out[k++] = c;
	}
	return k;
}
