/* test_secret.c: tokens are unguessable, only their hashes are stored, passwords verify and nothing else does. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/secret.h"

static int
sodium_setup(void **state)
{
	(void)state;
	return secret_init() ? 0 : -1;
}

static bool
all_base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

static bool
all_lower_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
a_token_is_43_base64url_characters(void **state)
{
	(void)state;
	char t[SECRET_TOKEN_CHARS + 1];
	secret_token(t);
	assert_int_equal(strlen(t), 43);
	assert_true(all_base64url(t)); /* safe in a cookie and a URL without escaping */
}

static void
every_token_is_new(void **state)
{
	(void)state;
	char a[SECRET_TOKEN_CHARS + 1], b[SECRET_TOKEN_CHARS + 1];
	secret_token(a);
	for (int i = 0; i < 100; i++) {
		secret_token(b);
		assert_string_not_equal(a, b);
	}
}

static void
a_hash_is_64_lowercase_hex_and_always_the_same(void **state)
{
	(void)state;
	char h1[SECRET_HASH_HEX + 1], h2[SECRET_HASH_HEX + 1];
	secret_hash("session-token", 13, h1);
	secret_hash("session-token", 13, h2);
	assert_int_equal(strlen(h1), 64);
	assert_true(all_lower_hex(h1));
	assert_string_equal(h1, h2);
}

static void
the_hash_is_blake2b_256(void **state)
{
	(void)state;
	char h[SECRET_HASH_HEX + 1];
	secret_hash("", 0, h);
	assert_string_equal(h, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	secret_hash("abc", 3, h);
	assert_string_equal(h, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void
different_tokens_hash_differently(void **state)
{
	(void)state;
	char h1[SECRET_HASH_HEX + 1], h2[SECRET_HASH_HEX + 1];
	secret_hash("token-a", 7, h1);
	secret_hash("token-b", 7, h2);
	assert_string_not_equal(h1, h2);
	secret_hash("token-ab", 7, h2); /* only n bytes count */
	assert_string_equal(h1, h2);
}

static void
a_mac_depends_on_its_key(void **state)
{
	(void)state;
	unsigned char k1[32], k2[32];
	memset(k1, 1, sizeof k1);
	memset(k2, 1, sizeof k2);
	k2[31] = 2;
	char m1[SECRET_HASH_HEX + 1], m2[SECRET_HASH_HEX + 1], plain[SECRET_HASH_HEX + 1];
	secret_mac(k1, "code-123", 8, m1);
	secret_mac(k2, "code-123", 8, m2);
	secret_hash("code-123", 8, plain);
	assert_string_not_equal(m1, m2);
	assert_string_not_equal(m1, plain);
	secret_mac(k1, "code-123", 8, m2);
	assert_string_equal(m1, m2);
}

static void
equal_compares_whole_strings(void **state)
{
	(void)state;
	assert_true(secret_equal("abc", "abc"));
	assert_true(secret_equal("", ""));
	assert_false(secret_equal("abc", "abd"));
	assert_false(secret_equal("abc", "abcd"));
	assert_false(secret_equal("abcd", "abc"));
	assert_false(secret_equal("", "a"));
}

static void
a_password_hash_verifies_the_right_password_only(void **state)
{
	(void)state;
	const char *pw = "院里-yuanli-2024";
	char stored[SECRET_PWHASH_MAX];
	assert_true(secret_password_hash(pw, strlen(pw), stored));
	assert_memory_equal(stored, "$argon2id$", 10);
	assert_true(secret_password_verify(stored, pw, strlen(pw)));
	assert_false(secret_password_verify(stored, "院里-yuanli-2025", strlen(pw)));
	assert_false(secret_password_verify(stored, pw, strlen(pw) - 1)); /* a prefix is not enough */
	assert_false(secret_password_verify(stored, "", 0));
}

static void
the_same_password_hashes_differently_each_time(void **state)
{
	(void)state;
	char a[SECRET_PWHASH_MAX], b[SECRET_PWHASH_MAX];
	assert_true(secret_password_hash("correct horse", 13, a));
	assert_true(secret_password_hash("correct horse", 13, b));
	assert_string_not_equal(a, b); /* salted: equal passwords are not visible in the table */
	assert_true(secret_password_verify(b, "correct horse", 13));
}

static void
a_damaged_stored_hash_verifies_nothing(void **state)
{
	(void)state;
	assert_false(secret_password_verify("", "password", 8));
	assert_false(secret_password_verify("$argon2id$v=19$m=19456,t=2,p=1$garbage", "password", 8));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_token_is_43_base64url_characters),
		cmocka_unit_test(every_token_is_new),
		cmocka_unit_test(a_hash_is_64_lowercase_hex_and_always_the_same),
		cmocka_unit_test(the_hash_is_blake2b_256),
		cmocka_unit_test(different_tokens_hash_differently),
		cmocka_unit_test(a_mac_depends_on_its_key),
		cmocka_unit_test(equal_compares_whole_strings),
		cmocka_unit_test(a_password_hash_verifies_the_right_password_only),
		cmocka_unit_test(the_same_password_hashes_differently_each_time),
		cmocka_unit_test(a_damaged_stored_hash_verifies_nothing),
	};
	return cmocka_run_group_tests(tests, sodium_setup, NULL);
}
