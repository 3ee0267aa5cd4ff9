/* routes.c: every URL Yuanli answers, who may call it, and how much it may send. */
#include "routes.h"
#include "features/account.h"
#include "features/activities.h"
#include "features/activation.h"
#include "features/audit_log.h"
#include "features/communities.h"
#include "features/communities_admin.h"
#include "features/decisions.h"
#include "features/finance.h"
#include "features/disclosures.h"
#include "features/expenses.h"
#include "features/district.h"
#include "features/fees.h" /* issue 10: fees */
#include "features/problem_common.h"
#include "features/problems.h"
#include "features/registry.h"
#include "features/registry_edit.h"
#include "features/registry_import.h"
#include "features/auth.h"
#include "features/health.h"
#include "features/home.h"
#include "features/menu.h"
#include "features/notices.h" /* issue 11: notices */
#include "features/open311.h"
#include "features/plan_opinions.h"
#include "features/plans.h"
#include "features/users.h"
#include "features/volunteers.h"
#include "features/works.h"
#include "features/work_payments.h" /* issue 11: spending on the works */
#include "features/stationed.h"
#include "features/wishes.h"
#include "features/dashboard.h" /* issue 11: dashboard */
#include "features/payments.h" /* issue 10: payments */
#include "web/assets.h"
#include "web/layout.h"
#include "web/router.h"

#define KB 1024
#define MB (1024 * 1024)

