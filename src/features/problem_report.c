/* problem_report.c: reporting a problem — the form (phone-sized, photos optional), the same in
 * JSON, and the photos' rows for reports and departments' answers. A head or staff member
 * may report for a neighbour without a phone; the record keeps the channel and who entered it. */
#include "problems.h"
#include "problem_common.h"
#include "uploads.h"
#include "../core/arena.h"
#include "../core/image.h"
#include "../core/registry.h"
#include "../store/db.h"
#include "../store/files.h"
#include "../store/problems.h"
#include "../store/registry.h"
#include "../web/fields.h"
#include "../web/layout.h"
#include "../web/req.h"


#include <jansson.h>
#include <string.h>

#define DESCRIPTION_MAX 2000

/* Heads and staff enter reports for others; residents report their own. */
static bool
enters_for_others(struct req *rq)
{
	return req_may(rq, PERM_PROBLEM_LIST);
}

enum yl_err
problem_photos_save(struct req *rq, int64_t problem_id, int64_t event_id, const struct image_upload *up)
{
	for (size_t i = 0; i < up->n; i++) {
		enum image_kind k = (enum image_kind)up->v[i].kind;
		enum yl_err rc = store_problem_photo_add(rq->db, rq->community_id, problem_id, event_id, up->v[i].name, image_mime(k),
			                             (int64_t)up->v[i].len, up->v[i].width, up->v[i].height, rq->actor.id,
			                             db_now(), NULL);
		if (rc != YL_OK)
			return rc;
	}
	return YL_OK;
}

/* What was typed, to show the form again with it. */
struct report_values {
	const char *category, *description, *building, *stairwell, *place, *reporter_name, *channel;
	bool urgent;
};

static int
report_page(struct req *rq, const struct report_values *v, const char *error)
{
	struct category *cats;
	size_t nc;
	struct building *bs;
	size_t nb;
	enum yl_err rc = store_categories(rq->db, rq->a, rq->community_id, &cats, &nc);
	if (rc == YL_OK)
		rc = store_buildings(rq->db, rq->a, rq->community_id, &bs, &nb);
	if (rc != YL_OK)
		return req_error(rq, rc);
	struct html h;
	page_begin(rq, &h, T(rq, PB_REPORT));
	if (error)
		page_notice(&h, error, true);
	html_lit(&h, "<p class=\"lead\">");
	html_text(&h, T(rq, PB_REPORT_HINT));
	html_lit(&h, "</p>");
	form_begin_multipart(rq, &h, "/problems");
	form_select_open(&h, "category", T(rq, PB_CATEGORY));
	form_option(&h, "", "—", v->category == NULL || *v->category == '\0');
	for (size_t i = 0; i < nc; i++)
		form_option(&h, cats[i].code, problem_category_text(rq, cats[i].name, cats[i].name_en),
		            v->category && strcmp(v->category, cats[i].code) == 0);
	html_lit(&h, "</select></p>");
	form_textarea(&h, "description", T(rq, PB_DESCRIPTION), v->description, 5, DESCRIPTION_MAX, true);
	form_select_open(&h, "building", T(rq, PB_BUILDING));
	form_option(&h, "", "—", v->building == NULL || *v->building == '\0');
	for (size_t i = 0; i < nb; i++)
		form_option(&h, bs[i].name, bs[i].name, v->building && strcmp(v->building, bs[i].name) == 0);
	html_lit(&h, "</select></p>");
	form_input(&h, "stairwell", T(rq, PB_STAIRWELL), "text", v->stairwell, false, "off");
	form_input(&h, "place", T(rq, PB_PLACE), "text", v->place, false, "off");
	html_lit(&h, "<p class=\"field check\"><label><input type=\"checkbox\" name=\"urgent\" value=\"1\"");
	if (v->urgent)
		html_lit(&h, " checked");
	html_lit(&h, "> ");
	html_text(&h, T(rq, PB_URGENT));
	html_lit(&h, "</label></p><p class=\"field\"><label for=\"f-photo\">");
	html_text(&h, T(rq, PB_PHOTOS));
	html_lit(&h, "</label><input id=\"f-photo\" type=\"file\" name=\"photo\" accept=\"image/jpeg,image/png\" "
	             "multiple></p>");
	if (enters_for_others(rq)) {
		form_input(&h, "reporter_name", T(rq, PB_FOR_WHOM), "text", v->reporter_name, false, "off");
		form_select_open(&h, "channel", T(rq, PB_CHANNEL));
		form_option(&h, "web", T(rq, PB_CH_WEB), v->channel == NULL || strcmp(v->channel, "web") == 0);
		form_option(&h, "paper", T(rq, PB_CH_PAPER), v->channel && strcmp(v->channel, "paper") == 0);
		form_option(&h, "proxy", T(rq, PB_CH_PROXY), v->channel && strcmp(v->channel, "proxy") == 0);
		html_lit(&h, "</select></p>");
	}
	form_submit(&h, T(rq, PB_SUBMIT));
	html_lit(&h, "</form>");
	return page_end(rq, &h);
}

int
problem_new_page(struct req *rq)
{
	struct report_values v = {0};
	return report_page(rq, &v, NULL);
}

