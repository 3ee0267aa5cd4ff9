/* test_form.c: urlencoded and multipart bodies are decoded exactly, and broken ones are named, not guessed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "web/form.h"

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

static int
urlencoded(void **state, const char *s, struct kvlist *l, struct form_error *e)
{
	return form_parse_urlencoded(*state, s, strlen(s), l, e);
}

#define CT "multipart/form-data; boundary=XyZ"

static int
multipart(void **state, const char *ct, const char *body, size_t n, struct kvlist *l,
          struct form_error *e)
{
	return form_parse_multipart(*state, ct, body, n, l, e);
}

#define MULTIPART(ct, lit, l, e) multipart(state, (ct), (lit), sizeof(lit) - 1, (l), (e))

/* urlencoded ------------------------------------------------------------------------------ */

static void
plus_is_a_space_and_escapes_decode_to_utf8(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "q=a+b&city=%E4%B8%AD%e5%9b%bd&x=%2B", &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "q"), "a b");
	assert_string_equal(kv_get(&l, "city"), "中国");
	assert_string_equal(kv_get(&l, "x"), "+");
	assert_int_equal(kv_find(&l, "city")->value_len, 6);
}

static void
names_are_decoded_too(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "%E5%90%8D+1=x", &l, &e), 0);
	assert_string_equal(l.v[0].name, "名 1");
}

static void
an_escape_cut_short_is_a_syntax_error(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "a=1&b=%4", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_string_equal(e.field, "b");
	assert_int_equal(urlencoded(state, "a=%", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
an_escape_with_non_hex_digits_is_a_syntax_error(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "amount=%zz", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_string_equal(e.field, "amount");
	assert_int_equal(urlencoded(state, "%g1=1", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
a_value_that_is_not_utf8_names_its_field(void **state)
{
	struct kvlist l;
	struct form_error e;
	/* GBK bytes for 中 (D6 D0), as an old phone browser might send them */
	assert_int_equal(urlencoded(state, "ok=1&title=%D6%D0&later=2", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_UTF8);
	assert_string_equal(e.field, "title");
}

static void
overlong_surrogate_and_nul_escapes_are_not_utf8(void **state)
{
	static const char *const bad[] = {"v=%C0%80", "v=%ED%A0%80", "v=%F4%90%80%80", "v=a%00b"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kvlist l;
		struct form_error e;
		assert_int_equal(urlencoded(state, bad[i], &l, &e), -1);
		assert_int_equal(e.problem, FORM_BAD_UTF8);
		assert_string_equal(e.field, "v");
	}
}

static void
a_name_that_is_not_utf8_is_refused(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "%FF=1", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_UTF8);
	assert_string_equal(e.field, ""); /* a name that cannot be shown is not echoed */
}

static void
exactly_the_maximum_number_of_fields_is_accepted(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	struct kvlist l;
	struct form_error e;
	assert_int_equal(form_parse_urlencoded(*state, b.p, b.len, &l, &e), 0);
	assert_int_equal(l.n, FORM_MAX_FIELDS);
	assert_string_equal(kv_get(&l, "f999"), "999");
}

static void
one_field_more_than_the_maximum_is_too_many(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		buf_printf(&b, "%sf%d=%d", i ? "&" : "", i, i);
	struct kvlist l;
	struct form_error e;
	assert_int_equal(form_parse_urlencoded(*state, b.p, b.len, &l, &e), -1);
	assert_int_equal(e.problem, FORM_TOO_MANY);
}

static void
empty_pairs_are_skipped(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "&&a=1&&&b=2&", &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].name, "a");
	assert_string_equal(l.v[1].name, "b");
	assert_int_equal(urlencoded(state, "", &l, &e), 0);
	assert_int_equal(l.n, 0);
}

static void
a_name_without_equals_has_an_empty_value(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "agree&name=", &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "agree"), "");
	assert_string_equal(kv_get(&l, "name"), "");
	assert_int_equal(kv_find(&l, "agree")->value_len, 0);
}

static void
only_the_first_equals_splits_and_semicolons_do_not(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "expr=a=b;c=d", &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "expr"), "a=b;c=d");
}

