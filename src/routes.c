/* routes.c: every URL Yuanli answers, who may call it, and how much it may send. */
#include "routes.h"
#include "features/account.h"
#include "features/auth.h"
#include "features/health.h"
#include "features/home.h"
#include "features/users.h"
#include "web/assets.h"
#include "web/layout.h"
#include "web/router.h"

#define KB 1024

static const struct route routes[] = {
	/* method  pattern                          handler                permission         body limit  flags */
	{ GET,  "/",                                home_page,             PERM_PUBLIC,          0 },
	{ GET,  "/healthz",                         health_api,            PERM_PUBLIC,          0 },
	{ GET,  "/assets/{name}",                   assets_serve,          PERM_PUBLIC,          0 },
	{ GET,  "/login",                           auth_login_page,       PERM_PUBLIC,          0 },
	{ POST, "/login",                           auth_login_form,       PERM_PUBLIC,       4 * KB, SLOW },
	{ POST, "/logout",                          auth_logout_form,      PERM_SIGNED_IN,    1 * KB },
	{ POST, "/prefs",                           auth_prefs_form,       PERM_PUBLIC,       1 * KB },
	{ GET,  "/account",                         account_page,          PERM_SIGNED_IN,       0 },
	{ POST, "/account/password",                account_password_form, PERM_SIGNED_IN,    2 * KB, SLOW },
	{ GET,  "/admin/users",                     users_page,            PERM_USERS_ADMIN,     0 },
	{ POST, "/admin/users",                     users_add_form,        PERM_USERS_ADMIN,  2 * KB, SLOW },
	{ POST, "/admin/users/{id}/roles",          users_grant_form,      PERM_USERS_ADMIN,  1 * KB },
	{ POST, "/admin/users/{id}/roles/revoke",   users_revoke_form,     PERM_USERS_ADMIN,  1 * KB },
	{ GET,  "/api/v1/me",                       account_me_api,        PERM_SIGNED_IN,       0 },
};

static const struct nav_item nav[] = {
	{ MSG_NAV_HOME,    "/",            PERM_PUBLIC,      false },
	{ MSG_NAV_ACCOUNT, "/account",     PERM_SIGNED_IN,   false },
	{ MSG_NAV_USERS,   "/admin/users", PERM_USERS_ADMIN, false },
	{ MSG_NAV_LOGIN,   "/login",       PERM_PUBLIC,      true },
};

void
routes_install(void)
{
	router_set(routes, sizeof routes / sizeof routes[0]);
	layout_set_nav(nav, sizeof nav / sizeof nav[0]);
}
