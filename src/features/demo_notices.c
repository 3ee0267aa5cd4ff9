/* demo_notices.c: the demo compound's notice board (issue 11) — a current 停水通知 for the whole
 * compound with a Markdown list, a current notice for 1栋 only, one whose publicity has ended and
 * one draft, written by staff through the store functions the notice routes use, each step with
 * its audit row as the routes write it. Dates follow the clock (YUANLI_NOW pins them). */
#include "demo.h"
#include "../core/notice.h"
#include "../store/audit.h"
#include "../store/db.h"
#include "../store/notices.h"
#include "../store/registry.h"

#include <jansson.h>

#define DAY INT64_C(86400)

static const char water_off[] =
	"因二次供水水箱清洗消毒，小区将**暂停供水**，请各位居民提前储水。\n"
	"\n"
	"- 停水时间：本周六上午8:00至下午6:00\n"
	"- 停水范围：1栋至49栋全部住户\n"
	"- 恢复供水后请先放水几分钟，待水清后再使用\n"
	"\n"
	"行动不便的老人如需帮忙提水，请联系本楼楼长或社区工作人员，电话0731-85550101。";

static const char lift_meeting[] =
	"1栋加装电梯方案已由设计单位完成，定于本周日上午9:30在1栋北侧空坪召开意见征询会。\n"
	"\n"
	"- 请每户派一名业主参加\n"
	"- 会上介绍费用分摊办法，一楼不分摊\n"
	"- 不能到场的可以把意见交给楼长";

static const char bins_ended[] =
	"为配合垃圾分类，小区垃圾清运时间调整为每天早上7:00和晚上7:00两次，请在清运前投放。";

static const char draft_body[] =
	"小区消防通道将重新划线，划线期间请勿在通道内停放车辆。具体时间待施工单位确定后另行通知。";

/* One notice: created, then published at `at` unless it stays a draft; the routes' audit rows. */
static enum yl_err
notice(struct db *db, int64_t cid, const struct audit_actor *staff, const struct notice_new *n, bool publish,
       int64_t at)
{
	int64_t id = 0;
	enum yl_err rc = store_notice_create(db, cid, n, &id);
	if (rc == YL_OK) {
		json_t *j = json_pack("{s:s, s:s, s:I, s:I, s:I}", "title", n->title, "kind", notice_kind_names[n->kind],
		                      "starts_at", (json_int_t)n->starts_at, "ends_at", (json_int_t)n->ends_at, "audience",
		                      (json_int_t)n->naudience);
		rc = store_audit_append(db, cid, staff, "notice.create", "notice", id, j);
		json_decref(j);
	}
	if (rc == YL_OK && publish)
		rc = store_notice_publish(db, cid, id, staff->id, at);
	if (rc == YL_OK && publish) {
		json_t *j = json_pack("{s:s, s:s}", "title", n->title, "kind", notice_kind_names[n->kind]);
		rc = store_audit_append(db, cid, staff, "notice.publish", "notice", id, j);
		json_decref(j);
	}
	return rc;
}

enum yl_err
demo_notices(struct db *db, int64_t cid, int64_t staff_id)
{
	int64_t now = db_now(), one = 0;
	const struct audit_actor staff = {staff_id, "staff"};
	enum yl_err rc = store_building_find(db, cid, "1栋", &one);
	struct notice_place building1 = {.building_id = one};
	struct notice_new ended = {.title = "垃圾清运时间调整", .body = bins_ended, .kind = NK_ANNOUNCEMENT,
	                           .starts_at = now - 40 * DAY, .ends_at = now - 33 * DAY, .created_by = staff_id,
	                           .now = now - 41 * DAY};
	if (rc == YL_OK)
		rc = notice(db, cid, &staff, &ended, true, now - 41 * DAY);
	struct notice_new water = {.title = "停水通知", .body = water_off, .kind = NK_ANNOUNCEMENT,
	                           .starts_at = now - DAY, .ends_at = now + 4 * DAY, .created_by = staff_id,
	                           .now = now - DAY};
	if (rc == YL_OK)
		rc = notice(db, cid, &staff, &water, true, now - DAY);
	struct notice_new lift = {.title = "1栋加装电梯意见征询会", .body = lift_meeting, .kind = NK_ANNOUNCEMENT,
	                          .starts_at = now - 2 * 3600, .ends_at = now + 5 * DAY, .audience = &building1,
	                          .naudience = 1, .created_by = staff_id, .now = now - 2 * 3600};
	if (rc == YL_OK)
		rc = notice(db, cid, &staff, &lift, true, now - 2 * 3600);
	struct notice_new draft = {.title = "消防通道重新划线", .body = draft_body, .kind = NK_ANNOUNCEMENT,
	                           .created_by = staff_id, .now = now};
	if (rc == YL_OK)
		rc = notice(db, cid, &staff, &draft, false, now);
	return rc;
}
