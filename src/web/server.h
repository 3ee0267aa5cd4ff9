/* server.h: the HTTP server — h2o event loops (one per thread, each on its own SO_REUSEPORT
 * listener and SQLite connection), the worker pool for slow routes, limits, TLS, shutdown. */
#ifndef YL_SERVER_H
#define YL_SERVER_H

#include <stdbool.h>
#include <stddef.h>

struct server_opts {
	const char *db_path;
	const char *host;         /* "127.0.0.1" */
	int port;                 /* 8080; 0 picks a free port (printed) */
	int threads;              /* event loops; 0 = number of cores */
	int workers;              /* worker pool threads; 0 = 2 */
	const char *tls_cert;     /* PEM; with tls_key serves HTTPS and HTTP/2 */
	const char *tls_key;
	bool tls_proxy;           /* a TLS proxy is in front: mark cookies Secure */
	const char *access_log;   /* path, "-" for stderr, "off" */
	int max_connections;      /* over all loops */
	const char *ready_file;   /* written with the address once listening (for tests) */
	bool page_cache;          /* answer repeated GETs from each thread's cache (page_cache.h) */
};

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish, closes the databases
 * and returns 0; non-zero when it could not start (message on stderr). */
int server_run(const struct server_opts *o);

#endif
