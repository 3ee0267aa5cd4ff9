/* capitals.c: money in Chinese capitals (see capitals.h). */
#include "capitals.h"

#include <stdbool.h>
#include <string.h>

static const char *const DIGITS[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
static const char *const PLACES[4] = {"", "拾", "佰", "仟"};
/* sections of four digits from the lowest: 10^0, 10^4 万, 10^8 亿, 10^12 万亿 */
static const char *const SECTIONS[4] = {"", "万", "亿", "万亿"};

struct out {
	char *p;
	size_t len;
};

static void
put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n < CAPITALS_MAX) {
		memcpy(o->p + o->len, s, n);
		o->len += n;
		o->p[o->len] = '\0';
	}
}

/* One section 1..9999 without leading zeros: 1005 → 壹仟零伍, 1500 → 壹仟伍佰. */
static void
section(struct out *o, int s)
{
	static const int scale[4] = {1, 10, 100, 1000};
	bool any = false, zero = false;
	for (int i = 3; i >= 0; i--) {
		int d = s / scale[i] % 10;
		if (d == 0) {
			zero = any;
			continue;
		}
		if (zero)
			put(o, DIGITS[0]);
		zero = false;
		put(o, DIGITS[d]);
		put(o, PLACES[i]);
		any = true;
	}
}

/* The whole yuan > 0: a zero section, or a section below 1000 after a higher one, is one 零
 * (100005 → 壹拾万零伍, 100010000 → 壹亿零壹万). */
static void
yuan(struct out *o, int64_t y)
{
	int parts[4];
	for (int i = 0; i < 4; i++, y /= 10000)
		parts[i] = (int)(y % 10000);
	bool started = false, zero = false;
	for (int i = 3; i >= 0; i--) {
		if (parts[i] == 0) {
			zero = started;
			continue;
		}
		if (zero || (started && parts[i] < 1000))
			put(o, DIGITS[0]);
		zero = false;
		section(o, parts[i]);
		put(o, SECTIONS[i]);
		started = true;
	}
}

size_t
capitals_of(int64_t fen, char out[CAPITALS_MAX])
{
	struct out o = {out, 0};
	out[0] = '\0';
	if (fen < -INT64_C(1000000000000000) || fen > INT64_C(1000000000000000))
		return 0;
	if (fen < 0) {
		put(&o, "负");
		fen = -fen;
	}
	int64_t y = fen / 100;
	int jiao = (int)(fen / 10 % 10), f = (int)(fen % 10);
	if (y > 0) {
		yuan(&o, y);
		put(&o, "元");
	}
	if (jiao == 0 && f == 0) {
		if (y == 0)
			put(&o, "零元");
		put(&o, "整");
		return o.len;
	}
	if (jiao > 0) {
		put(&o, DIGITS[jiao]);
		put(&o, "角");
	} else if (y > 0) {
		put(&o, DIGITS[0]); /* 壹元零伍分: the 零 stands for the missing 角 */
	}
	if (f > 0) {
		put(&o, DIGITS[f]);
		put(&o, "分");
	}
	return o.len;
}
