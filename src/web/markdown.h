/* markdown.h: the Markdown that staff write in decisions and notices, rendered to safe HTML.
 *
 * The parser is libcmark's (CommonMark, CMARK_OPT_DEFAULT: never CMARK_OPT_UNSAFE, which we do not
 * rely on anyway); the HTML is ours, written by a walk over cmark's node tree through html.h's
 * escapers, so what CommonMark recognises is what a page shows, with these choices of the page's:
 *
 *   headings       # → h2, ## → h3, ### and deeper → h4 (the page owns h1); a setext "---"
 *                  underline is CommonMark's, so "标题\n---" is an h3, not a rule
 *   soft breaks    a single newline inside a paragraph becomes <br>: a secretary's line breaks
 *                  are meant (CommonMark would fold them into a space)
 *   lists          <ul>/<ol> (<ol start="3"> when the first number is not 1); a tight list's items
 *                  are written without <p>. "1、" is not a list marker in CommonMark: it stays text
 *   code           `code` spans as <code>; fenced and indented blocks as <pre> (escaped text)
 *   links          [text](url) and <https://…>: the url goes through html_url, so javascript:,
 *                  data: and other schemes become "#" (entities are decoded first, so
 *                  "&#106;avascript:" is caught too); a link without text shows its url
 *   images         ![alt](url) is shown as a link to the image, never as <img> (no remote images)
 *   bare addresses http(s)://… inside text becomes a link (not CommonMark, but secretaries paste
 *                  addresses); trailing punctuation is the sentence's
 *   raw HTML       "<script>", "<b>" — blocks and inline — is shown as typed, escaped, never markup
 *
 * Entities are CommonMark's: "&lt;" shows as "<". Block quotes and lists nest at most
 * MARKDOWN_DEPTH_MAX deep in the output (deeper ones give their content to the level above) and
 * emphasis at most MARKDOWN_INLINE_DEPTH_MAX; the HTML written is at most about 32 bytes per input
 * byte. cmark's parse is linear on hostile input (tested with runs of each marker). Memory is
 * cmark's own malloc, freed before returning. */
#ifndef YL_MARKDOWN_H
#define YL_MARKDOWN_H

#include <stddef.h>

struct html;

#define MARKDOWN_DEPTH_MAX 8
#define MARKDOWN_INLINE_DEPTH_MAX 16

/* Appends the HTML for the Markdown text s to h, escaping every character of user text through the
 * html writer; never emits raw HTML from the input. Any bytes are safe (cmark replaces NUL; invalid
 * UTF-8 reaches the escapers as it is). */
void markdown_html(struct html *h, const char *s, size_t n);

#endif
