/* main.c: the command line — serve, init, demo, migrate, user, token, apikey, backup. Each subcommand
 * has --help; those that touch data take --db PATH; a secret a command creates is printed alone
 * on the last line of stdout, so scripts can take it with `tail -n 1`. */
#include "routes.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/charset.h"
#include "core/registry.h"
#include "features/demo.h"
#include "store/registry.h"
#include "core/names.h"
#include "core/secret.h"
#include "core/utf8.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/files.h"
#include "store/ledger_check.h"
#include "store/problems.h"
#include "web/router.h"
#include "web/server.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DB "var/yuanli.db"

/* Changes made from the command line are recorded as the operator's, account 0. */
static const struct audit_actor cli = {0, "cli"};

static enum yl_err
audit(struct db *db, int64_t cid, const char *action, const char *type, int64_t id, json_t *details)
{
	enum yl_err rc = store_audit_append(db, cid, &cli, action, type, id, details);
	json_decref(details);
	return rc;
}

/* Returns the value of --name (or --name=value), NULL when absent. */
static const char *
opt(int argc, char **argv, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < argc; i++) {
		if (strncmp(argv[i], name, n) != 0)
			continue;
		if (argv[i][n] == '=')
			return argv[i] + n + 1;
		if (argv[i][n] == '\0' && i + 1 < argc)
			return argv[i + 1];
	}
	return NULL;
}

static int
has_flag(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

/* The i-th argument that is neither an option nor an option's value. */
static const char *
positional(int argc, char **argv, int want)
{
	static const char *const with_value[] = {"--db", "--listen", "--threads", "--workers", "--admin",
	                                         "--password-file", "--name", "--user", "--tls-cert",
	                                         "--tls-key", "--access-log", "--max-connections",
	                                         "--ready-file", "--display-name", "--grant", "--revoke", "--community",
	                                         "--charset", NULL};
	int k = 0;
	for (int i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] == '-') {
			for (int j = 0; with_value[j]; j++)
				if (strcmp(argv[i], with_value[j]) == 0) {
					i++;
					break;
				}
			continue;
		}
		if (k++ == want)
			return argv[i];
	}
	return NULL;
}

static const char *
db_path(int argc, char **argv)
{
	const char *p = opt(argc, argv, "--db");
	return p ? p : DEFAULT_DB;
}

/* The database as it may be printed: a PostgreSQL URL's password replaced by ***. */
static const char *
shown(const char *where)
{
	static char out[1024];
	const char *at = strchr(where, '@'), *scheme = strstr(where, "://");
	const char *colon = scheme && at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
	if (!db_is_pg_target(where) || colon == NULL)
		return where;
	snprintf(out, sizeof out, "%.*s:***%s", (int)(colon - where), where, at);
	return out;
}

static struct db *
open_db(int argc, char **argv, int create)
{
	char err[512];
	struct db *db = db_open(db_path(argc, argv), create, err, sizeof err);
	if (db == NULL)
		fprintf(stderr, "yuanli: %s\n", err);
	return db;
}

/* A password from --password-file, else the environment variable, else NULL. */
static char *
read_password(int argc, char **argv, const char *env)
{
	const char *file = opt(argc, argv, "--password-file");
	static char pw[SECRET_PASSWORD_MAX_BYTES + 2];
	if (file) {
		FILE *f = fopen(file, "r");
		if (f == NULL) {
			fprintf(stderr, "yuanli: --password-file %s: %s\n", file, strerror(errno));
			exit(2);
		}
		if (fgets(pw, sizeof pw, f) == NULL)
			pw[0] = '\0';
		fclose(f);
		pw[strcspn(pw, "\r\n")] = '\0';
		return pw;
	}
	const char *e = env ? getenv(env) : NULL;
	if (e) {
		snprintf(pw, sizeof pw, "%s", e);
		return pw;
	}
	return NULL;
}

static int
check_password(const char *pw)
{
	size_t n = strlen(pw);
	if (!utf8_valid(pw, n) || utf8_chars(pw, n) < SECRET_PASSWORD_MIN_CHARS) {
		fprintf(stderr, "yuanli: the password must have at least %d characters\n", SECRET_PASSWORD_MIN_CHARS);
		return -1;
	}
	if (n > SECRET_PASSWORD_MAX_BYTES) {
		fprintf(stderr, "yuanli: the password is longer than %d bytes\n", SECRET_PASSWORD_MAX_BYTES);
		return -1;
	}
	return 0;
}