static const struct route routes[] = {
	/* method  pattern                          handler                permission         body limit  flags */
	{ GET,  "/",                                home_page,             PERM_PUBLIC,          0 },
	{ GET,  "/healthz",                         health_api,            PERM_PUBLIC,          0, FRESH },
	{ GET,  "/assets/{name}",                   assets_serve,          PERM_PUBLIC,          0 },
	{ GET,  "/login",                           auth_login_page,       PERM_PUBLIC,          0 },
	{ POST, "/login",                           auth_login_form,       PERM_PUBLIC,       4 * KB, SLOW },
	{ POST, "/logout",                          auth_logout_form,      PERM_SIGNED_IN,    1 * KB },
	{ POST, "/prefs",                           auth_prefs_form,       PERM_PUBLIC,       1 * KB },
	{ GET,  "/account",                         account_page,          PERM_SIGNED_IN,       0 },
	{ POST, "/account/password",                account_password_form, PERM_SIGNED_IN,    2 * KB, SLOW },
	{ GET,  "/admin/users",                     users_page,            PERM_USERS_ADMIN,     0 },
	{ POST, "/admin/users",                     users_add_form,        PERM_USERS_ADMIN,  2 * KB, SLOW },
	{ GET,  "/admin/users/{id}",                users_account_page,    PERM_USERS_ADMIN,     0 },
	{ POST, "/admin/users/{id}/roles",          users_grant_form,      PERM_USERS_ADMIN, 32 * KB }, /* a district's communities */
	{ POST, "/admin/users/{id}/roles/revoke",   users_revoke_form,     PERM_USERS_ADMIN,  1 * KB },
	{ GET,  "/admin/communities",               communities_admin_page, PERM_COMMUNITY_CREATE, 0 },
	{ POST, "/admin/communities",               communities_admin_form, PERM_COMMUNITY_CREATE, 4 * KB },
	{ GET,  "/district",                        district_page,         PERM_DISTRICT_READ,   0, 0, district_scope },
	{ GET,  "/registry",                        registry_page,         PERM_REGISTRY_READ,   0, LIST },
	{ GET,  "/registry/units/new",              unit_new_page,         PERM_REGISTRY_WRITE,  0 },
	{ POST, "/registry/units",                  unit_create_form,      PERM_REGISTRY_WRITE, 4 * KB },
	{ GET,  "/registry/units/{id}",             registry_unit_page,    PERM_UNIT_READ,       0, 0, registry_unit_scope },
	{ GET,  "/registry/units/{id}/edit",        unit_edit_page,        PERM_REGISTRY_WRITE,  0, 0, registry_unit_scope },
	{ POST, "/registry/units/{id}",             unit_update_form,      PERM_REGISTRY_WRITE, 4 * KB, 0, registry_unit_scope },
	{ POST, "/registry/units/{id}/residents",   registry_resident_form, PERM_REGISTRY_WRITE, 2 * KB, 0, registry_unit_scope },
	{ POST, "/registry/heads",                  registry_heads_form,   PERM_REGISTRY_WRITE, 1 * KB },
	{ GET,  "/registry/import",                 import_page,           PERM_REGISTRY_WRITE,  0 },
	{ POST, "/registry/import",                 import_upload_form,    PERM_REGISTRY_WRITE, 8 * MB, SLOW },
	{ POST, "/registry/import/{id}",            import_commit_form,    PERM_REGISTRY_WRITE, 1 * KB, SLOW },
	{ GET,  "/registry/codes",                  codes_page,            PERM_CODES_PRINT,     0, LIST },
	{ POST, "/registry/codes",                  codes_print_form,      PERM_CODES_PRINT,  1 * KB, LIST },
	{ GET,  "/claim",                           claim_page,            PERM_PUBLIC,          0 },
	{ POST, "/claim",                           claim_form,            PERM_PUBLIC,       4 * KB, SLOW },
	{ GET,  "/problems",                        problems_page,         PERM_PROBLEM_READ,    0, LIST },
	{ GET,  "/problems/new",                    problem_new_page,      PERM_PROBLEM_REPORT,  0 },
	{ POST, "/problems",                        problem_report_form,   PERM_PROBLEM_REPORT, 40 * MB, SLOW }, /* 4 photos of 8 MB */
	{ GET,  "/problems/lists",                  problem_lists_page,    PERM_PROBLEM_LIST,    0 },
	{ POST, "/problems/lists",                  problem_list_create_form, PERM_PROBLEM_LIST, 64 * KB },
	{ GET,  "/problems/lists/{id}",             problem_list_page,     PERM_PROBLEM_LIST,    0 },
	{ POST, "/problems/bulk",                   problem_bulk_form,     PERM_PROBLEM_TRIAGE, 64 * KB },
	{ GET,  "/problems/categories",             problem_categories_page, PERM_PROBLEM_TRIAGE, 0 },
	{ POST, "/problems/categories/{id}",        problem_category_form, PERM_PROBLEM_TRIAGE, 4 * KB },
	{ GET,  "/problems/export.csv",             problem_export_csv,    PERM_PROBLEM_TRIAGE,  0, SLOW },
	{ GET,  "/problems/export.xlsx",            problem_export_xlsx,   PERM_PROBLEM_TRIAGE,  0, SLOW },
	{ GET,  "/problems/photos/{id}",            problem_photo,         PERM_PROBLEM_READ,    0, SLOW, problem_photo_scope },
	{ GET,  "/problems/{id}",                   problem_page,          PERM_PROBLEM_READ,    0, 0, problem_scope },
	{ POST, "/problems/{id}/steps",             problem_step_form,     PERM_PROBLEM_ACT,  40 * MB, SLOW, problem_scope },
	{ POST, "/problems/{id}/support",           problem_support_form,  PERM_PROBLEM_REPORT, 1 * KB, 0, problem_scope },
	{ GET,  "/decisions",                       decisions_page,        PERM_DECISION_READ,   0 },
	{ GET,  "/decisions/new",                   decision_new_page,     PERM_DECISION_MANAGE, 0 },
	{ POST, "/decisions",                       decision_create_form,  PERM_DECISION_MANAGE, 64 * KB },
	{ GET,  "/decisions/{id}",                  decision_page,         PERM_DECISION_READ,   0, 0, decision_scope },
	/* publishing freezes the roll: a district's biggest compound is seconds of inserts */
	{ POST, "/decisions/{id}/step",             decision_step_form,    PERM_DECISION_MANAGE, 1 * KB, SLOW, decision_scope },
	{ GET,  "/decisions/{id}/vote",             decision_vote_page,    PERM_BALLOT_CAST,     0, LIST, decision_scope },
	{ GET,  "/decisions/{id}/paper",            decision_entry_page,   PERM_BALLOT_CAST,     0, LIST, decision_scope },
	{ POST, "/decisions/{id}/ballots",          decision_ballot_form,  PERM_BALLOT_CAST,  9 * MB, LIST | SLOW, decision_scope }, /* a scan */
	{ GET,  "/decisions/ballots/{id}/scan",     decision_scan,         PERM_PERSONAL_DATA,   0, SLOW, decision_scan_scope },
	{ GET,  "/decisions/{id}/turnout",          decision_turnout_page, PERM_DECISION_TURNOUT, 0, LIST | SLOW, decision_scope }, /* a whole roll counted */
	{ GET,  "/decisions/{id}/result",           decision_result_page,  PERM_DECISION_READ,   0, 0, decision_scope },
	{ GET,  "/decisions/{id}/roll",             decision_roll_page,    PERM_DECISION_READ,   0, 0, decision_scope },
	{ GET,  "/decisions/{id}/print",            decision_print_page,   PERM_DECISION_READ,   0, 0, decision_scope },
	{ GET,  "/plans",                           plans_page,            PERM_PLAN_READ,       0 },
	{ POST, "/plans",                           plan_create_form,      PERM_PLAN_MANAGE,  8 * KB },
	{ GET,  "/plans/{id}",                      plan_page,             PERM_PLAN_READ,       0, SLOW, plan_scope }, /* own shares: a scope's units */
	{ GET,  "/plans/{id}/diff",                 plan_diff_page,        PERM_PLAN_READ,       0, 0, plan_scope },
	{ GET,  "/plans/{id}/draft",                plan_draft_page,       PERM_PLAN_MANAGE,     0, 0, plan_scope },
	{ POST, "/plans/{id}/items",                plan_item_form,        PERM_PLAN_MANAGE, 16 * KB, 0, plan_scope },
	{ POST, "/plans/{id}/items/{key}/delete",   plan_item_delete_form, PERM_PLAN_MANAGE,  1 * KB, 0, plan_scope },
	{ POST, "/plans/{id}/step",                 plan_step_form,        PERM_PLAN_MANAGE,  8 * KB, 0, plan_scope },
	{ GET,  "/works",                           works_page,            PERM_PLAN_READ,       0 },
	{ GET,  "/works/inspection-photos/{id}",    inspection_photo,      PERM_PUBLIC,          0, SLOW, inspection_photo_scope }, /* shown on /progress */
	{ GET,  "/works/{id}",                      work_page,             PERM_PLAN_READ,       0, 0, work_scope },
	{ POST, "/works/{id}",                      work_update_form,      PERM_PLAN_MANAGE,  4 * KB, 0, work_scope },
	{ POST, "/works/{id}/milestones",           work_milestone_form,   PERM_PLAN_MANAGE,  2 * KB, 0, work_scope },
	{ POST, "/works/{id}/milestones/{mid}/done", work_milestone_done_form, PERM_PLAN_MANAGE, 1 * KB, 0, work_scope },
	{ POST, "/works/{id}/accept",               work_accept_form,      PERM_PLAN_MANAGE,  8 * KB, 0, work_scope },
	{ POST, "/works/{id}/inspections",          work_inspection_form,  PERM_INSPECT,     40 * MB, SLOW, work_scope }, /* 4 photos of 8 MB */
	{ POST, "/works/{id}/ratings",              work_rating_form,      PERM_WORK_RATE,    4 * KB, 0, work_scope },
	{ POST, "/works/{id}/payments",             work_payment_form,     PERM_PLAN_MANAGE,  4 * KB, 0, work_scope }, /* issue 11 */
	{ POST, "/works/{id}/payments/{pid}/correct", work_payment_correct_form, PERM_PLAN_MANAGE, 4 * KB, 0, work_scope },
	{ GET,  "/progress",                        progress_page,         PERM_PUBLIC,          0 },
	{ GET,  "/progress/{cid}",                  progress_page,         PERM_PUBLIC,          0 },
	{ GET,  "/audit",                           audit_page,            PERM_AUDIT_READ,      0 },
	{ GET,  "/audit/chain",                     audit_chain_page,      PERM_PUBLIC,          0 },

	{ GET,  "/api/v1/me",                       account_me_api,        PERM_SIGNED_IN,       0 },
	{ GET,  "/api/v1/audit/heads",              audit_heads_api,       PERM_PUBLIC,          0 },
	{ GET,  "/api/v1/district",                 district_api,          PERM_DISTRICT_READ,   0, 0, district_scope },
	{ POST, "/api/v1/communities",              communities_create_api, PERM_COMMUNITY_CREATE, 4 * KB },
	{ GET,  "/api/v1/communities",              communities_list_api,  PERM_SIGNED_IN,       0 },
	{ GET,  "/api/v1/communities/{cid}",        communities_get_api,   PERM_COMMUNITY_READ,  0 },
	{ PATCH, "/api/v1/communities/{cid}",       communities_patch_api, PERM_COMMUNITY_SETTINGS, 4 * KB },
	{ POST, "/api/v1/communities/{cid}/units/import",
	                                            import_api,            PERM_REGISTRY_WRITE, 8 * MB, SLOW },
	{ GET,  "/api/v1/communities/{cid}/units",  registry_units_api,    PERM_REGISTRY_READ,   0, LIST },
	{ GET,  "/api/v1/communities/{cid}/owners", registry_owners_api,   PERM_REGISTRY_READ,   0, LIST },
	{ GET,  "/api/v1/communities/{cid}/problems", problems_api,        PERM_PROBLEM_READ,    0, LIST },
	{ POST, "/api/v1/communities/{cid}/problems", problem_report_api,  PERM_PROBLEM_REPORT, 16 * KB },
	{ GET,  "/api/v1/communities/{cid}/decisions", decisions_api,      PERM_DECISION_READ,   0 },
	{ POST, "/api/v1/communities/{cid}/decisions", decision_create_api, PERM_DECISION_MANAGE, 64 * KB },
	{ POST, "/api/v1/communities/{cid}/cost-shares", cost_shares_api,  PERM_COST_SHARE,    4 * KB, SLOW }, /* a compound's units */
	{ GET,  "/api/v1/communities/{cid}/plans",  plans_api,             PERM_PLAN_READ,       0 },
	{ POST, "/api/v1/communities/{cid}/plans",  plan_create_api,       PERM_PLAN_MANAGE,  8 * KB },
	{ GET,  "/api/v1/plans/{id}",               plan_api,              PERM_PLAN_READ,       0, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/items",         plan_item_create_api,  PERM_PLAN_MANAGE, 16 * KB, 0, plan_scope },
	{ PUT,  "/api/v1/plans/{id}/items/{key}",   plan_item_update_api,  PERM_PLAN_MANAGE, 16 * KB, 0, plan_scope },
	{ DELETE, "/api/v1/plans/{id}/items/{key}", plan_item_delete_api,  PERM_PLAN_MANAGE,     0, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/items/{key}/decision", plan_link_api,  PERM_PLAN_MANAGE,  1 * KB, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/publish",       plan_publish_api,      PERM_PLAN_MANAGE,  8 * KB, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/draft",         plan_draft_api,        PERM_PLAN_MANAGE,  1 * KB, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/consultation/close", plan_consult_close_api, PERM_PLAN_MANAGE, 1 * KB, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/adopt",         plan_adopt_api,        PERM_PLAN_MANAGE,  1 * KB, 0, plan_scope },
	{ GET,  "/api/v1/plans/{id}/diff",          plan_diff_api,         PERM_PLAN_READ,       0, 0, plan_scope },
	{ GET,  "/api/v1/plans/{id}/shares/mine",   plan_my_share_api,     PERM_PLAN_READ,       0, SLOW, plan_scope }, /* a scope's units per item */
	{ GET,  "/api/v1/decisions/{id}",           decision_api,          PERM_DECISION_READ,   0, 0, decision_scope },
	{ POST, "/api/v1/decisions/{id}/publish",   decision_publish_api,  PERM_DECISION_MANAGE, 1 * KB, SLOW, decision_scope },
	{ POST, "/api/v1/decisions/{id}/open",      decision_open_api,     PERM_DECISION_MANAGE, 1 * KB, 0, decision_scope },
	{ POST, "/api/v1/decisions/{id}/close",     decision_close_api,    PERM_DECISION_MANAGE, 1 * KB, 0, decision_scope },
	{ POST, "/api/v1/decisions/{id}/announce",  decision_announce_api, PERM_DECISION_MANAGE, 1 * KB, 0, decision_scope },
	{ POST, "/api/v1/decisions/{id}/ballots",   decision_ballot_api,   PERM_BALLOT_CAST,  4 * KB, LIST, decision_scope },
	{ GET,  "/api/v1/decisions/{id}/result",    decision_result_api,   PERM_DECISION_READ,   0, 0, decision_scope },
	{ GET,  "/api/v1/decisions/{id}/turnout",   decision_turnout_api,  PERM_DECISION_TURNOUT, 0, LIST | SLOW, decision_scope },
	/* the consultation on a plan version: opinions (heads enter paper ones for their buildings,
	 * checked by the handler), staff's public answers, the per-item summary. A form's body is
	 * percent-encoded: 2000 characters of Chinese are 18 KB of it */
	{ GET,  "/plans/{id}/consultation",         plan_consultation_page, PERM_PLAN_READ,      0, 0, plan_scope },
	{ POST, "/plans/{id}/opinions",             plan_opinion_form,     PERM_OPINION_GIVE, 32 * KB, 0, plan_scope },
	{ POST, "/plans/opinions/{id}/answer",      opinion_answer_form,   PERM_OPINION_ANSWER, 32 * KB, 0, opinion_scope },
	{ GET,  "/api/v1/plans/{id}/opinions",      plan_opinions_api,     PERM_PLAN_READ,      0, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/opinions",      plan_opinion_create_api, PERM_OPINION_GIVE, 16 * KB, 0, plan_scope },
	{ GET,  "/api/v1/plans/{id}/summary",       plan_summary_api,      PERM_PLAN_READ,      0, 0, plan_scope },
	{ POST, "/api/v1/opinions/{id}/answer",     opinion_answer_api,    PERM_OPINION_ANSWER, 16 * KB, 0, opinion_scope },
	{ GET,  "/api/v1/plans/{id}/works",         works_list_api,        PERM_PLAN_READ,       0, 0, plan_scope },
	{ POST, "/api/v1/plans/{id}/works",         works_create_api,      PERM_PLAN_MANAGE, 16 * KB, 0, plan_scope },
	{ GET,  "/api/v1/works/{id}",               work_api,              PERM_PLAN_READ,       0, 0, work_scope },
	{ PATCH, "/api/v1/works/{id}",              work_update_api,       PERM_PLAN_MANAGE,  4 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}",               work_update_api,       PERM_PLAN_MANAGE,  4 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}/milestones",    work_milestone_api,    PERM_PLAN_MANAGE,  2 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}/milestones/{mid}/done",
	                                            work_milestone_done_api, PERM_PLAN_MANAGE, 1 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}/accept",        work_accept_api,       PERM_PLAN_MANAGE,  8 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}/inspections",   work_inspection_api,   PERM_INSPECT,     16 * KB, 0, work_scope },
	{ POST, "/api/v1/works/{id}/ratings",       work_rating_api,       PERM_WORK_RATE,    4 * KB, 0, work_scope },
	/* issue 11: spending against budget — read by whoever reads the work (amounts and the
	 * contractor are public on a public works project), written by those who manage the works */
	{ GET,  "/api/v1/works/{id}/payments",      work_payments_api,     PERM_PLAN_READ,       0, 0, work_scope },
	{ POST, "/api/v1/works/{id}/payments",      work_payment_create_api, PERM_PLAN_MANAGE, 4 * KB, 0, work_scope },
	{ POST, "/api/v1/work-payments/{id}/correct", work_payment_correct_api, PERM_PLAN_MANAGE, 4 * KB, 0, work_payment_scope },
	{ GET,  "/api/v1/problems/{id}",            problem_api,           PERM_PROBLEM_READ,    0, 0, problem_scope },
	{ POST, "/api/v1/problems/{id}/steps",      problem_step_api,      PERM_PROBLEM_ACT,  16 * KB, 0, problem_scope },
	{ POST, "/api/v1/problems/{id}/support",    problem_support_form,  PERM_PROBLEM_REPORT, 1 * KB, 0, problem_scope },

	/* volunteers reporting in (issue 9): cards, reporting in with a photo, staff's decisions, duty
	 * roles, the yearly hours target */
	{ GET,  "/volunteers",                      volunteers_page,       PERM_VOLUNTEER_READ,  0 },
	{ GET,  "/volunteers/join",                 volunteer_join_page,   PERM_VOLUNTEER_JOIN,  0 },
	{ POST, "/volunteers/join",                 volunteer_join_form,   PERM_VOLUNTEER_JOIN, 9 * MB, SLOW }, /* a photo */
	{ GET,  "/volunteers/target",               volunteer_target_page, PERM_VOLUNTEER_MANAGE, 0 },
	{ POST, "/volunteers/target",               volunteer_target_form, PERM_VOLUNTEER_MANAGE, 1 * KB },
	{ GET,  "/volunteers/photos/{id}",          volunteer_photo,       PERM_VOLUNTEER_READ,  0, SLOW, volunteer_scope },
	{ GET,  "/volunteers/{id}",                 volunteer_page,        PERM_VOLUNTEER_READ,  0, 0, volunteer_scope },
	{ POST, "/volunteers/{id}",                 volunteer_update_form, PERM_VOLUNTEER_MANAGE, 4 * KB, 0, volunteer_scope },
	{ POST, "/volunteers/{id}/confirm",         volunteer_confirm_form, PERM_VOLUNTEER_MANAGE, 4 * KB, 0, volunteer_scope },
	{ POST, "/volunteers/{id}/decline",         volunteer_decline_form, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, volunteer_scope },
	{ GET,  "/api/v1/communities/{cid}/volunteers", volunteers_api,    PERM_VOLUNTEER_READ,  0 },
	{ POST, "/api/v1/communities/{cid}/volunteers", volunteer_create_api, PERM_VOLUNTEER_JOIN, 16 * KB },
	{ GET,  "/api/v1/communities/{cid}/volunteer-roles", volunteer_roles_api, PERM_VOLUNTEER_READ, 0 },
	{ POST, "/api/v1/communities/{cid}/volunteer-roles", volunteer_role_create_api, PERM_VOLUNTEER_MANAGE, 1 * KB },
	{ PATCH, "/api/v1/communities/{cid}/volunteer-roles/{code}", volunteer_role_update_api, PERM_VOLUNTEER_MANAGE, 1 * KB },
	{ DELETE, "/api/v1/communities/{cid}/volunteer-roles/{code}", volunteer_role_delete_api, PERM_VOLUNTEER_MANAGE, 0 },
	{ GET,  "/api/v1/communities/{cid}/volunteer-target", volunteer_target_api, PERM_VOLUNTEER_MANAGE, 0 },
	{ POST, "/api/v1/communities/{cid}/volunteer-target", volunteer_target_set_api, PERM_VOLUNTEER_MANAGE, 1 * KB },
	{ GET,  "/api/v1/volunteers/{id}",          volunteer_api,         PERM_VOLUNTEER_READ,  0, 0, volunteer_scope },
	{ PATCH, "/api/v1/volunteers/{id}",         volunteer_update_api,  PERM_VOLUNTEER_MANAGE, 4 * KB, 0, volunteer_scope },
	{ POST, "/api/v1/volunteers/{id}/confirm",  volunteer_confirm_api, PERM_VOLUNTEER_MANAGE, 4 * KB, 0, volunteer_scope },
	{ POST, "/api/v1/volunteers/{id}/decline",  volunteer_decline_api, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, volunteer_scope },
	/* volunteer activities and duties (issue 9): sign-ups check a confirmed registration and the
	 * slot's duty role in the handler; literal paths before /activities/{id} */
	{ GET,  "/activities",                      activities_page,       PERM_VOLUNTEER_READ,  0 },
	{ GET,  "/activities/new",                  activity_new_page,     PERM_VOLUNTEER_MANAGE, 0 },
	{ POST, "/activities",                      activity_create_form,  PERM_VOLUNTEER_MANAGE, 16 * KB },
	{ GET,  "/activities/hours",                volunteer_hours_page,  PERM_VOLUNTEER_MANAGE, 0 },
	{ GET,  "/activities/hours.xlsx",           volunteer_hours_xlsx,  PERM_VOLUNTEER_MANAGE, 0, SLOW },
	{ GET,  "/activities/{id}",                 activity_page,         PERM_VOLUNTEER_READ,  0, 0, activity_scope },
	{ POST, "/activities/{id}/cancel",          activity_cancel_form,  PERM_VOLUNTEER_MANAGE, 1 * KB, 0, activity_scope },
	{ POST, "/activities/{id}/signups",         activity_signup_form,  PERM_ACTIVITY_SIGNUP, 1 * KB, 0, activity_scope },
	{ POST, "/activities/{id}/signups/mine/withdraw", activity_withdraw_form, PERM_ACTIVITY_SIGNUP, 1 * KB, 0, activity_scope },
	{ POST, "/activities/{id}/roster",          activity_roster_form,  PERM_VOLUNTEER_MANAGE, 1 * KB, 0, activity_scope },
	{ POST, "/activities/{id}/attendance",      activity_attendance_form, PERM_VOLUNTEER_MANAGE, 64 * KB, 0, activity_scope },
	{ GET,  "/volunteers/me/hours",             volunteer_my_hours_page, PERM_ACTIVITY_SIGNUP, 0 },
	{ GET,  "/api/v1/communities/{cid}/activities", activities_api,    PERM_VOLUNTEER_READ,  0 },
	{ POST, "/api/v1/communities/{cid}/activities", activity_create_api, PERM_VOLUNTEER_MANAGE, 16 * KB },
	{ GET,  "/api/v1/communities/{cid}/volunteer-hours", volunteer_hours_api, PERM_VOLUNTEER_MANAGE, 0 },
	{ GET,  "/api/v1/communities/{cid}/volunteer-hours/mine", volunteer_my_hours_api, PERM_ACTIVITY_SIGNUP, 0 },
	{ GET,  "/api/v1/activities/{id}",          activity_api,          PERM_VOLUNTEER_READ,  0, 0, activity_scope },
	{ POST, "/api/v1/activities/{id}/cancel",   activity_cancel_api,   PERM_VOLUNTEER_MANAGE, 1 * KB, 0, activity_scope },
	{ POST, "/api/v1/activities/{id}/signups",  activity_signup_api,   PERM_ACTIVITY_SIGNUP, 1 * KB, 0, activity_scope },
	{ DELETE, "/api/v1/activities/{id}/signups/mine", activity_withdraw_api, PERM_ACTIVITY_SIGNUP, 0, 0, activity_scope },
	{ POST, "/api/v1/activities/{id}/signups/mine/withdraw", activity_withdraw_api, PERM_ACTIVITY_SIGNUP, 1 * KB, 0, activity_scope },
	{ POST, "/api/v1/activities/{id}/roster",   activity_roster_api,   PERM_VOLUNTEER_MANAGE, 1 * KB, 0, activity_scope },
	{ POST, "/api/v1/activities/{id}/attendance", activity_attendance_api, PERM_VOLUNTEER_MANAGE, 64 * KB, 0, activity_scope },
	/* small wishes (微心愿) and stationed units (驻区单位), issue 9: who may adopt, confirm,
	 * withdraw, add or withdraw an offer is the handler's question (a confirmed volunteer, the
	 * poster, the unit's own account) */
	{ GET,  "/wishes",                          wishes_page,           PERM_VOLUNTEER_READ,  0 },
	{ POST, "/wishes",                          wish_create_form,      PERM_WISH_POST,   16 * KB },
	{ GET,  "/wishes/{id}",                     wish_page,             PERM_VOLUNTEER_READ,  0, 0, wish_scope },
	{ POST, "/wishes/{id}/adopt",               wish_adopt_form,       PERM_WISH_ADOPT,   1 * KB, 0, wish_scope },
	{ POST, "/wishes/{id}/fulfil",              wish_fulfil_form,      PERM_WISH_ADOPT,   1 * KB, 0, wish_scope },
	{ POST, "/wishes/{id}/confirm",             wish_confirm_form,     PERM_WISH_POST,    1 * KB, 0, wish_scope },
	{ POST, "/wishes/{id}/withdraw",            wish_withdraw_form,    PERM_WISH_POST,    1 * KB, 0, wish_scope },
	{ GET,  "/stationed",                       stationed_page,        PERM_VOLUNTEER_READ,  0 },
	{ POST, "/stationed",                       stationed_create_form, PERM_VOLUNTEER_JOIN, 16 * KB },
	{ GET,  "/stationed/{id}",                  stationed_unit_page,   PERM_VOLUNTEER_READ,  0, 0, stationed_scope },
	{ POST, "/stationed/{id}/confirm",          stationed_confirm_form, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, stationed_scope },
	{ POST, "/stationed/{id}/decline",          stationed_decline_form, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, stationed_scope },
	{ POST, "/stationed/{id}/offers",           stationed_offer_form,  PERM_VOLUNTEER_JOIN, 16 * KB, 0, stationed_scope },
	{ POST, "/stationed/offers/{id}/match",     offer_match_form,      PERM_VOLUNTEER_MANAGE, 1 * KB, 0, offer_scope },
	{ POST, "/stationed/offers/{id}/deliver",   offer_deliver_form,    PERM_VOLUNTEER_MANAGE, 16 * KB, 0, offer_scope },
	{ POST, "/stationed/offers/{id}/withdraw",  offer_withdraw_form,   PERM_VOLUNTEER_JOIN, 1 * KB, 0, offer_scope },
	{ GET,  "/api/v1/communities/{cid}/wishes", wishes_api,            PERM_VOLUNTEER_READ,  0 },
	{ POST, "/api/v1/communities/{cid}/wishes", wish_create_api,       PERM_WISH_POST,    8 * KB },
	{ GET,  "/api/v1/wishes/{id}",              wish_api,              PERM_VOLUNTEER_READ,  0, 0, wish_scope },
	{ POST, "/api/v1/wishes/{id}/adopt",        wish_adopt_api,        PERM_WISH_ADOPT,   1 * KB, 0, wish_scope },
	{ POST, "/api/v1/wishes/{id}/fulfil",       wish_fulfil_api,       PERM_WISH_ADOPT,   1 * KB, 0, wish_scope },
	{ POST, "/api/v1/wishes/{id}/confirm",      wish_confirm_api,      PERM_WISH_POST,    1 * KB, 0, wish_scope },
	{ POST, "/api/v1/wishes/{id}/withdraw",     wish_withdraw_api,     PERM_WISH_POST,    1 * KB, 0, wish_scope },
	{ GET,  "/api/v1/communities/{cid}/stationed-units", stationed_list_api, PERM_VOLUNTEER_READ, 0 },
	{ POST, "/api/v1/communities/{cid}/stationed-units", stationed_create_api, PERM_VOLUNTEER_JOIN, 16 * KB },
	{ GET,  "/api/v1/stationed-units/{id}",     stationed_api,         PERM_VOLUNTEER_READ,  0, 0, stationed_scope },
	{ POST, "/api/v1/stationed-units/{id}/confirm", stationed_confirm_api, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, stationed_scope },
	{ POST, "/api/v1/stationed-units/{id}/decline", stationed_decline_api, PERM_VOLUNTEER_MANAGE, 1 * KB, 0, stationed_scope },
	{ POST, "/api/v1/stationed-units/{id}/offers", stationed_offer_api, PERM_VOLUNTEER_JOIN, 8 * KB, 0, stationed_scope },
	{ POST, "/api/v1/offers/{id}/match",        offer_match_api,       PERM_VOLUNTEER_MANAGE, 1 * KB, 0, offer_scope },
	{ POST, "/api/v1/offers/{id}/deliver",      offer_deliver_api,     PERM_VOLUNTEER_MANAGE, 8 * KB, 0, offer_scope },
	{ POST, "/api/v1/offers/{id}/withdraw",     offer_withdraw_api,    PERM_VOLUNTEER_JOIN, 1 * KB, 0, offer_scope },

	/* issue 10: the owners' committee's books — the finance home */
	{ GET,  "/finance",                         finance_page,          PERM_FINANCE_READ,    0, SLOW },
	/* issue 10: books — expenses with vouchers and a second member's approval, other income, the
	 * opening balance, the finance settings, the disclosures. Who recorded an expense may not
	 * decide it (the handler's 409). A voucher is the committee's and staff's, and anyone's once
	 * its month is disclosed (the handler checks). {period} ending in ".xlsx" is the spreadsheet;
	 * the figures are a dozen sums over the journal: SLOW */
	{ GET,  "/finance/expenses",                expenses_page,         PERM_FINANCE_READ,    0 },
	{ POST, "/finance/expenses",                expense_create_form,   PERM_FINANCE_MANAGE, 9 * MB, SLOW }, /* a photo */
	{ GET,  "/finance/expenses/{id}",           expense_page,          PERM_FINANCE_READ,    0, 0, expense_scope },
	{ POST, "/finance/expenses/{id}/approve",   expense_approve_form,  PERM_FINANCE_MANAGE, 2 * KB, 0, expense_scope },
	{ POST, "/finance/expenses/{id}/reject",    expense_reject_form,   PERM_FINANCE_MANAGE, 2 * KB, 0, expense_scope },
	{ POST, "/finance/incomes",                 income_create_form,    PERM_FINANCE_MANAGE, 4 * KB },
	{ POST, "/finance/opening-balance",         opening_balance_form,  PERM_FINANCE_MANAGE, 1 * KB },
	{ GET,  "/expenses/{id}/voucher",           expense_voucher,       PERM_PUBLIC,          0, SLOW, expense_scope },
	{ GET,  "/disclosures",                     disclosures_page,      PERM_PUBLIC,          0 },
	{ GET,  "/disclosures/{cid}",               disclosures_page,      PERM_PUBLIC,          0 },
	{ POST, "/disclosures/{cid}",               disclosure_publish_form, PERM_FINANCE_MANAGE, 1 * KB },
	{ GET,  "/disclosures/{cid}/{period}",      disclosure_page,       PERM_PUBLIC,          0, SLOW },
	{ GET,  "/api/v1/communities/{cid}/expenses", expenses_api,        PERM_FINANCE_READ,    0 },
	{ POST, "/api/v1/communities/{cid}/expenses", expense_create_api,  PERM_FINANCE_MANAGE, 9 * MB, SLOW },
	{ GET,  "/api/v1/expenses/{id}",            expense_api,           PERM_FINANCE_READ,    0, 0, expense_scope },
	{ POST, "/api/v1/expenses/{id}/approve",    expense_approve_api,   PERM_FINANCE_MANAGE, 2 * KB, 0, expense_scope },
	{ POST, "/api/v1/expenses/{id}/reject",     expense_reject_api,    PERM_FINANCE_MANAGE, 2 * KB, 0, expense_scope },
	{ GET,  "/api/v1/communities/{cid}/incomes", incomes_api,          PERM_FINANCE_READ,    0 },
	{ POST, "/api/v1/communities/{cid}/incomes", income_create_api,    PERM_FINANCE_MANAGE, 4 * KB },
	{ POST, "/api/v1/communities/{cid}/opening-balance", opening_balance_api, PERM_FINANCE_MANAGE, 1 * KB },
	{ GET,  "/api/v1/communities/{cid}/finance-settings", finance_settings_api, PERM_FINANCE_READ, 0 },
	{ PATCH, "/api/v1/communities/{cid}/finance-settings", finance_settings_patch_api, PERM_FINANCE_MANAGE, 1 * KB },
	{ GET,  "/api/v1/communities/{cid}/disclosures", disclosures_api,  PERM_PUBLIC,          0 },
	{ POST, "/api/v1/communities/{cid}/disclosures", disclosure_publish_api, PERM_FINANCE_MANAGE, 1 * KB },
	{ GET,  "/api/v1/communities/{cid}/disclosures/{period}", disclosure_api, PERM_PUBLIC, 0, SLOW },
	/* issue 10: fees — schedules resting on a passed owners' decision, exemptions, billing runs
	 * (a run and its preview read and write a whole register: the worker pool) and bills (an
	 * owner reads the bills of their own units) */
	{ GET,  "/finance/fees",                    fees_page,             PERM_FINANCE_READ,    0 },
	{ POST, "/finance/fees",                    fee_schedule_form,     PERM_FINANCE_MANAGE, 8 * KB },
	{ POST, "/finance/exemptions",              fee_exemption_form,    PERM_FINANCE_MANAGE, 8 * KB },
	{ POST, "/finance/exemptions/{id}/end",     fee_exemption_end_form, PERM_FINANCE_MANAGE, 1 * KB, 0, fee_exemption_scope },
	{ GET,  "/finance/runs",                    runs_page,             PERM_FINANCE_READ,    0 },
	{ POST, "/finance/runs",                    run_create_form,       PERM_FINANCE_MANAGE, 1 * KB, SLOW },
	{ GET,  "/finance/runs/{id}",               run_page,              PERM_FINANCE_READ,    0, 0, billing_run_scope },
	{ GET,  "/api/v1/communities/{cid}/fee-schedules", fee_schedules_api, PERM_FINANCE_READ,  0 },
	{ POST, "/api/v1/communities/{cid}/fee-schedules", fee_schedule_create_api, PERM_FINANCE_MANAGE, 8 * KB },
	{ GET,  "/api/v1/fee-schedules/{id}",       fee_schedule_api,      PERM_FINANCE_READ,    0, 0, fee_schedule_scope },
	{ GET,  "/api/v1/communities/{cid}/fee-exemptions", fee_exemptions_api, PERM_FINANCE_READ, 0 },
	{ POST, "/api/v1/communities/{cid}/fee-exemptions", fee_exemption_create_api, PERM_FINANCE_MANAGE, 4 * KB },
	{ POST, "/api/v1/fee-exemptions/{id}/end",  fee_exemption_end_api, PERM_FINANCE_MANAGE, 1 * KB, 0, fee_exemption_scope },
	{ GET,  "/api/v1/communities/{cid}/billing-runs", billing_runs_api, PERM_FINANCE_READ,   0 },
	{ POST, "/api/v1/communities/{cid}/billing-runs", billing_run_create_api, PERM_FINANCE_MANAGE, 1 * KB, SLOW },
	{ GET,  "/api/v1/billing-runs/{id}",        billing_run_api,       PERM_FINANCE_READ,    0, 0, billing_run_scope },
	{ GET,  "/api/v1/bills/{id}",               bill_api,              PERM_BILL_READ,       0, 0, bill_scope },
	/* issue 10: payments — recorded and reversed by the committee; an owner reads the bills,
	 * payments and receipts of their own units (PERM_BILL_READ, scoped to the payment's unit) */
	{ GET,  "/bills",                           bills_page,            PERM_BILL_READ,       0, LIST },
	{ GET,  "/finance/payments",                payment_desk_page,     PERM_FINANCE_READ,    0 },
	{ POST, "/finance/payments",                payment_desk_form,     PERM_FINANCE_MANAGE, 4 * KB },
	{ GET,  "/finance/arrears",                 arrears_page,          PERM_FINANCE_READ,    0, SLOW },
	{ GET,  "/receipts/{id}",                   receipt_page,          PERM_BILL_READ,       0, 0, payment_scope },
	{ POST, "/receipts/{id}/reverse",           receipt_reverse_form,  PERM_FINANCE_MANAGE, 2 * KB, 0, payment_scope },
	{ GET,  "/api/v1/communities/{cid}/payments", payments_api,        PERM_FINANCE_READ,    0 },
	{ POST, "/api/v1/communities/{cid}/payments", payment_create_api,  PERM_FINANCE_MANAGE, 4 * KB },
	{ GET,  "/api/v1/communities/{cid}/arrears", arrears_api,          PERM_FINANCE_READ,    0, SLOW },
	{ GET,  "/api/v1/payments/{id}",            payment_api,           PERM_BILL_READ,       0, 0, payment_scope },
	{ POST, "/api/v1/payments/{id}/reverse",    payment_reverse_api,   PERM_FINANCE_MANAGE, 2 * KB, 0, payment_scope },
	{ GET,  "/api/v1/units/{id}/bills",         unit_bills_api,        PERM_BILL_READ,       0, 0, registry_unit_scope },

	/* issue 11: notices — the notice board (公示栏). Published notices are public; drafts and those
	 * not yet begun are the managers' (the handler answers 404 to others); the committee writes
	 * finance notices only and volunteers record deliveries only on publicist duty (the handlers
	 * check both). Literal paths before /notices/{id}. */
	{ GET,  "/notices",                         notices_page,          PERM_PUBLIC,          0 },
	{ GET,  "/notices/new",                     notice_new_page,       PERM_NOTICE_MANAGE,   0 },
	{ POST, "/notices",                         notice_create_form,    PERM_NOTICE_MANAGE, 96 * KB }, /* 20000 characters, percent-encoded */
	{ GET,  "/notices/attachments/{id}",        notice_attachment_file, PERM_PUBLIC,         0, SLOW, notice_attachment_scope },
	{ GET,  "/notices/{id}",                    notice_page,           PERM_PUBLIC,          0, 0, notice_scope },
	{ GET,  "/notices/{id}/print",              notice_print_page,     PERM_PUBLIC,          0, 0, notice_scope },
	{ GET,  "/notices/{id}/edit",               notice_edit_page,      PERM_NOTICE_MANAGE,   0, 0, notice_scope },
	{ POST, "/notices/{id}/edit",               notice_edit_form,      PERM_NOTICE_MANAGE, 96 * KB, 0, notice_scope },
	{ POST, "/notices/{id}/publish",            notice_publish_form,   PERM_NOTICE_MANAGE, 1 * KB, 0, notice_scope },
	{ POST, "/notices/{id}/withdraw",           notice_withdraw_form,  PERM_NOTICE_MANAGE, 4 * KB, 0, notice_scope },
	{ POST, "/notices/{id}/deliveries",         notice_deliver_form,   PERM_NOTICE_DELIVER, 2 * KB, 0, notice_scope },
	{ GET,  "/api/v1/communities/{cid}/notices", notices_api,          PERM_PUBLIC,          0 },
	{ POST, "/api/v1/communities/{cid}/notices", notice_create_api,    PERM_NOTICE_MANAGE, 96 * KB },
	{ GET,  "/api/v1/notices/{id}",             notice_api,            PERM_PUBLIC,          0, 0, notice_scope },
	{ PATCH, "/api/v1/notices/{id}",            notice_update_api,     PERM_NOTICE_MANAGE, 96 * KB, 0, notice_scope },
	{ POST, "/api/v1/notices/{id}/publish",     notice_publish_api,    PERM_NOTICE_MANAGE, 1 * KB, 0, notice_scope },
	{ POST, "/api/v1/notices/{id}/withdraw",    notice_withdraw_api,   PERM_NOTICE_MANAGE, 4 * KB, 0, notice_scope },
	{ POST, "/api/v1/notices/{id}/deliveries",  notice_deliver_api,    PERM_NOTICE_DELIVER, 2 * KB, 0, notice_scope },
	{ POST, "/api/v1/notices/{id}/attachments", notice_attach_api,     PERM_NOTICE_MANAGE, 40 * MB, SLOW, notice_scope }, /* 4 photos or PDFs of 8 MB */

	/* issue 11: dashboard — counts, sums, medians and rates, public; staff see one more table. A
	 * dozen grouped queries (twelve months of collection, the median): SLOW, off the event loop */
	{ GET,  "/menu",                            menu_page,             PERM_PUBLIC,          0 }, /* 全部栏目 */
	{ GET,  "/dashboard",                       dashboard_page,        PERM_PUBLIC,          0, SLOW },
	{ GET,  "/dashboard/{cid}",                 dashboard_page,        PERM_PUBLIC,          0, SLOW },
	{ GET,  "/api/v1/communities/{cid}/dashboard", dashboard_api,      PERM_PUBLIC,          0, SLOW },

	/* Open311 GeoReport v2: {file} is "services.xml", "requests.json" …; the api_key in a POST
	 * is its authority, never a session (KEYED) */
	{ GET,  "/open311/v2/{file}",               open311_get,           PERM_PUBLIC,          0, KEYED },
	{ POST, "/open311/v2/{file}",               open311_post,          PERM_PUBLIC,      64 * KB, KEYED },
	{ GET,  "/open311/v2/services/{file}",      open311_service_get,   PERM_PUBLIC,          0, KEYED },
	{ GET,  "/open311/v2/requests/{file}",      open311_request_get,   PERM_PUBLIC,          0, KEYED },
	{ GET,  "/open311/v2/tokens/{file}",        open311_token_get,     PERM_PUBLIC,          0, KEYED },
};