static void
kv_get_gives_the_first_value_or_null(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(urlencoded(state, "role=owner&role=head", &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "role"), "owner");
	assert_null(kv_get(&l, "missing"));
	assert_null(kv_find(&l, "Role")); /* names are compared exactly */
}

static void
unescape_keeps_plus_when_asked_and_refuses_a_broken_escape(void **state)
{
	char *out;
	size_t n;
	assert_int_equal(form_unescape(*state, "a+b%20c", 7, false, &out, &n), 0);
	assert_string_equal(out, "a+b c");
	assert_int_equal(n, 5);
	assert_int_equal(form_unescape(*state, "%00x", 4, true, &out, &n), 0);
	assert_int_equal(n, 2); /* any byte, even NUL: the caller validates */
	assert_int_equal(out[0], '\0');
	assert_int_equal(form_unescape(*state, "ab%2", 4, true, &out, &n), -1);
	assert_int_equal(form_unescape(*state, "%%41", 4, true, &out, &n), -1);
}

/* multipart ------------------------------------------------------------------------------- */

static void
text_fields_are_read_from_their_parts(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"title\"\r\n"
	                           "\r\n"
	                           "3号楼漏水\r\n"
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"note\"\r\n"
	                           "\r\n"
	                           "line one\r\nline two\r\n"
	                           "--XyZ--\r\n",
	                           &l, &e),
	                 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(kv_get(&l, "title"), "3号楼漏水");
	assert_string_equal(kv_get(&l, "note"), "line one\r\nline two");
	assert_false(l.v[0].is_file);
	assert_null(l.v[0].filename);
}

static void
a_file_part_keeps_its_filename_type_and_binary_content(void **state)
{
	static const char body[] = "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"photo\"; filename=\"漏水 照片.jpg\"\r\n"
	                           "Content-Type: image/jpeg\r\n"
	                           "\r\n"
	                           "\xff\xd8\xff\xe0\0\x10JFIF\0\xff\xd9\r\n"
	                           "--XyZ--\r\n";
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT, body, &l, &e), 0);
	assert_int_equal(l.n, 1);
	const struct kv *f = kv_find(&l, "photo");
	assert_non_null(f);
	assert_true(f->is_file);
	assert_string_equal(f->filename, "漏水 照片.jpg");
	assert_string_equal(f->content_type, "image/jpeg");
	assert_int_equal(f->value_len, 13);
	assert_memory_equal(f->value, "\xff\xd8\xff\xe0\0\x10JFIF\0\xff\xd9", 13);
}

static void
a_file_part_without_a_type_is_octet_stream(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
	                           "\r\n"
	                           "\x01\x02\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 0);
	assert_true(l.v[0].is_file);
	assert_string_equal(l.v[0].content_type, "application/octet-stream");
}

static void
a_quoted_boundary_and_a_preamble_are_understood(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART("multipart/form-data; charset=utf-8; boundary=\"a b:c\"",
	                           "This is the preamble, ignored.\r\n"
	                           "--a b:c\r\n"
	                           "Content-Disposition: form-data; name=\"x\"\r\n"
	                           "\r\n"
	                           "1\r\n"
	                           "--a b:c--\r\n",
	                           &l, &e),
	                 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "x"), "1");
}

static void
a_semicolon_inside_a_quoted_parameter_does_not_start_another(void **state)
{
	struct kvlist l;
	struct form_error e;
	/* RFC 7578 / 2183: a quoted-string is one value, whatever it holds; the field is "real" */
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; filename=\"a; name=evil\"; name=\"real\"\r\n"
	                           "\r\n"
	                           "v\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].name, "real");
	assert_string_equal(l.v[0].filename, "a; name=evil");
}

static void
an_empty_part_value_is_an_empty_string(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"blank\"\r\n"
	                           "\r\n"
	                           "\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 0);
	assert_string_equal(kv_get(&l, "blank"), "");
	assert_int_equal(l.v[0].value_len, 0);
}