/* Creates an account with a password (hashing it) and optional roles, in one transaction. */
static int
add_account(struct db *db, const char *name, const char *display, const char *pw, const enum role *roles,
            const int64_t *cids, size_t nroles, int64_t *id_out)
{
	if (!account_name_valid(name)) {
		fprintf(stderr, "yuanli: '%s': a user name is 2 to 64 letters, digits, '.', '-' or '_'\n", name);
		return -1;
	}
	char hash[SECRET_PWHASH_MAX];
	if (!secret_password_hash(pw, strlen(pw), hash)) {
		fprintf(stderr, "yuanli: out of memory hashing the password\n");
		return -1;
	}
	int64_t id = 0;
	enum yl_err rc = store_begin(db);
	if (rc == YL_OK)
		rc = store_account_create(db, name, display, hash, &id);
	if (rc == YL_OK)
		rc = audit(db, 0, "account.create", "account", id, json_pack("{s:s}", "name", name));
	for (size_t i = 0; rc == YL_OK && i < nroles; i++) {
		rc = store_role_grant(db, id, roles[i], cids[i]);
		if (rc == YL_OK)
			rc = audit(db, cids[i], "role.grant", "account", id,
			           json_pack("{s:s, s:I}", "role", role_name(roles[i]), "community_id", (json_int_t)cids[i]));
	}
	rc = store_end(db, rc);
	if (rc == ERR_CONFLICT) {
		fprintf(stderr, "yuanli: the user name '%s' is taken\n", name);
		return -1;
	}
	if (rc != YL_OK) {
		fprintf(stderr, "yuanli: could not create '%s'\n", name);
		return -1;
	}
	if (id_out)
		*id_out = id;
	return 0;
}

static void
ensure_parent(const char *path)
{
	if (db_is_pg_target(path))
		return; /* a server's database, not a file */
	char dir[1024];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);
	}
}

/* ---- subcommands ---- */

static int
cmd_serve(int argc, char **argv)
{
	if (has_flag(argc, argv, "--help")) {
		puts("usage: yuanli serve [--db PATH|URL] [--listen HOST:PORT] [--threads N] [--workers N]\n"
		     "                    [--tls-cert FILE --tls-key FILE] [--tls-proxy]\n"
		     "                    [--access-log FILE|-|off] [--max-connections N] [--ready-file FILE]\n"
		     "                    [--files DIR] [--no-page-cache]\n"
		     "Serves Yuanli until SIGTERM or SIGINT; in-flight requests finish first.\n"
		     "Defaults: --db " DEFAULT_DB " --listen 127.0.0.1:8080, one loop per core; photos in\n"
		     "DB-files beside a SQLite file (./yuanli-files for PostgreSQL).\n"
		     "On SQLite, a GET asked again by the same session within a second, with the database\n"
		     "unchanged, is answered from memory (response header x-cache: hit); --no-page-cache\n"
		     "makes every page afresh.");
		return 0;
	}
	struct server_opts o = {0};
	o.db_path = db_path(argc, argv);
	const char *listen = opt(argc, argv, "--listen");
	static char host[256] = "127.0.0.1";
	o.host = host;
	o.port = 8080;
	if (listen) {
		const char *colon = strrchr(listen, ':');
		if (colon == NULL || colon == listen || (size_t)(colon - listen) >= sizeof host) {
			fprintf(stderr, "yuanli: --listen wants HOST:PORT, such as 127.0.0.1:8080\n");
			return 2;
		}
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		char *end;
		long p = strtol(colon + 1, &end, 10);
		if (*end || p < 0 || p > 65535) {
			fprintf(stderr, "yuanli: --listen: bad port '%s'\n", colon + 1);
			return 2;
		}
		o.port = (int)p;
	}
	const char *t = opt(argc, argv, "--threads");
	o.threads = t ? atoi(t) : 0;
	const char *w = opt(argc, argv, "--workers");
	o.workers = w ? atoi(w) : 0;
	o.tls_cert = opt(argc, argv, "--tls-cert");
	o.tls_key = opt(argc, argv, "--tls-key");
	o.tls_proxy = has_flag(argc, argv, "--tls-proxy");
	o.access_log = opt(argc, argv, "--access-log");
	const char *mc = opt(argc, argv, "--max-connections");
	o.max_connections = mc ? atoi(mc) : 1024;
	o.ready_file = opt(argc, argv, "--ready-file");
	o.page_cache = !has_flag(argc, argv, "--no-page-cache");
	/* Photos live in a folder of their own that no route serves: beside a SQLite file, in the
	 * working directory for PostgreSQL, unless --files says where. */
	const char *files = opt(argc, argv, "--files");
	static char files_default[4096];
	if (files == NULL) {
		if (db_is_pg_target(o.db_path))
			files = "yuanli-files";
		else {
			snprintf(files_default, sizeof files_default, "%s-files", o.db_path);
			files = files_default;
		}
	}
	if (files_init(files) < 0) {
		fprintf(stderr, "yuanli: --files %s: %s\n", files, strerror(errno));
		return 1;
	}
	routes_install();
	return server_run(&o);
}

