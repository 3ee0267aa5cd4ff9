/* test_xmlw.c: the XML writer's escaper keeps markup out of text and drops what XML 1.0 forbids
 * (controls, U+FFFE/U+FFFF, broken UTF-8) while keeping every allowed character as it is; the
 * writer nests elements and closes them by name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/xmlw.h"

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

/* The escaped form of n bytes of s. */
static const char *
esc(void **state, const char *s, size_t n)
{
	struct buf b;
	buf_init(&b, *state, 0);
	xml_escape(&b, s, n);
	return b.p;
}
#define ESC(lit) esc(state, lit, sizeof(lit) - 1)

static void
markup_characters_become_entities(void **state)
{
	assert_string_equal(ESC("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	assert_string_equal(ESC("</service><x>"), "&lt;/service&gt;&lt;x&gt;");
	assert_string_equal(ESC("&amp;"), "&amp;amp;"); /* already-escaped text is text too */
}

static void
tab_and_line_feed_stay_carriage_return_is_a_reference(void **state)
{
	/* a parser turns a literal CR into LF; &#13; survives the round trip */
	assert_string_equal(ESC("a\tb\nc\r\nd"), "a\tb\nc&#13;\nd");
}

static void
control_characters_are_dropped(void **state)
{
	for (int c = 0; c < 0x20; c++) {
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		char in[3] = {'x', (char)c, 'y'};
		assert_string_equal(esc(state, in, 3), "xy");
	}
	assert_string_equal(ESC("\x7f"), "\x7f"); /* DEL is an XML 1.0 Char */
}

static void
noncharacters_fffe_and_ffff_are_dropped_fffd_kept(void **state)
{
	assert_string_equal(ESC("a\xEF\xBF\xBE" "b\xEF\xBF\xBF" "c"), "abc");
	assert_string_equal(ESC("\xEF\xBF\xBD"), "\xEF\xBF\xBD");
}

static void
multibyte_text_is_kept_as_it_is(void **state)
{
	const char *s = "3栋2单元 下水道堵了 🚰 é";
	assert_string_equal(esc(state, s, strlen(s)), s);
	/* the edges of each range */
	assert_string_equal(ESC("\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
	                    "\xC2\x80\xED\x9F\xBF\xEE\x80\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
}

static void
broken_utf8_is_dropped_byte_by_byte(void **state)
{
	assert_string_equal(ESC("a\x80" "b"), "ab");              /* lone continuation */
	assert_string_equal(ESC("a\xC0\xAF" "b"), "ab");          /* overlong '/' */
	assert_string_equal(ESC("a\xED\xA0\x80" "b"), "ab");      /* surrogate U+D800 */
	assert_string_equal(ESC("a\xF4\x90\x80\x80" "b"), "ab");  /* past U+10FFFF */
	assert_string_equal(ESC("a\xE4\xB8"), "a");               /* cut short at the end */
	assert_string_equal(ESC("\xE4\xB8<"), "&lt;");            /* cut short before markup */
	assert_string_equal(ESC("\xFF\xFE"), "");
}

static void
embedded_nul_is_dropped(void **state)
{
	assert_string_equal(esc(state, "a\0b", 3), "ab");
}

static void
elements_nest_and_close_by_name(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	struct xmlw w;
	xmlw_init(&w, &b);
	xmlw_open(&w, "service_requests");
	xmlw_open(&w, "request");
	xmlw_elem(&w, "service_request_id", "42");
	xmlw_elem(&w, "description", "<b>漏水</b> & more");
	xmlw_elem(&w, "account_id", NULL);
	xmlw_elem_int(&w, "code", INT64_MIN);
	xmlw_open(&w, "n");
	xmlw_int(&w, INT64_MAX);
	xmlw_text(&w, NULL);
	xmlw_close(&w);
	xmlw_close(&w);
	xmlw_close(&w);
	assert_int_equal(w.depth, 0);
	assert_string_equal(b.p, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                         "<service_requests><request><service_request_id>42</service_request_id>"
	                         "<description>&lt;b&gt;漏水&lt;/b&gt; &amp; more</description><account_id/>"
	                         "<code>-9223372036854775808</code><n>9223372036854775807</n>"
	                         "</request></service_requests>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(markup_characters_become_entities, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(tab_and_line_feed_stay_carriage_return_is_a_reference, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(control_characters_are_dropped, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(noncharacters_fffe_and_ffff_are_dropped_fffd_kept, arena_setup,
		                                arena_teardown),
		cmocka_unit_test_setup_teardown(multibyte_text_is_kept_as_it_is, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(broken_utf8_is_dropped_byte_by_byte, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(embedded_nul_is_dropped, arena_setup, arena_teardown),
		cmocka_unit_test_setup_teardown(elements_nest_and_close_by_name, arena_setup, arena_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
