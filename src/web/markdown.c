/* markdown.c: cmark parses; one walk over its node tree writes our HTML (see markdown.h). */
#include "markdown.h"
#include "html.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct walk {
	struct html *h;
	int containers; /* block quotes and lists entered, written or not */
	int inlines;    /* emphasis entered, written or not */
	int in_link;    /* inside a link or image: no link may open */
};

static bool
is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Text with each newline written as <br> (raw HTML and its line breaks, shown as typed). */
static void
text_br(struct html *h, const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == '\n')
		n--;
	const char *nl;
	while ((nl = memchr(s, '\n', n)) != NULL) {
		html_textn(h, s, (size_t)(nl - s));
		html_lit(h, "<br>");
		n -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	html_textn(h, s, n);
}

static bool
url_char(char c)
{
	return c > ' ' && c < 0x7F && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' && c != '*' &&
	       c != '[' && c != ']' && c != '\\';
}

/* A bare http:// or https:// address at t[0], up to a space, a non-ASCII character (Chinese text
 * runs straight on after an address) or markup; trailing punctuation is the sentence's. Returns its
 * length, 0 when there is none. */
static size_t
bare_address(const char *t, size_t left)
{
	size_t k;
	if (left >= 7 && strncasecmp(t, "http://", 7) == 0)
		k = 7;
	else if (left >= 8 && strncasecmp(t, "https://", 8) == 0)
		k = 8;
	else
		return 0;
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
	return k == scheme ? 0 : k;
}

/* Text, with bare web addresses made links unless we are inside one. */
static void
text(struct walk *w, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n && !w->in_link; i++) {
		if ((s[i] != 'h' && s[i] != 'H') || (i > 0 && is_alnum(s[i - 1])))
			continue;
		size_t k = bare_address(s + i, n - i);
		if (k == 0)
			continue;
		html_textn(w->h, s + from, i - from);
		html_lit(w->h, "<a href=\"");
		html_urln(w->h, s + i, k);
		html_lit(w->h, "\">");
		html_textn(w->h, s + i, k);
		html_lit(w->h, "</a>");
		i += k - 1;
		from = i + 1;
	}
	html_textn(w->h, s + from, n - from);
}

/* cmark splits text at characters that might have been markup ("_", "&", "!"): the run of text
 * siblings from node on is joined so that an address crossing them is found whole. Returns the
 * last node joined, for the iterator to go on after it. */
static cmark_node *
text_run(struct walk *w, cmark_node *node)
{
	cmark_node *last = node, *next;
	const char *lit = cmark_node_get_literal(node);
	next = cmark_node_next(node);
	if (next == NULL || cmark_node_get_type(next) != CMARK_NODE_TEXT) {
		text(w, lit, strlen(lit));
		return node;
	}
	size_t n = 0;
	for (cmark_node *k = node; k && cmark_node_get_type(k) == CMARK_NODE_TEXT; k = cmark_node_next(k))
		n += strlen(cmark_node_get_literal(k));
	char *s = malloc(n + 1);
	if (s == NULL) {
		fputs("markdown: out of memory\n", stderr);
		abort();
	}
	n = 0;
	for (cmark_node *k = node; k && cmark_node_get_type(k) == CMARK_NODE_TEXT; k = cmark_node_next(k)) {
		const char *l = cmark_node_get_literal(k);
		size_t ln = strlen(l);
		memcpy(s + n, l, ln);
		n += ln;
		last = k;
	}
	text(w, s, n);
	free(s);
	return last;
}

/* A paragraph directly in an item of a tight list that is written goes without <p>. */
static bool
tight(const struct walk *w, cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para);
	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list) && w->containers <= MARKDOWN_DEPTH_MAX;
}

static void
heading(struct html *h, int level, bool enter)
{
	if (level <= 1)
		enter ? html_lit(h, "<h2>") : html_lit(h, "</h2>");
	else if (level == 2)
		enter ? html_lit(h, "<h3>") : html_lit(h, "</h3>");
	else
		enter ? html_lit(h, "<h4>") : html_lit(h, "</h4>");
}