static int
cmd_migrate(int argc, char **argv)
{
	if (has_flag(argc, argv, "--help")) {
		puts("usage: yuanli migrate [--db PATH|URL]\nApplies pending schema migrations (each in its own "
		     "transaction; serve also does this at start).");
		return 0;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	printf("schema version %d of %d\n", db_version(db), db_migrations_count());
	db_close(db);
	return 0;
}

static int
cmd_init(int argc, char **argv)
{
	if (has_flag(argc, argv, "--help")) {
		puts("usage: yuanli init [--db PATH|URL] --admin NAME [--password-file FILE]\n"
		     "Creates a new database with one administrator. The password comes from\n"
		     "--password-file or YUANLI_ADMIN_PASSWORD. Refuses to touch an existing database.");
		return 0;
	}
	const char *path = db_path(argc, argv);
	const char *admin = opt(argc, argv, "--admin");
	if (admin == NULL) {
		fprintf(stderr, "yuanli init: --admin NAME is required\n");
		return 2;
	}
	char why[512];
	if (db_check_new(path, why, sizeof why) != YL_OK) {
		fprintf(stderr, "yuanli init: %s\n", why);
		return 1;
	}
	char *pw = read_password(argc, argv, "YUANLI_ADMIN_PASSWORD");
	if (pw == NULL) {
		fprintf(stderr, "yuanli init: give the password with --password-file FILE or YUANLI_ADMIN_PASSWORD\n");
		return 2;
	}
	if (check_password(pw) < 0)
		return 2;
	ensure_parent(path);
	struct db *db = open_db(argc, argv, 1);
	if (db == NULL)
		return 1;
	enum role r = ROLE_ADMIN;
	int64_t zero = 0;
	int rc = add_account(db, admin, "", pw, &r, &zero, 1, NULL);
	db_close(db);
	if (rc < 0) {
		if (!db_is_pg_target(path))
			unlink(path);
		return 1;
	}
	printf("created %s with administrator %s\n", shown(path), admin);
	return 0;
}

static int
cmd_demo(int argc, char **argv)
{
	if (has_flag(argc, argv, "--help")) {
		puts("usage: yuanli demo [--db PATH|URL]\n"
		     "Creates a new database with the demo compound 中南家园 (2,156 units, owners, residents,\n"
		     "heads, volunteers, the owners' committee), two smaller compounds of the same street office\n"
		     "(东塘小区, 砂子塘社区), and the demo logins admin, staff, head, owner, committee, volunteer,\n"
		     "parks, district and org (a stationed unit), each with the password yuanli-demo.\n"
		     "Refuses to touch an existing database.");
		return 0;
	}
	const char *path = db_path(argc, argv);
	char why[512];
	if (db_check_new(path, why, sizeof why) != YL_OK) {
		fprintf(stderr, "yuanli demo: %s\n", why);
		return 1;
	}
	ensure_parent(path);
	struct db *db = open_db(argc, argv, 1);
	if (db == NULL)
		return 1;
	enum yl_err rc = demo_create(db, "yuanli-demo");
	db_close(db);
	if (rc != YL_OK) {
		if (!db_is_pg_target(path))
			unlink(path);
		fprintf(stderr, "yuanli demo: could not create the demo\n");
		return 1;
	}
	printf("created %s with 中南家园, 东塘小区, 砂子塘社区 and the demo logins admin, staff, head, owner, committee, "
	       "volunteer, parks, district, org (password yuanli-demo)\n", shown(path));
	return 0;
}

static int
cmd_audit(int argc, char **argv)
{
	const char *sub = positional(argc, argv, 0);
	if (sub == NULL || has_flag(argc, argv, "--help") || strcmp(sub, "verify") != 0) {
		puts("usage: yuanli audit verify [--db PATH|URL]\n"
		     "Recomputes every community's hash chain from its first entry, the books' month sums\n"
		     "from the journal's lines, and the fee collections and each bill's paid amount from\n"
		     "the payments' allocations, and each decision's turnout from its live ballots.\n"
		     "Exit 0 when all agree; otherwise names the first entry or sum that does not match\n"
		     "and exits 1.");
		return sub && strcmp(sub, "verify") != 0 ? 2 : (sub ? 0 : 2);
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	struct audit_check c;
	enum yl_err rc = store_audit_verify(db, &c);
	/* the balances every page shows are read from the month sums, not the lines: they are
	 * checked here, where anyone checks the books' history, so a sum that drifted from its
	 * lines is found the same way as a rewritten audit row */
	struct ledger_sums_check s;
	enum yl_err src = rc == YL_OK ? store_ledger_check_sums(db, &s) : YL_OK;
	/* and the collection rate the disclosures and the dashboard show is read from the fee
	 * collections: checked against the allocations here for the same reason */
	struct collections_check fc;
	enum yl_err frc = rc == YL_OK && src == YL_OK ? store_fee_collections_check(db, &fc) : YL_OK;
	/* and what each bill has been paid, which the arrears and the owners' bills read */
	struct paid_check pc;
	enum yl_err prc = rc == YL_OK && src == YL_OK && frc == YL_OK ? store_bill_paid_check(db, &pc) : YL_OK;
	/* and who has voted on each decision, which the dashboard and the turnout page read */
	struct turnout_check tc;
	enum yl_err trc = rc == YL_OK && src == YL_OK && frc == YL_OK && prc == YL_OK ?
	                  store_decision_turnout_check(db, &tc) : YL_OK;
	db_close(db);
	if (rc != YL_OK || src != YL_OK || frc != YL_OK || prc != YL_OK || trc != YL_OK) {
		fprintf(stderr, "yuanli audit: could not read the %s\n",
		        rc != YL_OK ? "audit table" : src != YL_OK ? "journal" : frc != YL_OK ? "payments" :
		        prc != YL_OK ? "bills" : "ballots");
		return 1;
	}
	if (c.problem)
		printf("audit chain BROKEN at community %lld, entry %lld: %s\n", (long long)c.bad_community,
		       (long long)c.bad_seq, c.problem);
	else
		printf("audit chain intact: %lld entries in %lld chains\n", (long long)c.rows, (long long)c.chains);
	if (s.bad)
		printf("journal month sums DIFFER at community %lld, %s %d %s: %lld kept (debit %lld, credit %lld), "
		       "%lld lines (debit %lld, credit %lld)\n", (long long)s.community, s.account, s.month, s.kind,
		       (long long)s.kept_rows, (long long)s.kept_debit, (long long)s.kept_credit, (long long)s.nlines,
		       (long long)s.debit, (long long)s.credit);
	else
		printf("journal month sums agree: %lld sums of %lld lines\n", (long long)s.sums, (long long)s.lines);
	if (fc.bad)
		printf("fee collections DIFFER at community %lld, bills of %d paid in %d: %lld kept (%lld), "
		       "%lld allocations (%lld)\n", (long long)fc.community, fc.bill_month, fc.paid_month,
		       (long long)fc.kept_rows, (long long)fc.kept_amount, (long long)fc.nallocations,
		       (long long)fc.amount);
	else
		printf("fee collections agree: %lld sums of %lld allocations\n", (long long)fc.rows,
		       (long long)fc.allocations);
	if (pc.bad)
		printf("bills' paid amounts DIFFER at community %lld, bill %lld: %lld kept, %lld allocated\n",
		       (long long)pc.community, (long long)pc.bill, (long long)pc.kept, (long long)pc.allocated);
	else
		printf("bills' paid amounts agree: %lld bills\n", (long long)pc.bills);
	if (tc.bad)
		printf("decisions' turnout DIFFERS at community %lld, decision %lld: %lld owners (area %lld) kept, "
		       "%lld live ballots (area %lld)\n", (long long)tc.community, (long long)tc.decision,
		       (long long)tc.kept_owners, (long long)tc.kept_area, (long long)tc.owners, (long long)tc.area);
	else
		printf("decisions' turnout agrees: %lld decisions, %lld live ballots\n", (long long)tc.decisions,
		       (long long)tc.ballots);
	return c.problem || s.bad || fc.bad || pc.bad || tc.bad ? 1 : 0;
}

static int
cmd_import(int argc, char **argv)
{
	const char *file = positional(argc, argv, 0);
	const char *cs = opt(argc, argv, "--community");
	if (file == NULL || cs == NULL || has_flag(argc, argv, "--help")) {
		puts("usage: yuanli import FILE.csv --community ID [--charset utf-8|gbk] [--db PATH|URL]\n"
		     "Imports a unit list (the same CSV as the staff page and the API); every bad row is\n"
		     "reported and nothing is imported unless the whole file is clean.");
		return has_flag(argc, argv, "--help") ? 0 : 2;
	}
	FILE *f = fopen(file, "rb");
	if (f == NULL) {
		fprintf(stderr, "yuanli import: %s: %s\n", file, strerror(errno));
		return 1;
	}
	struct arena *a = arena_new();
	struct buf b;
	buf_init(&b, a, 1 << 16);
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, got);
	fclose(f);
	char *text;
	size_t len, bad;
	const char *used;
	if (charset_to_utf8(a, b.p, b.len, opt(argc, argv, "--charset"), &text, &len, &used, &bad) != YL_OK) {
		fprintf(stderr, "yuanli import: the file is not valid UTF-8 or GBK near byte %zu\n", bad);
		arena_free(a);
		return 1;
	}
	struct import_result r;
	import_parse(a, text, len, &r);
	if (r.nerrors) {
		for (size_t i = 0; i < r.nerrors; i++)
			fprintf(stderr, "line %zu, %s: %s\n", r.errors[i].line, r.errors[i].field[0] ? r.errors[i].field : "-",
			        import_problem_name(r.errors[i].problem));
		fprintf(stderr, "yuanli import: %zu problems; nothing imported\n", r.nerrors);
		arena_free(a);
		return 1;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL) {
		arena_free(a);
		return 1;
	}
	struct import_summary sum;
	enum yl_err rc = store_begin(db);
	if (rc == YL_OK)
		rc = store_end(db, store_import_apply(db, strtoll(cs, NULL, 10), &r, &cli, &sum));
	db_close(db);
	arena_free(a);
	if (rc != YL_OK) {
		fprintf(stderr, "yuanli import: failed (is community %s there?)\n", cs);
		return 1;
	}
	printf("imported %zu units (%s): %lld new, %lld changed, %lld unchanged\n", r.nrows, used,
	       (long long)sum.created, (long long)sum.updated, (long long)sum.unchanged);
	return 0;
}

static int
parse_role(const char *s, enum role *role, int64_t *cid)
{
	char name[32];
	const char *at = strchr(s, '@');
	size_t n = at ? (size_t)(at - s) : strlen(s);
	if (n >= sizeof name)
		return -1;
	memcpy(name, s, n);
	name[n] = '\0';
	int r = role_from_name(name);
	if (r < 0)
		return -1;
	*role = (enum role)r;
	*cid = at ? strtoll(at + 1, NULL, 10) : 0;
	return 0;
}

static int64_t
account_id(struct db *db, const char *name)
{
	struct arena *a = arena_new();
	struct account acc;
	int64_t id = store_account_by_name(db, a, name, &acc) == YL_OK ? acc.id : 0;
	arena_free(a);
	if (id == 0)
		fprintf(stderr, "yuanli: no user named '%s'\n", name);
	return id;
}

static int
cmd_user(int argc, char **argv)
{
	const char *sub = positional(argc, argv, 0);
	if (sub == NULL || has_flag(argc, argv, "--help")) {
		puts("usage: yuanli user add NAME [--display-name TEXT] [--grant ROLE[@COMMUNITY]] [--password-file FILE]\n"
		     "       yuanli user list\n"
		     "       yuanli user passwd NAME [--password-file FILE]\n"
		     "       yuanli user roles NAME [--grant ROLE@COMMUNITY] [--revoke ROLE@COMMUNITY]\n"
		     "all take [--db PATH|URL]. Passwords come from --password-file or YUANLI_PASSWORD;\n"
		     "without either a random one is made and printed alone on the last line.\n"
		     "Roles: resident owner head volunteer committee staff department org district admin.");
		return has_flag(argc, argv, "--help") ? 0 : 2;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	int rc = 0;
	const char *name = positional(argc, argv, 1);
	char generated[SECRET_TOKEN_CHARS + 1] = "";
	if (strcmp(sub, "list") == 0) {
		struct arena *a = arena_new();
		struct account *items;
		size_t n;
		int64_t total;
		if (store_account_list(db, a, NULL, 1000, 0, &items, &n, &total) != YL_OK)
			rc = 1;
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct grant *g;
			size_t ng;
			printf("%s\t%s", items[i].name, items[i].display_name);
			if (store_grants_load(db, a, items[i].id, &g, &ng) == YL_OK)
				for (size_t k = 0; k < ng; k++)
					printf("\t%s@%lld", role_name(g[k].role), (long long)g[k].community_id);
			putchar('\n');
		}
		arena_free(a);
	} else if ((strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0) && name) {
		char *pw = read_password(argc, argv, "YUANLI_PASSWORD");
		if (pw == NULL) {
			secret_token(generated);
			pw = generated;
		}
		if (check_password(pw) < 0) {
			rc = 2;
		} else if (strcmp(sub, "add") == 0) {
			enum role r = ROLE_RESIDENT;
			int64_t cid = 0;
			const char *g = opt(argc, argv, "--grant");
			size_t nr = 0;
			if (g) {
				if (parse_role(g, &r, &cid) < 0) {
					fprintf(stderr, "yuanli: --grant %s: unknown role\n", g);
					db_close(db);
					return 2;
				}
				nr = 1;
			}
			const char *disp = opt(argc, argv, "--display-name");
			rc = add_account(db, name, disp ? disp : "", pw, &r, &cid, nr, NULL) < 0 ? 1 : 0;
		} else {
			int64_t id = account_id(db, name);
			char hash[SECRET_PWHASH_MAX];
			enum yl_err e = id ? store_begin(db) : ERR_NOTFOUND;
			if (e == YL_OK) {
				e = secret_password_hash(pw, strlen(pw), hash) ? store_account_set_password(db, id, hash)
				                                                : ERR_INTERNAL;
				if (e == YL_OK)
					e = store_sessions_end_others(db, id, NULL);
				if (e == YL_OK)
					e = audit(db, 0, "account.password", "account", id, NULL);
				e = store_end(db, e);
			}
			rc = e == YL_OK ? 0 : 1;
		}
		if (rc == 0 && generated[0])
			printf("%s\n", generated);
	} else if (strcmp(sub, "roles") == 0 && name) {
		int64_t id = account_id(db, name);
		enum role r = ROLE_RESIDENT;
		int64_t cid = 0;
		const char *g = opt(argc, argv, "--grant"), *v = opt(argc, argv, "--revoke");
		enum yl_err e = id ? YL_OK : ERR_NOTFOUND;
		if (e == YL_OK && (g || v)) {
			if ((g && parse_role(g, &r, &cid) < 0) || (v && parse_role(v, &r, &cid) < 0)) {
				fprintf(stderr, "yuanli: unknown role in %s\n", g ? g : v);
				db_close(db);
				return 2;
			}
			e = store_begin(db);
			if (e == YL_OK) {
				e = g ? store_role_grant(db, id, r, cid) : store_role_revoke(db, id, r, cid);
				if (e == YL_OK)
					e = audit(db, cid, g ? "role.grant" : "role.revoke", "account", id,
					          json_pack("{s:s, s:I}", "role", role_name(r), "community_id", (json_int_t)cid));
				e = store_end(db, e);
			}
			if (e == ERR_CONFLICT || e == ERR_NOTFOUND)
				fprintf(stderr, "yuanli: %s\n", g ? "role held already" : "role not held");
		}
		struct arena *a = arena_new();
		struct grant *gr;
		size_t ng;
		if (id && store_grants_load(db, a, id, &gr, &ng) == YL_OK)
			for (size_t k = 0; k < ng; k++)
				printf("%s@%lld\n", role_name(gr[k].role), (long long)gr[k].community_id);
		arena_free(a);
		rc = e == YL_OK ? 0 : 1;
	} else {
		fprintf(stderr, "yuanli user: unknown subcommand or missing NAME (see --help)\n");
		rc = 2;
	}
	db_close(db);
	return rc;
}

static int
cmd_token(int argc, char **argv)
{
	const char *sub = positional(argc, argv, 0);
	if (sub == NULL || has_flag(argc, argv, "--help")) {
		puts("usage: yuanli token create --user NAME [--name LABEL] [--db PATH|URL]\n"
		     "       yuanli token revoke --user NAME --name LABEL [--db PATH|URL]\n"
		     "create prints a bearer token once, alone on the last line; only its hash is kept.");
		return has_flag(argc, argv, "--help") ? 0 : 2;
	}
	const char *user = opt(argc, argv, "--user");
	const char *label = opt(argc, argv, "--name");
	if (user == NULL) {
		fprintf(stderr, "yuanli token: --user NAME is required\n");
		return 2;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	int64_t id = account_id(db, user);
	int rc = 1;
	if (id && strcmp(sub, "create") == 0) {
		char tok[SECRET_TOKEN_CHARS + 1], hash[SECRET_HASH_HEX + 1];
		secret_token(tok);
		secret_hash(tok, strlen(tok), hash);
		int64_t tid = 0;
		enum yl_err e = store_begin(db);
		if (e == YL_OK) {
			e = store_token_create(db, id, label ? label : "cli", hash, &tid);
			if (e == YL_OK)
				e = audit(db, 0, "token.create", "account", id, json_pack("{s:s}", "name", label ? label : "cli"));
			e = store_end(db, e);
		}
		if (e == YL_OK) {
			printf("token for %s (%s):\n%s\n", user, label ? label : "cli", tok);
			rc = 0;
		}
	} else if (id && strcmp(sub, "revoke") == 0) {
		if (label == NULL) {
			fprintf(stderr, "yuanli token revoke: --name LABEL is required\n");
			rc = 2;
		} else {
			enum yl_err e = store_begin(db);
			if (e == YL_OK) {
				e = store_token_revoke(db, id, label);
				if (e == YL_OK)
					e = audit(db, 0, "token.revoke", "account", id, json_pack("{s:s}", "name", label));
				e = store_end(db, e);
			}
			if (e == ERR_NOTFOUND)
				fprintf(stderr, "yuanli: %s has no live token named '%s'\n", user, label);
			else if (e == YL_OK)
				printf("revoked %s's tokens named %s\n", user, label);
			rc = e == YL_OK ? 0 : 1;
		}
	}
	db_close(db);
	return rc;
}

/* The community --community names: its id, or its jurisdiction_id. 0 when there is none such
 * (said on stderr). */
static int64_t
community_arg(struct db *db, const char *cmd, const char *s)
{
	struct arena *a = arena_new();
	struct community c;
	int64_t id = 0;
	char *end;
	long long n = strtoll(s, &end, 10);
	enum yl_err e = *s && *end == '\0' && n > 0 ? store_community_get(db, a, n, &c)
	                                              : store_community_by_jurisdiction(db, s, &id);
	if (e == YL_OK && id == 0)
		id = c.id;
	arena_free(a);
	if (e == ERR_NOTFOUND)
		fprintf(stderr, "yuanli %s: there is no community '%s' (give its id or its jurisdiction_id)\n", cmd, s);
	else if (e != YL_OK)
		fprintf(stderr, "yuanli %s: could not read the communities\n", cmd);
	return e == YL_OK ? id : 0;
}

/* A key's label: 1 to 64 characters of UTF-8, no control characters (it is printed and logged). */
static bool
label_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || !utf8_valid(s, n) || utf8_chars(s, n) > 64)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static int
cmd_apikey(int argc, char **argv)
{
	const char *sub = positional(argc, argv, 0);
	bool help = has_flag(argc, argv, "--help");
	if (sub == NULL || help || (strcmp(sub, "create") != 0 && strcmp(sub, "revoke") != 0)) {
		if (sub && !help)
			fprintf(stderr, "yuanli apikey: unknown subcommand '%s'\n", sub);
		fputs("usage: yuanli apikey create --community ID --name LABEL [--db PATH|URL]\n"
		      "       yuanli apikey revoke --community ID --name LABEL [--db PATH|URL]\n"
		      "An Open311 api_key lets a client (a department's system, a reporting app) post service\n"
		      "requests to one community at /open311/v2; --community is its id or its jurisdiction_id.\n"
		      "create prints the key once, alone on the last line; only its hash is kept. revoke stops\n"
		      "every live key of that community with that label.\n",
		      help ? stdout : stderr);
		return help ? 0 : 2;
	}
	const char *cs = opt(argc, argv, "--community");
	const char *label = opt(argc, argv, "--name");
	if (cs == NULL || label == NULL) {
		fprintf(stderr, "yuanli apikey %s: --community ID and --name LABEL are required\n", sub);
		return 2;
	}
	if (!label_ok(label)) {
		fprintf(stderr, "yuanli apikey %s: --name must be 1 to 64 characters of text\n", sub);
		return 2;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	int64_t cid = community_arg(db, "apikey", cs);
	int rc = 1;
	if (cid && strcmp(sub, "create") == 0) {
		char key[SECRET_TOKEN_CHARS + 1], hash[SECRET_HASH_HEX + 1];
		secret_token(key);
		secret_hash(key, strlen(key), hash);
		int64_t id = 0;
		enum yl_err e = store_begin_community(db, cid);
		if (e == YL_OK) {
			e = store_open311_key_create(db, cid, label, hash, db_now(), &id);
			if (e == YL_OK)
				e = audit(db, cid, "open311.key_create", "open311_key", id, json_pack("{s:s}", "name", label));
			e = store_end(db, e);
		}
		if (e == YL_OK) {
			printf("Open311 api_key '%s' for community %lld (shown once; only its hash is kept):\n%s\n", label,
			       (long long)cid, key);
			rc = 0;
		} else {
			fprintf(stderr, "yuanli apikey create: the key could not be stored\n");
		}
	} else if (cid) {
		enum yl_err e = store_begin_community(db, cid);
		if (e == YL_OK) {
			e = store_open311_key_revoke(db, cid, label, db_now());
			if (e == YL_OK)
				e = audit(db, cid, "open311.key_revoke", "community", cid, json_pack("{s:s}", "name", label));
			e = store_end(db, e);
		}
		if (e == ERR_NOTFOUND)
			fprintf(stderr, "yuanli apikey revoke: community %lld has no live api_key named '%s'\n", (long long)cid,
			        label);
		else if (e != YL_OK)
			fprintf(stderr, "yuanli apikey revoke: the key could not be revoked\n");
		else
			printf("revoked the api_keys named '%s' of community %lld\n", label, (long long)cid);
		rc = e == YL_OK ? 0 : 1;
	}
	db_close(db);
	return rc;
}

static int
cmd_backup(int argc, char **argv)
{
	const char *dest = positional(argc, argv, 0);
	if (dest == NULL || has_flag(argc, argv, "--help")) {
		puts("usage: yuanli backup DEST [--db PATH|URL]\nCopies the live database to DEST, safe while the "
		     "server runs: with SQLite's online backup, or on PostgreSQL with pg_dump (custom format;\n"
		     "restore with pg_restore).");
		return has_flag(argc, argv, "--help") ? 0 : 2;
	}
	struct db *db = open_db(argc, argv, 0);
	if (db == NULL)
		return 1;
	char err[512];
	enum yl_err e = db_backup(db, dest, err, sizeof err);
	db_close(db);
	if (e != YL_OK) {
		fprintf(stderr, "yuanli backup: %s\n", err);
		return 1;
	}
	printf("backed up %s to %s\n", shown(db_path(argc, argv)), dest);
	return 0;
}

/* The route and permission tables as JSON, so tests can be generated from them (a route added
 * without a permission rule, or a rule that lets a role through that should not, fails). */
static int
cmd_routes(int argc, char **argv)
{
	if (has_flag(argc, argv, "--help")) {
		puts("usage: yuanli routes\nPrints every route (method, pattern, permission, body limit, flags) and\n"
		     "the permission table (action × role → scope) as JSON.");
		return 0;
	}
	static const char *const methods[METHOD__COUNT] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	static const char *const scopes[SCOPE__COUNT] = {"none", "own_unit", "own_buildings", "own_community", "all"};
	routes_install();
	size_t n;
	const struct route *r = router_table(&n);
	json_t *rs = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(rs, json_pack("{s:s, s:s, s:s, s:I, s:b, s:b, s:b, s:b}", "method", methods[r[i].method],
		                                    "pattern", r[i].pattern, "perm", perm_name(r[i].perm), "body_limit",
		                                    (json_int_t)r[i].body_limit, "slow", (r[i].flags & SLOW) != 0, "list",
		                                    (r[i].flags & LIST) != 0, "keyed", (r[i].flags & KEYED) != 0, "scoped",
		                                    r[i].scope != NULL));
	json_t *ps = json_object();
	for (int p = 0; p < PERM__COUNT; p++) {
		json_t *row = json_object();
		for (int k = 0; k < ROLE__COUNT; k++)
			json_object_set_new(row, role_name((enum role)k), json_string(scopes[perm_scope((enum role)k, (enum perm)p)]));
		json_object_set_new(ps, perm_name((enum perm)p), row);
	}
	json_t *all = json_pack("{s:o, s:o}", "routes", rs, "permissions", ps);
	char *out = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(all);
	puts(out);
	free(out);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *what;
} commands[] = {
	{"serve", cmd_serve, "serve the web application"},
	{"init", cmd_init, "create a new database with an administrator"},
	{"demo", cmd_demo, "create a database with the demo compound"},
	{"migrate", cmd_migrate, "apply pending schema migrations"},
	{"user", cmd_user, "add, list, change passwords and roles of accounts"},
	{"token", cmd_token, "create or revoke API bearer tokens"},
	{"apikey", cmd_apikey, "create or revoke Open311 api_keys"},
	{"backup", cmd_backup, "copy the live database safely"},
	{"audit", cmd_audit, "verify the audit trail's hash chains"},
	{"import", cmd_import, "import a unit list (CSV) into a community"},
	{"routes", cmd_routes, "print the route and permission tables (JSON)"},
};

int
main(int argc, char **argv)
{
	if (!secret_init()) {
		fprintf(stderr, "yuanli: libsodium failed to initialise\n");
		return 1;
	}
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 2, argv + 2);
	}
	int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0);
	FILE *out = help ? stdout : stderr;
	if (argc >= 2 && !help)
		fprintf(out, "yuanli: unknown command '%s'\n", argv[1]);
	fputs("usage: yuanli COMMAND [options]   (yuanli COMMAND --help for more)\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].what);
	fputs("Every command takes --db: a SQLite file (default " DEFAULT_DB ") or a PostgreSQL connection\n"
	      "string (postgresql://user@host/dbname, or libpq's key=value form).\n", out);
	return help ? 0 : 2;
}