static void
a_content_type_without_boundary_is_a_syntax_error(void **state)
{
	static const char body[] = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--";
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART("multipart/form-data", body, &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_int_equal(MULTIPART("multipart/form-data; boundary=", body, &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_int_equal(MULTIPART(NULL, body, &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
a_body_without_the_boundary_is_a_syntax_error(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT, "a=1&b=2", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_int_equal(MULTIPART(CT, "", &l, &e), -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
a_body_cut_before_the_final_delimiter_is_a_syntax_error(void **state)
{
	struct kvlist l;
	struct form_error e;
	/* an upload that lost its tail must not be taken as complete */
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"amount\"\r\n"
	                           "\r\n"
	                           "1234.5",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"amount\"\r\n"
	                           "\r\n"
	                           "1234.5\r\n"
	                           "--XyZ",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
a_part_without_headers_end_or_name_is_a_syntax_error(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"a\"\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data\r\n"
	                           "\r\n"
	                           "1\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_SYNTAX);
}

static void
a_text_part_that_is_not_utf8_names_its_field(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"ok\"\r\n"
	                           "\r\n"
	                           "fine\r\n"
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"title\"\r\n"
	                           "\r\n"
	                           "\xd6\xd0\xce\xc4\r\n" /* 中文 in GBK */
	                           "--XyZ--",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_UTF8);
	assert_string_equal(e.field, "title");
}

static void
a_file_name_that_is_not_utf8_names_its_field(void **state)
{
	struct kvlist l;
	struct form_error e;
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"doc\"; filename=\"\xc0\xaf.txt\"\r\n"
	                           "\r\n"
	                           "x\r\n"
	                           "--XyZ--",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_UTF8);
	assert_string_equal(e.field, "doc");
}

static void
a_broken_part_never_echoes_a_name_that_is_not_utf8(void **state)
{
	struct kvlist l;
	struct form_error e;
	/* the field goes back to the client in the error; an undecodable name is reported as such, unnamed */
	assert_int_equal(MULTIPART(CT,
	                           "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"bad\xa2\"\r\n"
	                           "\r\n"
	                           "cut short",
	                           &l, &e),
	                 -1);
	assert_int_equal(e.problem, FORM_BAD_UTF8);
	assert_string_equal(e.field, "");
}

static void
more_parts_than_the_maximum_are_too_many(void **state)
{
	struct buf b;
	buf_init(&b, *state, 0);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
	buf_adds(&b, "--XyZ--\r\n");
	struct kvlist l;
	struct form_error e;
	assert_int_equal(form_parse_multipart(*state, CT, b.p, b.len, &l, &e), -1);
	assert_int_equal(e.problem, FORM_TOO_MANY);
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(plus_is_a_space_and_escapes_decode_to_utf8),
		T(names_are_decoded_too),
		T(an_escape_cut_short_is_a_syntax_error),
		T(an_escape_with_non_hex_digits_is_a_syntax_error),
		T(a_value_that_is_not_utf8_names_its_field),
		T(overlong_surrogate_and_nul_escapes_are_not_utf8),
		T(a_name_that_is_not_utf8_is_refused),
		T(exactly_the_maximum_number_of_fields_is_accepted),
		T(one_field_more_than_the_maximum_is_too_many),
		T(empty_pairs_are_skipped),
		T(a_name_without_equals_has_an_empty_value),
		T(only_the_first_equals_splits_and_semicolons_do_not),
		T(kv_get_gives_the_first_value_or_null),
		T(unescape_keeps_plus_when_asked_and_refuses_a_broken_escape),
		T(text_fields_are_read_from_their_parts),
		T(a_file_part_keeps_its_filename_type_and_binary_content),
		T(a_file_part_without_a_type_is_octet_stream),
		T(a_quoted_boundary_and_a_preamble_are_understood),
		T(a_semicolon_inside_a_quoted_parameter_does_not_start_another),
		T(an_empty_part_value_is_an_empty_string),
		T(a_content_type_without_boundary_is_a_syntax_error),
		T(a_body_without_the_boundary_is_a_syntax_error),
		T(a_body_cut_before_the_final_delimiter_is_a_syntax_error),
		T(a_part_without_headers_end_or_name_is_a_syntax_error),
		T(a_text_part_that_is_not_utf8_names_its_field),
		T(a_file_name_that_is_not_utf8_names_its_field),
		T(a_broken_part_never_echoes_a_name_that_is_not_utf8),
		T(more_parts_than_the_maximum_are_too_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
