/* audit.c: canonical row text and SHA-256 chaining; `yuanli audit verify` and every append use
 * exactly these two functions, so a row verifies if and only if nothing about it changed. */
#include "audit.h"
#include "buf.h"

#include <inttypes.h>
#include <sodium.h>
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

void
audit_canonical(struct buf *b, const struct audit_row *r)
{
	buf_printf(b, "{\"seq\":%" PRId64 ",\"community_id\":%" PRId64 ",\"at\":%" PRId64 ",\"actor_id\":%" PRId64
	              ",\"actor\":",
	           r->seq, r->community_id, r->at, r->actor_id);
	audit_json_string(b, r->actor ? r->actor : "");
	buf_adds(b, ",\"action\":");
	audit_json_string(b, r->action ? r->action : "");
	buf_adds(b, ",\"object_type\":");
	audit_json_string(b, r->object_type ? r->object_type : "");
	buf_printf(b, ",\"object_id\":%" PRId64 ",\"details\":", r->object_id);
	/* details is already canonical JSON (written by the store with sorted keys). */
	buf_adds(b, r->details && *r->details ? r->details : "{}");
	buf_addc(b, '}');
}

void
audit_hash(const char *prev_hex, const char *canonical, size_t n, char out[AUDIT_HASH_HEX + 1])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev_hex, strlen(prev_hex));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)canonical, n);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX + 1, h, sizeof h);
}
