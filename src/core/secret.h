/* secret.h: random tokens, their stored hashes, and password hashing (libsodium). */
#ifndef YL_SECRET_H
#define YL_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#define SECRET_TOKEN_BYTES 32
#define SECRET_TOKEN_CHARS 43  /* base64url of 32 bytes, no padding */
#define SECRET_HASH_HEX 64     /* BLAKE2b-256 as lowercase hex */
#define SECRET_PWHASH_MAX 128  /* crypto_pwhash_STRBYTES */

/* Call once before threads start; false when libsodium cannot initialise. */
bool secret_init(void);

/* A fresh token of 32 random bytes as base64url (43 chars + NUL) into out[44]. */
void secret_token(char out[SECRET_TOKEN_CHARS + 1]);

/* BLAKE2b-256 of s as hex into out[65]: what is stored for sessions, bearer tokens and codes,
 * so a stolen database does not hand out live credentials. With a key (32 bytes) it is a MAC. */
void secret_hash(const char *s, size_t n, char out[SECRET_HASH_HEX + 1]);
void secret_mac(const unsigned char key[32], const char *s, size_t n, char out[SECRET_HASH_HEX + 1]);

/* Constant-time comparison of two equal-length strings; false when lengths differ. */
bool secret_equal(const char *a, const char *b);

/* Argon2id (libsodium's crypto_pwhash_str) with 2 passes over 19 MiB: the OWASP minimum,
 * about 30 ms on the reference machine. Returns false only when memory runs out. Slow:
 * call it from the worker pool, never on an event loop. */
bool secret_password_hash(const char *pw, size_t n, char out[SECRET_PWHASH_MAX]);
bool secret_password_verify(const char *stored, const char *pw, size_t n);

/* Passwords: at least 8 characters (code points) and at most 256 bytes. */
#define SECRET_PASSWORD_MIN_CHARS 8
#define SECRET_PASSWORD_MAX_BYTES 256

#endif
