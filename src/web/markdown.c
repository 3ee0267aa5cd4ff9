/* markdown.c: blocks by lines (each container renders its stripped lines recursively), then
 * inline spans by one left-to-right scan whose emphasis is matched on a stack as it goes. */
#include "markdown.h"
#include "html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Backtick runs longer than this are text; it bounds the "no closer of this length" memo. */
#define CODE_RUN_MAX 16

struct line {
	const char *p;
	size_t n;
};

/* Scratch is malloc'd and freed as soon as its block is written, so a long body does not keep
 * its line tables in the request's arena. Out of memory aborts, as arena_alloc does. */
static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL) {
		fputs("markdown: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		fputs("markdown: out of memory\n", stderr);
		abort();
	}
	return p;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_punct(char c)
{
	return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* U+3000, the ideographic space that Chinese text uses between words. */
static const char IDEO_SPACE[] = "\xE3\x80\x80";

/* Lines ------------------------------------------------------------------------------------- */

static bool
blank(struct line l)
{
	for (size_t i = 0; i < l.n; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t')
			return false;
	return true;
}

/* Columns of leading spaces and tabs (a tab reaches the next multiple of 4); *bytes gets how
 * many bytes they take. */
static size_t
indent(struct line l, size_t *bytes)
{
	size_t col = 0, i = 0;
	for (; i < l.n; i++) {
		if (l.p[i] == ' ')
			col++;
		else if (l.p[i] == '\t')
			col += 4 - col % 4;
		else
			break;
	}
	if (bytes)
		*bytes = i;
	return col;
}

static struct line
lstrip(struct line l)
{
	size_t b;
	indent(l, &b);
	return (struct line){l.p + b, l.n - b};
}

static struct line
trim(struct line l)
{
	l = lstrip(l);
	while (l.n > 0 && (l.p[l.n - 1] == ' ' || l.p[l.n - 1] == '\t'))
		l.n--;
	return l;
}

/* Drops up to cols columns of indentation; a tab that reaches past cols goes whole, so what is
 * left keeps its indentation relative to its siblings. */
static struct line
strip_cols(struct line l, size_t cols)
{
	size_t col = 0, i = 0;
	while (i < l.n && col < cols && (l.p[i] == ' ' || l.p[i] == '\t')) {
		col = l.p[i] == ' ' ? col + 1 : col + 4 - col % 4;
		i++;
	}
	return (struct line){l.p + i, l.n - i};
}

/* Block starts (on a line already stripped of indentation) ---------------------------------- */

static bool
is_rule(struct line t)
{
	if (t.n == 0 || (t.p[0] != '-' && t.p[0] != '*' && t.p[0] != '_'))
		return false;
	size_t marks = 0;
	for (size_t i = 0; i < t.n; i++) {
		if (t.p[i] == t.p[0])
			marks++;
		else if (t.p[i] != ' ' && t.p[i] != '\t')
			return false;
	}
	return marks >= 3;
}

/* 1..3 '#' then a space or the end; *text is the title without an optional closing "###". */
static int
heading(struct line t, struct line *text)
{
	size_t k = 0;
	while (k < t.n && t.p[k] == '#')
		k++;
	if (k == 0 || k > 3 || (k < t.n && t.p[k] != ' ' && t.p[k] != '\t'))
		return 0;
	struct line c = trim((struct line){t.p + k, t.n - k});
	size_t e = c.n;
	while (e > 0 && c.p[e - 1] == '#')
		e--;
	if (e == 0 || c.p[e - 1] == ' ' || c.p[e - 1] == '\t')
		c = trim((struct line){c.p, e});
	*text = c;
	return (int)k;
}

struct marker {
	bool ordered;
	long start;
	size_t len; /* bytes from the marker's first byte to the item's text */
};

static bool
list_marker(struct line t, struct marker *m)
{
	size_t k;
	if (t.n >= 2 && (t.p[0] == '-' || t.p[0] == '*' || t.p[0] == '+') && (t.p[1] == ' ' || t.p[1] == '\t')) {
		m->ordered = false;
		m->start = 1;
		k = 1;
	} else {
		long v = 0;
		size_t d = 0;
		while (d < t.n && d < 9 && is_digit(t.p[d]))
			v = v * 10 + (t.p[d++] - '0');
		if (d == 0)
			return false;
		if (d + 1 < t.n && (t.p[d] == '.' || t.p[d] == ')') && (t.p[d + 1] == ' ' || t.p[d + 1] == '\t'))
			k = d + 1;
		else if (t.n - d >= 3 && memcmp(t.p + d, "\xE3\x80\x81", 3) == 0) /* 、 */
			k = d + 3;
		else
			return false;
		m->ordered = true;
		m->start = v;
	}
	size_t b;
	struct line rest = {t.p + k, t.n - k};
	indent(rest, &b);
	if (blank(rest)) /* "- " alone is text: an empty item is more likely a slip than a wish */
		return false;
	m->len = k + b;
	return true;
}

static bool
is_quote(struct line t, int depth)
{
	return depth < MARKDOWN_DEPTH_MAX && t.n > 0 && t.p[0] == '>';
}

/* Whether l ends a paragraph (or refuses to be a lazy continuation line) at this depth. */
static bool
block_start(struct line l, int depth)
{
	struct line t = lstrip(l);
	struct line ignored;
	struct marker m;
	return is_rule(t) || heading(t, &ignored) || is_quote(t, depth) ||
	       (depth < MARKDOWN_DEPTH_MAX && list_marker(t, &m));
}

/* Inline ------------------------------------------------------------------------------------ */

enum tok_kind { TK_TEXT, TK_DELIM, TK_CODE, TK_LINK, TK_AUTO };
enum { ROLE_TEXT, ROLE_OPEN, ROLE_CLOSE };

struct tok {
	enum tok_kind kind;
	unsigned char len;  /* TK_DELIM: 1..3 stars */
	unsigned char role; /* TK_DELIM: ROLE_* once the scan is over */
	size_t off, n;      /* text, code content, link text, or the bare address */
	size_t uoff, un;    /* TK_LINK: the url */
	size_t below;       /* TK_DELIM on the stack: the next opener of the same length under it */
};

#define NONE SIZE_MAX

struct inl {
	const char *t;
	size_t m;
	bool in_link;
	struct tok *v;
	size_t nv, cap;
	size_t *stack;      /* unmatched openers, token indices */
	size_t ns, stack_cap;
	size_t top[4];      /* topmost opener of each run length on the stack, or NONE */
	bool no_code_closer[CODE_RUN_MAX + 1];
	size_t url_dead_before; /* a url starting before this has no ')' before a space or the end */
};

static size_t
push(struct inl *x, struct tok k)
{
	if (x->nv == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	x->v[x->nv] = k;
	return x->nv++;
}

static void
push_text(struct inl *x, size_t from, size_t to)
{
	if (to > from)
		push(x, (struct tok){.kind = TK_TEXT, .off = from, .n = to - from});
}

static bool
space_before(const struct inl *x, size_t i)
{
	return i == 0 || is_space(x->t[i - 1]) || (i >= 3 && memcmp(x->t + i - 3, IDEO_SPACE, 3) == 0);
}

static bool
space_at(const struct inl *x, size_t i)
{
	return i >= x->m || is_space(x->t[i]) || (x->m - i >= 3 && memcmp(x->t + i, IDEO_SPACE, 3) == 0);
}

/* A run of r stars at i. Punctuation does not matter (Chinese puts full-width punctuation right
 * against the stars), only spaces: "a * b" is text. A closer pairs with the nearest opener of its
 * own length; openers above that one on the stack stay text, so what matches is always nested.
 * Each opener is pushed and popped once, so any run of stars costs linear time. Returns false
 * when the run is plain text. */
static bool
delim(struct inl *x, size_t i, size_t r)
{
	if (r > 3)
		return false;
	bool can_open = !space_at(x, i + r), can_close = !space_before(x, i);
	if (can_close && x->top[r] != NONE) {
		size_t opener = x->top[r];
		while (x->ns > 0) {
			size_t k = x->stack[--x->ns];
			x->top[x->v[k].len] = x->v[k].below;
			if (k == opener)
				break;
		}
		x->v[opener].role = ROLE_OPEN;
		push(x, (struct tok){.kind = TK_DELIM, .len = (unsigned char)r, .role = ROLE_CLOSE, .off = i});
		return true;
	}
	if (!can_open)
		return false;
	size_t k = push(x, (struct tok){.kind = TK_DELIM, .len = (unsigned char)r, .role = ROLE_TEXT, .off = i,
	                                .below = x->top[r]});
	if (x->ns == x->stack_cap) {
		x->stack_cap = x->stack_cap ? 2 * x->stack_cap : 16;
		x->stack = xrealloc(x->stack, x->stack_cap * sizeof *x->stack);
	}
	x->stack[x->ns++] = k;
	x->top[r] = k;
	return true;
}

/* A code span opened by r backticks at i: content up to the next run of exactly r. When none
 * is left, that is remembered, so a thousand lone backticks do not each scan to the end. */
static bool
code_span(struct inl *x, size_t i, size_t r, size_t *end)
{
	if (r > CODE_RUN_MAX || x->no_code_closer[r])
		return false;
	for (size_t j = i + r; j < x->m;) {
		const char *q = memchr(x->t + j, '`', x->m - j);
		if (q == NULL)
			break;
		j = (size_t)(q - x->t);
		size_t rr = 0;
		while (j + rr < x->m && x->t[j + rr] == '`')
			rr++;
		if (rr == r) {
			push(x, (struct tok){.kind = TK_CODE, .off = i + r, .n = j - (i + r)});
			*end = j + r;
			return true;
		}
		j += rr;
	}
	x->no_code_closer[r] = true;
	return false;
}

/* [text](url) with '[' at b. The text is one line without brackets (a backslash escapes one);
 * the url has no spaces and runs to the first ')', plus as many of the ')' right after it as
 * close a '(' of its own, so "alert(1))" and ".../B_(C))" keep their ')'. Each byte is looked at
 * by at most one bracket scan (a failed scan stops at the next '[' or past everything it read),
 * and the url scans share one memo, so runs of '[' or "[x](" stay linear. */
static bool
link(struct inl *x, size_t b, size_t *end)
{
	const char *t = x->t;
	size_t j = b + 1;
	while (j < x->m && t[j] != ']' && t[j] != '[' && t[j] != '\n')
		j += (t[j] == '\\' && j + 1 < x->m && t[j + 1] != '\n') ? 2 : 1;
	if (j + 1 >= x->m || t[j] != ']' || t[j + 1] != '(')
		return false;
	size_t u = j + 2, k = u, opens = 0;
	if (u < x->url_dead_before)
		return false;
	while (k < x->m && t[k] != ')' && !is_space(t[k]))
		opens += t[k++] == '(';
	if (k >= x->m || t[k] != ')') {
		x->url_dead_before = k;
		return false;
	}
	if (k == u)
		return false;
	size_t closes = 1;
	while (k + closes < x->m && t[k + closes] == ')')
		closes++;
	k += closes - 1 < opens ? closes - 1 : opens; /* the last ')' of the run ends the link */
	push(x, (struct tok){.kind = TK_LINK, .off = b + 1, .n = j - (b + 1), .uoff = u, .un = k - u});
	*end = k + 1;
	return true;
}

static bool
url_char(char c)
{
	return c > ' ' && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' && c != '*' &&
	       c != '[' && c != ']' && c != '\\';
}

/* A bare http:// or https:// address at i, up to a space, a non-ASCII character (Chinese text
 * runs straight on after an address) or markup; trailing punctuation is the sentence's. */
static bool
autolink(struct inl *x, size_t i, size_t *end)
{
	const char *t = x->t + i;
	size_t left = x->m - i, k;
	if (i > 0 && is_alnum(x->t[i - 1]))
		return false;
	if (left >= 7 && strncasecmp(t, "http://", 7) == 0)
		k = 7;
	else if (left >= 8 && strncasecmp(t, "https://", 8) == 0)
		k = 8;
	else
		return false;
	size_t scheme = k, open = 0, close = 0;
	while (k < left && url_char(t[k])) {
		open += t[k] == '(';
		close += t[k] == ')';
		k++;
	}
	for (;;) {
		char c = t[k - 1];
		if (k > scheme && (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?'))
			k--;
		else if (k > scheme && c == ')' && close > open) {
			k--;
			close--;
		} else
			break;
	}
	if (k == scheme)
		return false;
	push(x, (struct tok){.kind = TK_AUTO, .off = i, .n = k});
	*end = i + k;
	return true;
}

static void
scan(struct inl *x)
{
	const char *t = x->t;
	size_t i = 0, text = 0, end;
	while (i < x->m) {
		char c = t[i];
		if (c == '\\' && i + 1 < x->m && is_punct(t[i + 1])) {
			push_text(x, text, i);
			text = i + 1; /* the escaped character begins the next text */
			i += 2;
			continue;
		}
		if (c == '*') {
			size_t r = 1;
			while (i + r < x->m && t[i + r] == '*')
				r++;
			size_t before = x->nv;
			push_text(x, text, i);
			if (delim(x, i, r)) {
				text = i + r;
			} else {
				x->nv = before; /* nothing but text after all: keep it one text token */
			}
			i += r;
			continue;
		}
		if (c == '`') {
			size_t r = 1;
			while (i + r < x->m && t[i + r] == '`')
				r++;
			size_t before = x->nv;
			push_text(x, text, i);
			if (code_span(x, i, r, &end)) {
				i = text = end;
			} else {
				x->nv = before;
				i += r;
			}
			continue;
		}
		if (!x->in_link && (c == '[' || (c == '!' && i + 1 < x->m && t[i + 1] == '['))) {
			size_t b = c == '!' ? i + 1 : i; /* an image is shown as a link: the '!' goes */
			size_t before = x->nv;
			push_text(x, text, i);
			if (link(x, b, &end)) {
				i = text = end;
				continue;
			}
			x->nv = before;
		}
		if (!x->in_link && (c == 'h' || c == 'H')) {
			size_t before = x->nv;
			push_text(x, text, i);
			if (autolink(x, i, &end)) {
				i = text = end;
				continue;
			}
			x->nv = before;
		}
		i++;
	}
	push_text(x, text, x->m);
}

/* Text with each newline written as <br>. */
static void
text_br(struct html *h, const char *s, size_t n)
{
	const char *nl;
	while ((nl = memchr(s, '\n', n)) != NULL) {
		html_textn(h, s, (size_t)(nl - s));
		html_lit(h, "<br>");
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	html_textn(h, s, n);
}

static void inline_html(struct html *h, const char *s, size_t n, bool in_link);

static void
emit(struct html *h, const struct inl *x)
{
	const char *t = x->t;
	for (size_t i = 0; i < x->nv; i++) {
		const struct tok *k = &x->v[i];
		switch (k->kind) {
		case TK_TEXT:
			text_br(h, t + k->off, k->n);
			break;
		case TK_DELIM:
			if (k->role == ROLE_OPEN) {
				if (k->len == 1)
					html_lit(h, "<em>");
				else if (k->len == 2)
					html_lit(h, "<strong>");
				else
					html_lit(h, "<em><strong>");
			} else if (k->role == ROLE_CLOSE) {
				if (k->len == 1)
					html_lit(h, "</em>");
				else if (k->len == 2)
					html_lit(h, "</strong>");
				else
					html_lit(h, "</strong></em>");
			} else {
				html_textn(h, t + k->off, k->len);
			}
			break;
		case TK_CODE:
			html_lit(h, "<code>");
			html_textn(h, t + k->off, k->n);
			html_lit(h, "</code>");
			break;
		case TK_LINK:
			html_lit(h, "<a href=\"");
			html_urln(h, t + k->uoff, k->un);
			html_lit(h, "\">");
			if (k->n > 0)
				inline_html(h, t + k->off, k->n, true);
			else /* "[](url)" would be an invisible link */
				html_textn(h, t + k->uoff, k->un);
			html_lit(h, "</a>");
			break;
		case TK_AUTO:
			html_lit(h, "<a href=\"");
			html_urln(h, t + k->off, k->n);
			html_lit(h, "\">");
			html_textn(h, t + k->off, k->n);
			html_lit(h, "</a>");
			break;
		}
	}
}

/* Inline spans of s; inside a link's text there are no further links. */
static void
inline_html(struct html *h, const char *s, size_t n, bool in_link)
{
	struct inl x = {.t = s, .m = n, .in_link = in_link, .top = {NONE, NONE, NONE, NONE}};
	scan(&x);
	emit(h, &x);
	free(x.v);
	free(x.stack);
}

/* Blocks ------------------------------------------------------------------------------------ */

/* Lines i..nl joined with '\n', each trimmed, as one run of inline text. */
static void
paragraph(struct html *h, const struct line *L, size_t nl, bool tight)
{
	size_t total = 0;
	for (size_t i = 0; i < nl; i++)
		total += L[i].n + 1;
	char *s = xmalloc(total);
	size_t n = 0;
	for (size_t i = 0; i < nl; i++) {
		struct line l = trim(L[i]);
		if (i > 0)
			s[n++] = '\n';
		memcpy(s + n, l.p, l.n);
		n += l.n;
	}
	if (!tight)
		html_lit(h, "<p>");
	inline_html(h, s, n, false);
	if (!tight)
		html_lit(h, "</p>");
	free(s);
}

static void blocks(struct html *h, const struct line *L, size_t nl, int depth, bool tight);

/* The quote starting at L[0]: its '>' lines, and plain lines right after a non-blank one.
 * Returns the lines used. */
static size_t
quote(struct html *h, const struct line *L, size_t nl, int depth, struct line *inner)
{
	size_t j = 0, k = 0;
	while (j < nl) {
		struct line t = lstrip(L[j]);
		if (t.n > 0 && t.p[0] == '>') {
			size_t skip = t.n > 1 && (t.p[1] == ' ' || t.p[1] == '\t') ? 2 : 1;
			inner[k++] = (struct line){t.p + skip, t.n - skip};
		} else if (!blank(L[j]) && !blank(inner[k - 1]) && !block_start(L[j], depth)) {
			inner[k++] = t;
		} else {
			break;
		}
		j++;
	}
	html_lit(h, "<blockquote>");
	blocks(h, inner, k, depth + 1, false);
	html_lit(h, "</blockquote>");
	return j;
}

/* The list starting at L[0], items of one kind (bulleted or numbered). Returns the lines used. */
static size_t
list(struct html *h, const struct line *L, size_t nl, int depth, struct line *inner)
{
	struct marker m;
	size_t b, ind = indent(L[0], &b);
	list_marker((struct line){L[0].p + b, L[0].n - b}, &m);
	bool ordered = m.ordered;
	if (!ordered) {
		html_lit(h, "<ul>");
	} else if (m.start == 1) {
		html_lit(h, "<ol>");
	} else {
		html_lit(h, "<ol start=\"");
		html_int(h, m.start);
		html_lit(h, "\">");
	}
	size_t i = 0;
	for (;;) {
		/* L[i] is this item's marker line */
		size_t base = ind, col = ind + m.len, k = 0, j = i + 1;
		inner[k++] = (struct line){L[i].p + b + m.len, L[i].n - b - m.len};
		bool after_blank = false;
		while (j < nl) {
			struct line u = L[j];
			size_t ui = indent(u, NULL);
			if (blank(u)) {
				inner[k++] = u;
				after_blank = true;
			} else if (ui >= base + 2) {
				inner[k++] = strip_cols(u, ui < col ? ui : col);
				after_blank = false;
			} else if (!after_blank && !block_start(u, depth)) {
				inner[k++] = lstrip(u); /* a lazy line: the text runs on */
			} else {
				break;
			}
			j++;
		}
		while (k > 0 && blank(inner[k - 1]))
			k--;
		bool loose = false;
		for (size_t q = 0; q < k && !loose; q++)
			loose = blank(inner[q]);
		html_lit(h, "<li>");
		blocks(h, inner, k, depth + 1, !loose);
		html_lit(h, "</li>");
		i = j;
		if (i >= nl)
			break;
		ind = indent(L[i], &b);
		if (!list_marker((struct line){L[i].p + b, L[i].n - b}, &m) || m.ordered != ordered)
			break;
	}
	if (ordered)
		html_lit(h, "</ol>");
	else
		html_lit(h, "</ul>");
	return i;
}

/* Renders lines L[0..nl) as blocks. A tight list item's paragraphs go without <p>. */
static void
blocks(struct html *h, const struct line *L, size_t nl, int depth, bool tight)
{
	struct line *inner = NULL; /* one table for every container at this level, in turn */
	size_t i = 0;
	while (i < nl) {
		if (blank(L[i])) {
			i++;
			continue;
		}
		struct line t = lstrip(L[i]), title;
		struct marker m;
		int level;
		if (is_rule(t)) {
			html_lit(h, "<hr>");
			i++;
		} else if ((level = heading(t, &title)) > 0) {
			if (level == 1)
				html_lit(h, "<h2>");
			else if (level == 2)
				html_lit(h, "<h3>");
			else
				html_lit(h, "<h4>");
			inline_html(h, title.p, title.n, false);
			if (level == 1)
				html_lit(h, "</h2>");
			else if (level == 2)
				html_lit(h, "</h3>");
			else
				html_lit(h, "</h4>");
			i++;
		} else if (is_quote(t, depth) || (depth < MARKDOWN_DEPTH_MAX && list_marker(t, &m))) {
			if (inner == NULL)
				inner = xmalloc(nl * sizeof *inner);
			if (is_quote(t, depth))
				i += quote(h, L + i, nl - i, depth, inner);
			else
				i += list(h, L + i, nl - i, depth, inner);
		} else {
			size_t j = i + 1;
			while (j < nl && !blank(L[j]) && !block_start(L[j], depth))
				j++;
			paragraph(h, L + i, j - i, tight);
			i = j;
		}
	}
	free(inner);
}

void
markdown_html(struct html *h, const char *s, size_t n)
{
	if (n == 0)
		return;
	size_t nl = 1;
	for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))) != NULL; p++)
		nl++;
	struct line *L = xmalloc(nl * sizeof *L);
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			size_t e = i;
			if (e > start && s[e - 1] == '\r') /* a form's textarea sends CRLF */
				e--;
			L[k++] = (struct line){s + start, e - start};
			start = i + 1;
		}
	}
	blocks(h, L, k, 0, false);
	free(L);
}