/* Checks a report's values and fills p. 0, or -1 with the field's error set. */
static int
check_report(struct req *rq, const struct report_values *v, struct problem_new *p)
{
	memset(p, 0, sizeof *p);
	struct category cat;
	if (v->category == NULL || *v->category == '\0' ||
	    store_category_by_code(rq->db, rq->a, rq->community_id, v->category, &cat) != YL_OK)
		return req_invalid(rq, "category", T(rq, PB_NO_CATEGORY));
	p->category_id = cat.id;
	if (field_text(rq, "description", v->description, MSG_PB_DESCRIPTION, DESCRIPTION_MAX, true, &p->description) < 0)
		return -1;
	if (field_text(rq, "place", v->place, MSG_PB_PLACE, 100, false, &p->place) < 0)
		return -1;
	if (v->building && *v->building) {
		char name[REG_NAME_MAX];
		if (!registry_building(v->building, name) ||
		    store_building_find(rq->db, rq->community_id, name, &p->building_id) != YL_OK)
			return req_invalid(rq, "building", T(rq, PB_BAD_BUILDING));
		if (v->stairwell && *v->stairwell) {
			char sw[REG_NAME_MAX];
			if (!registry_stairwell(v->stairwell, sw) ||
			    store_stairwell_find(rq->db, rq->community_id, p->building_id, sw, &p->stairwell_id) != YL_OK)
				return req_invalid(rq, "stairwell", T(rq, PB_BAD_STAIRWELL));
		}
	} else if (v->stairwell && *v->stairwell) {
		return req_invalid(rq, "building", T(rq, PB_BAD_BUILDING));
	}
	if (p->building_id == 0 && *p->place == '\0')
		return req_invalid(rq, "place", T(rq, PB_NEED_PLACE));
	p->urgent = v->urgent;
	p->channel = CHANNEL_WEB;
	p->actor_id = rq->actor.id;
	p->actor_name = rq->actor.display_name && *rq->actor.display_name ? rq->actor.display_name : rq->actor.name;
	p->reporter_id = rq->actor.id;
	p->reporter_name = "";
	p->reporter_contact = "";
	p->now = db_now();
	const char *for_whom;
	if (field_text(rq, "reporter_name", v->reporter_name, MSG_PB_FOR_WHOM, 64, false, &for_whom) < 0)
		return -1;
	int ch = v->channel && *v->channel ? problem_channel_from_name(v->channel) : CHANNEL_WEB;
	if (ch < 0 || ch == CHANNEL_OPEN311)
		return req_invalid(rq, "channel", T(rq, PB_BAD_CHANNEL));
	if (*for_whom || ch != CHANNEL_WEB) {
		/* entered for someone else: only heads and staff, and the record names both */
		if (!enters_for_others(rq))
			return req_errorf(rq, ERR_FORBIDDEN, "not_allowed", "reporter_name", T(rq, PB_REF_NOT_YOUR_ROLE));
		if (*for_whom == '\0')
			return req_invalid(rq, "reporter_name", T(rq, PB_NEED_FOR_WHOM));
		if (ch == CHANNEL_WEB)
			return req_invalid(rq, "channel", T(rq, PB_REF_ON_BEHALF_ONLY));
		p->channel = (enum problem_channel)ch;
		p->reporter_id = 0;
		p->reporter_name = for_whom;
	}
	return 0;
}

static enum yl_err
save(struct req *rq, const struct problem_new *p, const struct image_upload *up, int64_t *id)
{
	int64_t ev;
	enum yl_err rc = store_begin_community(rq->db, rq->community_id);
	if (rc != YL_OK)
		return rc;
	rc = store_problem_create(rq->db, rq->community_id, p, id, &ev);
	if (rc == YL_OK && up)
		rc = problem_photos_save(rq, *id, ev, up);
	if (rc == YL_OK)
		rc = req_audit(rq, rq->community_id, "problem.report", "problem", *id,
		               json_pack("{s:I, s:s, s:I}", "category_id", (json_int_t)p->category_id, "channel",
		                         problem_channel_names[p->channel], "photos", (json_int_t)(up ? up->n : 0)));
	return store_end(rq->db, rc);
}

int
problem_report_form(struct req *rq)
{
	struct report_values v = {
		.category = req_form(rq, "category"),
		.description = req_form(rq, "description"),
		.building = req_form(rq, "building"),
		.stairwell = req_form(rq, "stairwell"),
		.place = req_form(rq, "place"),
		.reporter_name = req_form(rq, "reporter_name"),
		.channel = req_form(rq, "channel"),
		.urgent = req_form(rq, "urgent") != NULL,
	};
	struct problem_new p;
	struct image_upload up = {0};
	if (check_report(rq, &v, &p) < 0 || upload_images(rq, "photo", PROBLEM_MAX_PHOTOS, &up) < 0) {
		rq->status = rq->err == ERR_FORBIDDEN ? 403 : rq->err == ERR_TOOLARGE ? 413 : 422;
		return report_page(rq, &v, rq->err_message);
	}
	int64_t id;
	enum yl_err rc = save(rq, &p, &up, &id);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_redirect(rq, arena_printf(rq->a, "/problems/%lld?done=report", (long long)id));
}

int
problem_report_api(struct req *rq)
{
	json_t *j = req_json_body(rq);
	if (j == NULL)
		return req_fail(rq);
#define S(name) json_string_value(json_object_get(j, name))
	struct report_values v = {
		.category = S("category"),
		.description = S("description"),
		.building = S("building"),
		.stairwell = S("stairwell"),
		.place = S("place"),
		.reporter_name = S("reporter_name"),
		.channel = S("channel"),
		.urgent = json_is_true(json_object_get(j, "urgent")),
	};
#undef S
	struct problem_new p;
	int bad = check_report(rq, &v, &p);
	int64_t id = 0;
	enum yl_err rc = bad < 0 ? rq->err : save(rq, &p, NULL, &id);
	json_decref(j);
	if (bad < 0)
		return req_fail(rq);
	if (rc != YL_OK)
		return req_error(rq, rc);
	return req_created(rq, id);
}
