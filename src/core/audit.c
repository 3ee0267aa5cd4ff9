/* audit.c: canonical row text and SHA-256 chaining; `yuanli audit verify` and every append use
 * exactly these two functions, so a row verifies if and only if nothing about it changed. */
#include "audit.h"
#include "buf.h"

#include <inttypes.h>
/* The low-level SHA-256 calls: no allocation per row, unlike EVP. OpenSSL 3 marks them
 * deprecated; asking for the 1.1.1 API keeps them quiet and available. */
#define OPENSSL_API_COMPAT 10101
#include <openssl/sha.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

const char audit_genesis[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

void
audit_json_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	buf_addc(b, '"');
	size_t run = 0, i = 0;
	for (; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 6);
		}
		}
	}
	buf_add(b, s + run, i - run);
	buf_addc(b, '"');
}

/* Decimal digits of v without printf: verify formats four numbers per row, millions of rows. */
static void
add_int(struct buf *b, int64_t v)
{
	char tmp[24];
	size_t i = sizeof tmp;
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[--i] = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (v < 0)
		tmp[--i] = '-';
	buf_add(b, tmp + i, sizeof tmp - i);
}

void
audit_canonical(struct buf *b, const struct audit_row *r)
{
	buf_adds(b, "{\"seq\":");
	add_int(b, r->seq);
	buf_adds(b, ",\"community_id\":");
	add_int(b, r->community_id);
	buf_adds(b, ",\"at\":");
	add_int(b, r->at);
	buf_adds(b, ",\"actor_id\":");
	add_int(b, r->actor_id);
	buf_adds(b, ",\"actor\":");
	audit_json_string(b, r->actor ? r->actor : "");
	buf_adds(b, ",\"action\":");
	audit_json_string(b, r->action ? r->action : "");
	buf_adds(b, ",\"object_type\":");
	audit_json_string(b, r->object_type ? r->object_type : "");
	buf_adds(b, ",\"object_id\":");
	add_int(b, r->object_id);
	buf_adds(b, ",\"details\":");
	/* details is already canonical JSON (written by the store with sorted keys). */
	buf_adds(b, r->details && *r->details ? r->details : "{}");
	buf_addc(b, '}');
}

void
audit_hash(const char *prev_hex, const char *canonical, size_t n, char out[AUDIT_HASH_HEX + 1])
{
	/* OpenSSL's SHA-256 uses the CPU's SHA instructions where there are any: about four times
	 * libsodium's portable code, which decides how fast `audit verify` reads a district.
	 */
	SHA256_CTX st;
	unsigned char h[SHA256_DIGEST_LENGTH];
	SHA256_Init(&st);
	SHA256_Update(&st, prev_hex, strlen(prev_hex));
	SHA256_Update(&st, "\n", 1);
	SHA256_Update(&st, canonical, n);
	SHA256_Final(h, &st);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}
