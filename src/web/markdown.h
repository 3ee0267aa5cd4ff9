/* markdown.h: the small Markdown that staff write in decisions and notices, rendered to safe HTML.
 *
 * The aim is that a community secretary can predict the page from what she typed, not agreement
 * with CommonMark in every corner. What is recognised:
 *
 *   Blocks (a line's leading spaces do not matter, except to continue a list item)
 *     paragraph      lines up to a blank line; a single newline inside one becomes <br>
 *     # ## ###       headings, rendered h2 h3 h4 (the page owns h1); the '#'s need a space after
 *                    them, so "#3号楼" stays text; "####" and deeper stay text too
 *     - * +          unordered list item (marker, then a space, then text)
 *     1. 1) 1、      ordered list item (up to 9 digits; "、" needs no space after it); a list whose
 *                    first number is not 1 starts there (<ol start="3">)
 *     >              block quote (">>" nests)
 *     --- *** ___    horizontal rule (three or more, spaces allowed between); a "---" under a
 *                    paragraph is a rule, never a heading underline
 *   Lists and quotes: a line indented at least two columns past an item's marker belongs to that
 *   item (a nested list, a second paragraph after a blank line); a plain text line right after a
 *   non-blank line continues the item or quote it follows. A list is one kind: a numbered item
 *   after bullets starts a new list. Items are written without <p> unless the item itself holds a
 *   blank line. Quotes and lists nest at most MARKDOWN_DEPTH_MAX deep; deeper markers stay text.
 *
 *   Inline
 *     **bold**  *italic*  ***both***   a run opens when the next character is not a space and
 *                    closes when the previous one is not, whatever the punctuation, so
 *                    "**注意**：" and "**注意：**后面" both work. Opener and closer must be the
 *                    same length; a run of four or more '*' is text. '_' is always text.
 *     `code`         up to the next run of as many backticks; the content is shown as typed
 *     [text](url)    a link; the url has no spaces and ends at the first ')' that closes none
 *                    of its own '(' (".../B_(C))" works; "(a)(b)" inside a url does not); it goes
 *                    through html_url, so javascript:, data: and other schemes become "#"
 *     ![alt](url)    shown as a link to the image, never as <img>
 *     http(s)://...  a bare web address becomes a link (trailing punctuation is not part of it)
 *     \*             a backslash makes the ASCII punctuation after it plain text
 *
 * Everything else, raw HTML and entities included ("<script>", "&lt;"), is text and shown as
 * typed: every character from s reaches the page through html_textn or html_urln.
 *
 * Work is linear in n (no backtracking on runs of '*', '[' or '`'), times at most the nesting
 * depth; the HTML written is at most about 25 bytes per input byte (a lone ">" is an empty
 * <blockquote></blockquote>). Temporary memory is malloc'd and freed before returning. */
#ifndef YL_MARKDOWN_H
#define YL_MARKDOWN_H

#include <stddef.h>

struct html;

#define MARKDOWN_DEPTH_MAX 8

/* Appends the HTML for the Markdown text s (valid UTF-8) to h, escaping every character of
 * user text through the html writer; never emits raw HTML from the input. Any bytes are safe
 * (invalid UTF-8 is passed on to the escapers as it is). */
void markdown_html(struct html *h, const char *s, size_t n);

#endif
