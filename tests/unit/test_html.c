/* test_html.c: what a person typed reaches a page only escaped for the context it lands in. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/html.h"

typedef void (*escaper)(struct buf *b, const char *s, size_t n);

static int
arena_setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

/* The escaped form of s, in the test's arena. */
static const char *
esc(void **state, escaper f, const char *s)
{
	struct buf b;
	buf_init(&b, *state, 16);
	f(&b, s, strlen(s));
	return b.p;
}

#define TEXT(s) esc(state, html_escape_text, (s))
#define ATTR(s) esc(state, html_escape_attr, (s))
#define URL(s) esc(state, html_escape_url, (s))
#define QUERY(s) esc(state, url_encode, (s))

static void
text_escapes_the_five_markup_characters(void **state)
{
	assert_string_equal(TEXT("<script>alert('x')</script>"),
	                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	assert_string_equal(TEXT("Tom & \"Jerry\""), "Tom &amp; &quot;Jerry&quot;");
	assert_string_equal(TEXT("&amp;"), "&amp;amp;"); /* already-escaped text is escaped again */
}

static void
text_leaves_everything_else_as_it_is(void **state)
{
	assert_string_equal(TEXT("3号楼 2单元 = `ok`"), "3号楼 2单元 = `ok`");
	assert_string_equal(TEXT(""), "");
}

static void
text_escapes_only_the_given_length(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	html_escape_text(&b, "a<b>c", 2);
	assert_string_equal(b.p, "a&lt;");
	assert_int_equal(b.len, 5);
}

static void
attribute_also_escapes_backtick_and_equals(void **state)
{
	/* old IE closed unquoted attributes at ` and = starts a new attribute there */
	assert_string_equal(ATTR("x` onmouseover=alert(1)"), "x&#96; onmouseover&#61;alert(1)");
	assert_string_equal(ATTR("\" autofocus onfocus='x'"), "&quot; autofocus onfocus&#61;&#39;x&#39;");
	assert_string_equal(ATTR("a<b>&c"), "a&lt;b&gt;&amp;c");
	assert_string_equal(ATTR("王 小明"), "王 小明");
}

static void
javascript_urls_become_a_harmless_anchor(void **state)
{
	assert_string_equal(URL("javascript:alert(1)"), "#");
	assert_string_equal(URL("JaVaScRiPt:alert(1)"), "#");
	assert_string_equal(URL("vbscript:msgbox(1)"), "#");
}

static void
javascript_hidden_by_whitespace_or_controls_is_still_caught(void **state)
{
	/* browsers drop leading spaces and controls, and tabs and newlines anywhere */
	assert_string_equal(URL(" java\tscript:alert(1)"), "#");
	assert_string_equal(URL("\x01\x02 javascript:alert(1)"), "#");
	assert_string_equal(URL("java\nscript:alert(1)"), "#");
	assert_string_equal(URL("j\ra\tv\na\tscript:alert(1)"), "#");
	assert_string_equal(URL("\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
	                        "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tjavascript:x"),
	                    "#");
	assert_string_equal(URL("java\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
	                        "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\tscript:x"),
	                    "#");
}

static void
data_urls_and_unknown_schemes_become_a_harmless_anchor(void **state)
{
	assert_string_equal(URL("data:text/html,<script>alert(1)</script>"), "#");
	assert_string_equal(URL("DATA:image/svg+xml;base64,PHN2Zz4="), "#");
	assert_string_equal(URL("file:///etc/passwd"), "#");
	assert_string_equal(URL("foo:bar"), "#");
}

static void
a_scheme_longer_than_any_known_one_is_still_refused(void **state)
{
	/* html.h: anything but relative and http(s)/mailto/tel becomes "#", however long the
	 * scheme is. 70 letters then ':' is a scheme to a browser, so it is not a relative URL. */
	assert_string_equal(URL("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:x"), "#");
}

static void
relative_urls_survive(void **state)
{
	assert_string_equal(URL("/issues/42"), "/issues/42");
	assert_string_equal(URL("issues/42#comments"), "issues/42#comments");
	assert_string_equal(URL("#main"), "#main");
	assert_string_equal(URL("?page=2"), "?page=2");
	assert_string_equal(URL("//cdn.example.org/x.css"), "//cdn.example.org/x.css");
	/* a colon after the first slash, question mark or hash is not a scheme */
	assert_string_equal(URL("/search?q=javascript:alert(1)"), "/search?q=javascript:alert(1)");
	assert_string_equal(URL("/a/b:c"), "/a/b:c");
	assert_string_equal(URL("#x:y"), "#x:y");
}

static void
web_mail_and_phone_urls_survive(void **state)
{
	assert_string_equal(URL("https://www.gov.cn/zhengce/"), "https://www.gov.cn/zhengce/");
	assert_string_equal(URL("http://example.org"), "http://example.org");
	assert_string_equal(URL("HTTPS://EXAMPLE.ORG"), "HTTPS://EXAMPLE.ORG");
	assert_string_equal(URL("mailto:office@example.org"), "mailto:office@example.org");
	assert_string_equal(URL("tel:+86-10-12345678"), "tel:+86-10-12345678");
}

static void
ampersands_in_a_url_are_written_as_entities(void **state)
{
	assert_string_equal(URL("/list?a=1&b=2"), "/list?a=1&amp;b=2");
	/* an entity-encoded colon stays text: the browser decodes &amp; back to &, not to ':' */
	assert_string_equal(URL("javascript&#58;alert(1)"), "javascript&amp;#58;alert(1)");
}

static void
spaces_quotes_and_non_ascii_in_a_url_are_percent_encoded(void **state)
{
	assert_string_equal(URL("/a b"), "/a%20b");
	assert_string_equal(URL("/x\"onmouseover='y'"), "/x%22onmouseover=%27y%27");
	assert_string_equal(URL("/<svg>"), "/%3Csvg%3E");
	assert_string_equal(URL("/`x\\y"), "/%60x%5Cy");
	assert_string_equal(URL("/街道"), "/%E8%A1%97%E9%81%93");
	assert_string_equal(URL("/tab\there"), "/tab%09here");
	assert_string_equal(URL("/del\x7f"), "/del%7F");
}

static void
url_encode_keeps_unreserved_characters_only(void **state)
{
	assert_string_equal(QUERY("a b"), "a%20b");
	assert_string_equal(QUERY("中"), "%E4%B8%AD");
	assert_string_equal(QUERY("AZaz09-_.~"), "AZaz09-_.~");
	assert_string_equal(QUERY("&=?/#+%"), "%26%3D%3F%2F%23%2B%25");
	assert_string_equal(QUERY(""), "");
}

static void
the_writer_escapes_by_context(void **state)
{
	struct html h;
	buf_init(&h.b, *state, 0);
	html_lit(&h, "<a href=\"");
	html_url(&h, "javascript:alert(1)");
	html_lit(&h, "\" title=\"");
	html_attr(&h, "a\"b");
	html_lit(&h, "\">");
	html_text(&h, "<b>");
	html_lit(&h, " ");
	html_int(&h, -42);
	html_lit(&h, "</a>");
	assert_string_equal(h.b.p, "<a href=\"#\" title=\"a&quot;b\">&lt;b&gt; -42</a>");
}

static void
numbers_print_exactly_at_every_edge(void **state)
{
	struct html h;
	buf_init(&h.b, *state, 0);
	const int64_t vs[] = {0, 7, -7, 10, 1000000, -1000000, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) {
		html_int(&h, vs[i]);
		html_lit(&h, " ");
	}
	assert_string_equal(h.b.p, "0 7 -7 10 1000000 -1000000 9223372036854775807 -9223372036854775808 ");
}

static void
the_writer_writes_nothing_for_a_missing_string(void **state)
{
	struct html h;
	buf_init(&h.b, *state, 0);
	html_text(&h, NULL);
	html_attr(&h, NULL);
	html_url(&h, NULL);
	assert_string_equal(h.b.p, "");
	assert_int_equal(h.b.len, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(text_escapes_the_five_markup_characters),
		T(text_leaves_everything_else_as_it_is),
		T(text_escapes_only_the_given_length),
		T(attribute_also_escapes_backtick_and_equals),
		T(javascript_urls_become_a_harmless_anchor),
		T(javascript_hidden_by_whitespace_or_controls_is_still_caught),
		T(data_urls_and_unknown_schemes_become_a_harmless_anchor),
		T(a_scheme_longer_than_any_known_one_is_still_refused),
		T(relative_urls_survive),
		T(web_mail_and_phone_urls_survive),
		T(ampersands_in_a_url_are_written_as_entities),
		T(spaces_quotes_and_non_ascii_in_a_url_are_percent_encoded),
		T(url_encode_keeps_unreserved_characters_only),
		T(the_writer_escapes_by_context),
		T(numbers_print_exactly_at_every_edge),
	T(the_writer_writes_nothing_for_a_missing_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
