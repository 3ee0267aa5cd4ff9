/* server.c: h2o glue. The only file that knows h2o: it copies each request into a struct req,
 * runs the pipeline on the loop (or hands it to the worker pool for routes marked SLOW), and
 * writes the answer with the security headers every response carries. */
#define H2O_USE_LIBUV 0
#define H2O_USE_EPOLL 1
#include <h2o.h>
#include <h2o/http2.h>

#include "server.h"
#include "dispatch.h"
#include "page_cache.h"
#include "req.h"
#include "session.h"
#include "../core/arena.h"
#include "../store/db.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* The largest body any route accepts; h2o refuses bigger ones itself (413) before buffering. */
#define GLOBAL_BODY_CAP (16u << 20)
#define SHUTDOWN_GRACE_MS 10000

/* Under LeakSanitizer (make check), h2o's per-thread contexts and recycled buffers live until
 * exit by design; only our own allocations should count as leaks. */
const char *__lsan_default_suppressions(void);
const char *
__lsan_default_suppressions(void)
{
	return "leak:libh2o-evloop.so\n";
}

static volatile sig_atomic_t stopping;
static h2o_globalconf_t config;
static const struct server_opts *opts;
static FILE *access_log;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

struct loop {
	int index;
	pthread_t tid;
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	h2o_socket_t *listener;
	int fd;
	struct db *db;
	struct page_cache *cache;           /* for db; NULL: none */
	h2o_multithread_receiver_t results; /* slow jobs come back here */
	size_t connections;
	size_t pending_jobs;
	size_t inflight;      /* requests whose response is not yet fully sent */
};

static struct loop *loops;
static int nloops;
static atomic_int total_connections;

/* ---- worker pool ---- */

struct job;
/* Lives in the h2o request's pool; when the pool goes (client gone), it marks the job. */
struct job_link {
	struct job *job;
};

struct job {
	h2o_multithread_message_t msg; /* first: the queue hands back this pointer */
	struct job *next;
	struct loop *loop;
	h2o_req_t *h;
	struct job_link *link;
	struct req *rq;
	bool orphaned;
	bool handler_only;             /* the loop ran dispatch_before */
	struct timespec started;
};

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static struct job *q_head, *q_tail;
static bool q_closed;
static pthread_t *workers;
static int nworkers;

static void respond(struct loop *lp, h2o_req_t *h, struct req *rq, const struct timespec *t0);

static void *
worker_main(void *arg)
{
	(void)arg;
	char err[256];
	struct db *db = db_open(opts->db_path, false, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "yuanli: worker: %s\n", err);
		return NULL;
	}
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (q_head == NULL && !q_closed)
			pthread_cond_wait(&q_cond, &q_lock);
		struct job *j = q_head;
		if (j == NULL) {
			pthread_mutex_unlock(&q_lock);
			break;
		}
		q_head = j->next;
		if (q_head == NULL)
			q_tail = NULL;
		pthread_mutex_unlock(&q_lock);
		j->rq->db = db;
		j->rq->page_cache = NULL; /* the loops' (dispatch_before) */
		if (j->handler_only)
			dispatch_handler(j->rq);
		else
			dispatch_run(j->rq);
		h2o_multithread_send_message(&j->loop->results, &j->msg);
	}
	db_close(db);
	return NULL;
}

static void
job_free(struct job *j)
{
	dispatch_cleanup(j->rq);
	arena_free(j->rq->a);
	free(j);
}

static void
on_job_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	struct loop *lp = H2O_STRUCT_FROM_MEMBER(struct loop, results, receiver);
	while (!h2o_linklist_is_empty(messages)) {
		h2o_multithread_message_t *m = H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
		h2o_linklist_unlink(&m->link);
		struct job *j = (struct job *)m;
		lp->pending_jobs--;
		if (j->handler_only) {
			j->rq->db = lp->db;
			j->rq->page_cache = lp->cache;
			page_cache_keep(j->rq);
		}
		if (!j->orphaned) {
			j->link->job = NULL;
			respond(lp, j->h, j->rq, &j->started);
		}
		job_free(j);
	}
}