static const struct nav_item nav[] = {
	/* label            href                   permission           anonymous only, per community, primary
	 * (primary: kept in the header on a phone — what a resident and staff use most; the rest are
	 * on /menu, 全部栏目) */
	{ MSG_NAV_HOME,     "/",                   PERM_PUBLIC,           false, false, true },
	{ MSG_NAV_ACCOUNT,  "/account",            PERM_SIGNED_IN,        false, false, false },
	{ MSG_NAV_DISTRICT, "/district",           PERM_DISTRICT_READ,    false, false, true },
	{ MSG_NAV_PROBLEMS, "/problems",           PERM_PROBLEM_READ,     false, true, true },
	{ MSG_NAV_DECISIONS, "/decisions",         PERM_DECISION_READ,    false, true, true },
	{ MSG_NAV_PLANS,     "/plans",             PERM_PLAN_READ,        false, true, false },
	{ MSG_VO_NAV,       "/volunteers",         PERM_VOLUNTEER_READ,   false, true, false },
	{ MSG_WK_NAV,       "/progress",           PERM_PUBLIC,           false, true, false },
	{ MSG_AC_NAV,       "/activities",         PERM_VOLUNTEER_READ,   false, true, false },
	{ MSG_WI_NAV,       "/wishes",             PERM_VOLUNTEER_READ,   false, true, false },
	{ MSG_SU_NAV,       "/stationed",          PERM_VOLUNTEER_READ,   false, true, false },
	{ MSG_FI_NAV,       "/finance",            PERM_FINANCE_READ,     false, true, true },
	{ MSG_DI_NAV,       "/disclosures",        PERM_PUBLIC,           false, true, false },
	/* issue 10: payments */
	{ MSG_PA_NAV_BILLS, "/bills",              PERM_BILL_READ,        false, true, true },
	{ MSG_NT_NAV,       "/notices",            PERM_PUBLIC,           false, true, true }, /* issue 11: notices */
	{ MSG_DB_NAV,       "/dashboard",          PERM_PUBLIC,           false, true, false }, /* issue 11: dashboard */
	{ MSG_NAV_REGISTRY, "/registry",           PERM_REGISTRY_READ,    false, true, true },
	{ MSG_NAV_AUDIT,    "/audit",              PERM_AUDIT_READ,       false, true, false },
	{ MSG_NAV_USERS,    "/admin/users",        PERM_USERS_ADMIN,      false, false, false },
	{ MSG_NAV_COMMUNITIES, "/admin/communities", PERM_COMMUNITY_CREATE, false, false, false },
	{ MSG_NAV_LOGIN,    "/login",              PERM_PUBLIC,           true, false, true },
};

void
routes_install(void)
{
	router_set(routes, sizeof routes / sizeof routes[0]);
	layout_set_nav(nav, sizeof nav / sizeof nav[0]);
}
