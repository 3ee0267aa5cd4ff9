/* secret.c: the project's only use of randomness and hashing for credentials. */
#include "secret.h"

#include <sodium.h>
#include <string.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024u * 1024u)

bool
secret_init(void)
{
	return sodium_init() >= 0;
}

void
secret_token(char out[SECRET_TOKEN_CHARS + 1])
{
	unsigned char raw[SECRET_TOKEN_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SECRET_TOKEN_CHARS + 1, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void
secret_mac(const unsigned char key[32], const char *s, size_t n, char out[SECRET_HASH_HEX + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, n, key, key ? 32 : 0);
	sodium_bin2hex(out, SECRET_HASH_HEX + 1, h, sizeof h);
}

void
secret_hash(const char *s, size_t n, char out[SECRET_HASH_HEX + 1])
{
	secret_mac(NULL, s, n, out);
}

bool
secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

bool
secret_password_hash(const char *pw, size_t n, char out[SECRET_PWHASH_MAX])
{
	return crypto_pwhash_str(out, pw, n, PW_OPSLIMIT, PW_MEMLIMIT) == 0;
}

bool
secret_password_verify(const char *stored, const char *pw, size_t n)
{
	return crypto_pwhash_str_verify(stored, pw, n) == 0;
}