static void
on_pool_dispose(void *p)
{
	struct job_link *l = p;
	if (l->job)
		l->job->orphaned = true; /* the client went away; drop the answer when it comes */
}

static void
enqueue(struct loop *lp, h2o_req_t *h, struct req *rq, const struct timespec *t0, bool handler_only)
{
	struct job *j = calloc(1, sizeof *j);
	if (j == NULL)
		abort();
	j->handler_only = handler_only;
	j->loop = lp;
	j->h = h;
	j->rq = rq;
	j->started = *t0;
	j->link = h2o_mem_alloc_shared(&h->pool, sizeof *j->link, on_pool_dispose);
	j->link->job = j;
	lp->pending_jobs++;
	pthread_mutex_lock(&q_lock);
	if (q_tail)
		q_tail->next = j;
	else
		q_head = j;
	q_tail = j;
	pthread_cond_signal(&q_cond);
	pthread_mutex_unlock(&q_lock);
}

/* ---- requests ---- */

static const char *
header(struct arena *a, h2o_req_t *h, const h2o_token_t *tok)
{
	ssize_t i = h2o_find_header(&h->headers, tok, -1);
	if (i < 0)
		return "";
	h2o_iovec_t v = h->headers.entries[i].value;
	return arena_strndup(a, v.base, v.len);
}

static const char *
header_str(struct arena *a, h2o_req_t *h, const char *name)
{
	ssize_t i = h2o_find_header_by_str(&h->headers, name, strlen(name), -1);
	if (i < 0)
		return NULL;
	h2o_iovec_t v = h->headers.entries[i].value;
	return arena_strndup(a, v.base, v.len);
}

/* Everything the pipeline needs is copied out of h2o, so the request may run on a worker
 * while h2o frees its own memory if the client disconnects. */