static void
list(struct html *h, cmark_node *node, bool enter)
{
	bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	if (!enter) {
		ordered ? html_lit(h, "</ol>") : html_lit(h, "</ul>");
	} else if (!ordered) {
		html_lit(h, "<ul>");
	} else if (cmark_node_get_list_start(node) == 1) {
		html_lit(h, "<ol>");
	} else {
		html_lit(h, "<ol start=\"");
		html_int(h, cmark_node_get_list_start(node));
		html_lit(h, "\">");
	}
}

/* A link or an image (shown as a link). Inside another link only its text is written. */
static void
link(struct walk *w, cmark_node *node, bool enter)
{
	if (enter) {
		if (w->in_link++ > 0)
			return;
		const char *url = cmark_node_get_url(node);
		html_lit(w->h, "<a href=\"");
		html_url(w->h, url ? url : "");
		html_lit(w->h, "\">");
		if (cmark_node_first_child(node) == NULL) /* "[](url)" would be an invisible link */
			html_text(w->h, url ? url : "");
	} else if (--w->in_link == 0) {
		html_lit(w->h, "</a>");
	}
}

static void
emphasis(struct walk *w, bool strong, bool enter)
{
	int depth = enter ? w->inlines++ : --w->inlines;
	if (depth >= MARKDOWN_INLINE_DEPTH_MAX)
		return;
	if (strong)
		enter ? html_lit(w->h, "<strong>") : html_lit(w->h, "</strong>");
	else
		enter ? html_lit(w->h, "<em>") : html_lit(w->h, "</em>");
}

/* One event of the walk. Leaves come only as CMARK_EVENT_ENTER. */
static void
node_html(struct walk *w, cmark_iter *it, cmark_node *node, bool enter)
{
	struct html *h = w->h;
	const char *lit;
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST: {
		/* the first MARKDOWN_DEPTH_MAX containers of a chain are written; deeper ones give their
		 * blocks to the last written one, which holds blocks too */
		int depth = enter ? w->containers++ : --w->containers;
		if (depth >= MARKDOWN_DEPTH_MAX)
			break;
		if (cmark_node_get_type(node) == CMARK_NODE_LIST)
			list(h, node, enter);
		else
			enter ? html_lit(h, "<blockquote>") : html_lit(h, "</blockquote>");
		break;
	}
	case CMARK_NODE_ITEM:
		if (w->containers <= MARKDOWN_DEPTH_MAX) /* its list was written */
			enter ? html_lit(h, "<li>") : html_lit(h, "</li>");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!tight(w, node))
			enter ? html_lit(h, "<p>") : html_lit(h, "</p>");
		break;
	case CMARK_NODE_HEADING:
		heading(h, cmark_node_get_heading_level(node), enter);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		html_lit(h, "<hr>");
		break;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(node);
		html_lit(h, "<pre>");
		text_br(h, lit, strlen(lit));
		html_lit(h, "</pre>");
		break;
	case CMARK_NODE_HTML_BLOCK: /* shown as typed, never markup */
		lit = cmark_node_get_literal(node);
		html_lit(h, "<p>");
		text_br(h, lit, strlen(lit));
		html_lit(h, "</p>");
		break;
	case CMARK_NODE_HTML_INLINE:
		lit = cmark_node_get_literal(node);
		text_br(h, lit, strlen(lit));
		break;
	case CMARK_NODE_TEXT:
		cmark_iter_reset(it, text_run(w, node), CMARK_EVENT_ENTER);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		html_lit(h, "<br>");
		break;
	case CMARK_NODE_CODE:
		html_lit(h, "<code>");
		html_text(h, cmark_node_get_literal(node));
		html_lit(h, "</code>");
		break;
	case CMARK_NODE_EMPH:
	case CMARK_NODE_STRONG:
		emphasis(w, cmark_node_get_type(node) == CMARK_NODE_STRONG, enter);
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		link(w, node, enter);
		break;
	default: /* the document; custom nodes cmark's parser never makes */
		break;
	}
}

void
markdown_html(struct html *h, const char *s, size_t n)
{
	if (n == 0)
		return;
	cmark_node *doc = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
	if (doc == NULL)
		return;
	cmark_iter *it = cmark_iter_new(doc);
	struct walk w = {.h = h};
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		node_html(&w, it, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	cmark_node_free(doc);
}