static struct req *
make_req(struct loop *lp, h2o_req_t *h)
{
	struct arena *a = arena_new();
	if (a == NULL)
		abort();
	struct req *rq = arena_zalloc(a, sizeof *rq);
	rq->a = a;
	rq->db = lp->db;
	rq->page_cache = lp->cache;
	buf_init(&rq->out, a, 8192);
	char *method = arena_strndup(a, h->method.base, h->method.len);
	int m = method_from_name(method, h->method.len);
	rq->method = m < 0 ? GET : (enum method)m;
	rq->is_head = h2o_memis(h->method.base, h->method.len, H2O_STRLIT("HEAD"));
	size_t plen = h->query_at != SIZE_MAX ? h->query_at : h->path.len;
	rq->path = arena_strndup(a, h->path.base, plen);
	rq->query_string = h->query_at != SIZE_MAX
	                       ? arena_strndup(a, h->path.base + h->query_at + 1, h->path.len - h->query_at - 1)
	                       : "";
	rq->content_type = header(a, h, H2O_TOKEN_CONTENT_TYPE);
	rq->cookie_header = header(a, h, H2O_TOKEN_COOKIE);
	rq->accept_language = header(a, h, H2O_TOKEN_ACCEPT_LANGUAGE);
	rq->accept_encoding = header(a, h, H2O_TOKEN_ACCEPT_ENCODING);
	rq->authorization = header(a, h, H2O_TOKEN_AUTHORIZATION);
	rq->if_none_match = header(a, h, H2O_TOKEN_IF_NONE_MATCH);
	rq->csrf_header = header_str(a, h, "x-csrf-token");
	if (h->entity.base != NULL) {
		char *body = arena_alloc(a, h->entity.len + 1);
		memcpy(body, h->entity.base, h->entity.len);
		body[h->entity.len] = '\0';
		rq->body = body;
		rq->body_len = h->entity.len;
	} else {
		rq->body = "";
	}
	struct sockaddr_storage ss;
	char addr[INET6_ADDRSTRLEN] = "?";
	socklen_t sl = h->conn->callbacks->get_peername(h->conn, (struct sockaddr *)&ss);
	if (sl > 0) {
		if (ss.ss_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
		else if (ss.ss_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
	}
	rq->remote_addr = arena_strdup(a, addr);
	rq->host = arena_strndup(a, h->authority.base, h->authority.len);
	rq->tls = opts->tls_proxy || h->scheme == &H2O_URL_SCHEME_HTTPS;
	return rq;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

static void
add(h2o_req_t *h, const h2o_token_t *tok, const char *v)
{
	h2o_add_header(&h->pool, &h->res.headers, tok, NULL, v, strlen(v));
}

/* A header h2o has no token for; name and value are static strings. */
static void
add_str(h2o_req_t *h, const char *name, const char *v)
{
	h2o_add_header_by_str(&h->pool, &h->res.headers, name, strlen(name), 0, NULL, v, strlen(v));
}

static void
log_line(h2o_req_t *h, struct req *rq, const struct timespec *t0)
{
	if (access_log == NULL)
		return;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long us = (t1.tv_sec - t0->tv_sec) * 1000000LL + (t1.tv_nsec - t0->tv_nsec) / 1000;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char ts[32];
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* The path only: query strings may carry codes and tokens that must not reach a log. */
	pthread_mutex_lock(&log_lock);
	fprintf(access_log, "%s %s %.*s %s %d %zu %lldus\n", ts, rq->remote_addr, (int)h->method.len,
	        h->method.base, rq->path, rq->status, rq->out.len, us);
	fflush(access_log);
	pthread_mutex_unlock(&log_lock);
}

static void
respond(struct loop *lp, h2o_req_t *h, struct req *rq, const struct timespec *t0)
{
	(void)lp;
	h->res.status = rq->status ? rq->status : 500;
	h->res.reason = reason(h->res.status);
	add(h, H2O_TOKEN_CONTENT_TYPE, rq->resp_type ? rq->resp_type : "text/plain; charset=utf-8");
	/* Security headers on every answer: no inline script, no framing, no sniffing. */
	add_str(h, "content-security-policy",
	    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	add_str(h, "x-content-type-options", "nosniff");
	add_str(h, "x-frame-options", "DENY");
	add_str(h, "referrer-policy", "same-origin");
	add(h, H2O_TOKEN_CACHE_CONTROL, rq->cacheable ? "public, max-age=31536000, immutable" : "no-store");
	for (size_t i = 0; i < rq->nheaders; i++) {
		const char *v = h2o_strdup(&h->pool, rq->headers[i].value, SIZE_MAX).base;
		h2o_add_header_by_str(&h->pool, &h->res.headers, rq->headers[i].name,
		                      strlen(rq->headers[i].name), 1, NULL, v, strlen(v));
	}
	log_line(h, rq, t0);
	if (h->res.status == 304 || rq->is_head) {
		h->res.content_length = rq->is_head ? rq->out.len : 0;
		h2o_send_inline(h, NULL, 0);
	} else {
		h2o_send_inline(h, rq->out.p, rq->out.len);
	}
}

/* h2o frees a request's pool once its response has been sent (or the client is gone): that is
 * the moment the request stops being in flight. */
static void
on_request_done(void *p)
{
	struct loop *lp = *(struct loop **)p;
	lp->inflight--;
}

static int
on_req(h2o_handler_t *self, h2o_req_t *h)
{
	(void)self;
	struct loop *lp = H2O_STRUCT_FROM_MEMBER(struct loop, ctx, h->conn->ctx);
	struct loop **mark = h2o_mem_alloc_shared(&h->pool, sizeof *mark, on_request_done);
	*mark = lp;
	lp->inflight++;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct req *rq = make_req(lp, h);
	const struct route *r = NULL;
	enum route_match m = router_match(rq->a, h2o_strdup(&h->pool, h->method.base, h->method.len).base,
	                                  rq->path, strlen(rq->path), &r, &rq->params);
	if (m != ROUTE_FOUND) {
		dispatch_unmatched(rq, m);
	} else {
		rq->route = r;
		if ((r->flags & SLOW) && !stopping && r->method != GET) {
			enqueue(lp, h, rq, &t0, false);
			return 0;
		}
		if ((r->flags & SLOW) && !stopping) {
			if (!dispatch_before(rq)) {
				enqueue(lp, h, rq, &t0, true);
				return 0;
			}
		} else {
			dispatch_run(rq);
		}
	}
	respond(lp, h, rq, &t0);
	dispatch_cleanup(rq);
	arena_free(rq->a);
	return 0;
}

/* ---- connections and loops ---- */

static void
on_socket_close(void *data)
{
	struct loop *lp = data;
	lp->connections--;
	atomic_fetch_sub(&total_connections, 1);
}

static void
on_accept(h2o_socket_t *listener, const char *err)
{
	struct loop *lp = listener->data;
	if (err != NULL)
		return;
	h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
	if (sock == NULL)
		return;
	/* Over the limit: close at once rather than queue; the client retries, the server lives. */
	if (atomic_load(&total_connections) >= opts->max_connections) {
		h2o_socket_close(sock);
		return;
	}
	atomic_fetch_add(&total_connections, 1);
	lp->connections++;
	sock->on_close.cb = on_socket_close;
	sock->on_close.data = lp;
	h2o_accept(&lp->accept_ctx, sock);
}

static int
listen_on(const char *host, int port)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		fprintf(stderr, "yuanli: --listen: %s is not an IPv4 address\n", host);
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int on = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, SOMAXCONN) != 0) {
		fprintf(stderr, "yuanli: cannot listen on %s:%d: %s\n", host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void *
loop_main(void *arg)
{
	struct loop *lp = arg;
	h2o_context_init(&lp->ctx, h2o_evloop_create(), &config);
	lp->accept_ctx.ctx = &lp->ctx;
	lp->accept_ctx.hosts = config.hosts;
	h2o_multithread_register_receiver(lp->ctx.queue, &lp->results, on_job_done);
	lp->listener = h2o_evloop_socket_create(lp->ctx.loop, lp->fd, H2O_SOCKET_FLAG_DONT_READ);
	lp->listener->data = lp;
	h2o_socket_read_start(lp->listener, on_accept);

	while (!stopping)
		h2o_evloop_run(lp->ctx.loop, 100);

	/* Graceful stop: take no new connections, ask open ones to finish (HTTP/1.1 closes after
	 * the current response, HTTP/2 sends GOAWAY), and wait until every request in flight has
	 * been answered, slow jobs included. Idle keep-alive connections are not waited for: h2o
	 * 2.2.5 leaves them open until their timeout, and they hold no request. */
	h2o_socket_read_stop(lp->listener);
	h2o_socket_close(lp->listener);
	lp->listener = NULL;
	h2o_context_request_shutdown(&lp->ctx);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if ((lp->inflight == 0 && lp->pending_jobs == 0) || ms > SHUTDOWN_GRACE_MS)
			break;
		h2o_evloop_run(lp->ctx.loop, 50);
	}
	/* The context is not disposed: h2o 2.2.5 asserts that every timer is gone, and idle
	 * keep-alive timers may remain. The process is about to exit; the OS reclaims it. */
	return NULL;
}

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static SSL_CTX *
tls_context(const char *cert, const char *key)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		fprintf(stderr, "yuanli: cannot load TLS certificate %s / key %s\n", cert, key);
		ERR_print_errors_fp(stderr);
		SSL_CTX_free(ctx);
		return NULL;
	}
	h2o_ssl_register_alpn_protocols(ctx, h2o_http2_alpn_protocols);
	return ctx;
}

int
server_run(const struct server_opts *o)
{
	opts = o;
	char err[512];
	struct db *boot = db_open(o->db_path, false, err, sizeof err);
	if (boot == NULL) {
		fprintf(stderr, "yuanli: %s\n", err);
		return 1;
	}
	if (!session_init(boot)) {
		fprintf(stderr, "yuanli: cannot prepare session keys\n");
		db_close(boot);
		return 1;
	}
	db_close(boot);

	if (o->access_log == NULL || strcmp(o->access_log, "-") == 0)
		access_log = stderr;
	else if (strcmp(o->access_log, "off") == 0)
		access_log = NULL;
	else if ((access_log = fopen(o->access_log, "a")) == NULL) {
		fprintf(stderr, "yuanli: --access-log %s: %s\n", o->access_log, strerror(errno));
		return 1;
	}

	SSL_CTX *ssl = NULL;
	if (o->tls_cert || o->tls_key) {
		if (!o->tls_cert || !o->tls_key) {
			fprintf(stderr, "yuanli: --tls-cert and --tls-key go together\n");
			return 1;
		}
		if ((ssl = tls_context(o->tls_cert, o->tls_key)) == NULL)
			return 1;
	}

	h2o_config_init(&config);
	config.server_name = h2o_iovec_init(H2O_STRLIT("")); /* no version banner */
	config.max_request_entity_size = GLOBAL_BODY_CAP;
	config.http1.req_timeout = 10000;       /* a slow client gets 10 s to send its request */
	config.http2.idle_timeout = 30000;
	config.http2.graceful_shutdown_timeout = SHUTDOWN_GRACE_MS;
	h2o_hostconf_t *host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
	h2o_handler_t *handler = h2o_create_handler(path, sizeof *handler);
	handler->on_req = on_req;
	h2o_compress_args_t gz = {.min_size = 256, .gzip = {.quality = 1}, .brotli = {.quality = -1}};
	h2o_compress_register(path, &gz);

	nloops = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nloops < 1)
		nloops = 1;
	loops = calloc((size_t)nloops, sizeof *loops);
	int port = o->port;
	for (int i = 0; i < nloops; i++) {
		loops[i].index = i;
		if ((loops[i].fd = listen_on(o->host, port)) < 0)
			return 1;
		if (port == 0) {
			/* The first socket learns the free port; the others join it with SO_REUSEPORT. */
			struct sockaddr_in sa;
			socklen_t sl = sizeof sa;
			getsockname(loops[i].fd, (struct sockaddr *)&sa, &sl);
			port = ntohs(sa.sin_port);
		}
		loops[i].db = db_open(o->db_path, false, err, sizeof err);
		if (loops[i].db == NULL) {
			fprintf(stderr, "yuanli: %s\n", err);
			return 1;
		}
		loops[i].cache = o->page_cache ? page_cache_new(loops[i].db) : NULL;
		loops[i].accept_ctx.ssl_ctx = ssl;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	nworkers = o->workers > 0 ? o->workers : 2;
	workers = calloc((size_t)nworkers, sizeof *workers);
	for (int i = 0; i < nworkers; i++)
		pthread_create(&workers[i], NULL, worker_main, NULL);
	for (int i = 0; i < nloops; i++)
		pthread_create(&loops[i].tid, NULL, loop_main, &loops[i]);

	printf("yuanli: serving %s://%s:%d/ with %d loops and %d workers\n", ssl ? "https" : "http",
	       o->host, port, nloops, nworkers);
	fflush(stdout);
	if (o->ready_file) {
		/* Written whole and renamed, so a test polling for it never reads half a line. */
		char tmp[1024];
		snprintf(tmp, sizeof tmp, "%s.tmp", o->ready_file);
		FILE *f = fopen(tmp, "w");
		if (f) {
			fprintf(f, "%s:%d\n", o->host, port);
			if (fclose(f) == 0)
				rename(tmp, o->ready_file);
		}
	}

	for (int i = 0; i < nloops; i++)
		pthread_join(loops[i].tid, NULL);
	pthread_mutex_lock(&q_lock);
	q_closed = true;
	pthread_cond_broadcast(&q_cond);
	pthread_mutex_unlock(&q_lock);
	for (int i = 0; i < nworkers; i++)
		pthread_join(workers[i], NULL);
	for (int i = 0; i < nloops; i++) {
		page_cache_free(loops[i].cache);
		db_close(loops[i].db);
	}
	free(workers);
	free(loops);
	if (ssl)
		SSL_CTX_free(ssl);
	if (access_log && access_log != stderr)
		fclose(access_log);
	fprintf(stderr, "yuanli: stopped cleanly\n");
	return 0;
}
