/* test_markdown.c: what a secretary types becomes the page she expects, and nothing she (or anyone
 * whose words she pastes) types becomes markup the page did not mean to have. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "web/html.h"
#include "web/markdown.h"

static int
arena_setup(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static int
arena_teardown(void **state)
{
	arena_free(*state);
	return 0;
}

static size_t count(const char *s, const char *needle);
static char *repeat(void **state, const char *p, size_t n, size_t *len);

static const char *
render(void **state, const char *s, size_t n)
{
	struct html h;
	buf_init(&h.b, *state, 64);
	markdown_html(&h, s, n);
	return h.b.p;
}

#define MD(s) render(state, (s), strlen(s))

static void
paragraphs_split_at_blank_lines_and_a_single_newline_is_a_line_break(void **state)
{
	assert_string_equal(MD("第一段\n\n第二段"), "<p>第一段</p><p>第二段</p>");
	assert_string_equal(MD("业主大会\n定于周六召开"), "<p>业主大会<br>定于周六召开</p>");
	assert_string_equal(MD("  前后的空格  \n\n\n   不算  "), "<p>前后的空格</p><p>不算</p>");
	assert_string_equal(MD("windows\r\nline\r\n\r\nends"), "<p>windows<br>line</p><p>ends</p>");
	assert_string_equal(MD(""), "");
	assert_string_equal(MD("\n \n\t\n"), "");
}

static void
one_to_three_hashes_are_headings_below_the_page_title(void **state)
{
	assert_string_equal(MD("# 决议\n## 事项\n### 附件"), "<h2>决议</h2><h3>事项</h3><h4>附件</h4>");
	assert_string_equal(MD("# 标题 ##"), "<h2>标题</h2>");
	assert_string_equal(MD("## C#"), "<h3>C#</h3>");
	assert_string_equal(MD("正文\n# 标题\n正文"), "<p>正文</p><h2>标题</h2><p>正文</p>");
}

static void
hashes_without_a_space_stay_text_and_deeper_levels_are_h4(void **state)
{
	assert_string_equal(MD("#3号楼漏水"), "<p>#3号楼漏水</p>");
	/* CommonMark: up to six '#'s make a heading; the page has room for three levels */
	assert_string_equal(MD("#### 四级\n###### 六级"), "<h4>四级</h4><h4>六级</h4>");
	assert_string_equal(MD("####### 七个"), "<p>####### 七个</p>");
}

static void
bullets_make_a_list_and_a_change_of_bullet_starts_another(void **state)
{
	assert_string_equal(MD("- 电梯\n- 门禁\n- 监控"), "<ul><li>电梯</li><li>门禁</li><li>监控</li></ul>");
	/* CommonMark: a different bullet character is a new list */
	assert_string_equal(MD("- 电梯\n* 门禁\n+ 监控"), "<ul><li>电梯</li></ul><ul><li>门禁</li></ul><ul><li>监控</li></ul>");
	assert_string_equal(MD("说明：\n- 甲\n- 乙\n\n结束"), "<p>说明：</p><ul><li>甲</li><li>乙</li></ul><p>结束</p>");
	/* a marker needs a space after it; a lone "-" under a line underlines it (a setext heading) */
	assert_string_equal(MD("-无空格"), "<p>-无空格</p>");
	assert_string_equal(MD("-无空格\n- "), "<h3>-无空格</h3>");
}

static void
numbered_items_take_a_dot_or_a_paren(void **state)
{
	assert_string_equal(MD("1. 甲\n2. 乙"), "<ol><li>甲</li><li>乙</li></ol>");
	assert_string_equal(MD("1) 甲\n2) 乙"), "<ol><li>甲</li><li>乙</li></ol>");
	assert_string_equal(MD("3. 接上文"), "<ol start=\"3\"><li>接上文</li></ol>");
	/* the Chinese enumeration comma is not a CommonMark marker: the lines stay a paragraph */
	assert_string_equal(MD("1、维修外墙\n2、更换电梯"), "<p>1、维修外墙<br>2、更换电梯</p>");
	/* a decimal is not a marker, nor are ten digits */
	assert_string_equal(MD("3.5元/平方米"), "<p>3.5元/平方米</p>");
	assert_string_equal(MD("1234567890. x"), "<p>1234567890. x</p>");
}

static void
a_numbered_item_after_bullets_starts_a_new_list(void **state)
{
	assert_string_equal(MD("- 甲\n1. 乙"), "<ul><li>甲</li></ul><ol><li>乙</li></ol>");
}

static void
indented_lines_belong_to_the_item_above(void **state)
{
	assert_string_equal(MD("- 甲\n  - 甲一\n  - 甲二\n- 乙"),
	                    "<ul><li>甲<ul><li>甲一</li><li>甲二</li></ul></li><li>乙</li></ul>");
	assert_string_equal(MD("1. 公共部位\n   - 楼道\n   - 屋面\n2. 设备"),
	                    "<ol><li>公共部位<ul><li>楼道</li><li>屋面</li></ul></li><li>设备</li></ol>");
	/* the same indentation for every item is not nesting */
	assert_string_equal(MD("  - 甲\n  - 乙"), "<ul><li>甲</li><li>乙</li></ul>");
}

static void
a_list_with_a_blank_line_in_it_gets_paragraphs(void **state)
{
	assert_string_equal(MD("- 甲\n- 乙"), "<ul><li>甲</li><li>乙</li></ul>");
	/* CommonMark: a blank line inside an item or between items makes the whole list loose */
	assert_string_equal(MD("- 甲\n\n  补充\n- 乙"), "<ul><li><p>甲</p><p>补充</p></li><li><p>乙</p></li></ul>");
	assert_string_equal(MD("- 甲\n\n- 乙"), "<ul><li><p>甲</p></li><li><p>乙</p></li></ul>");
}

static void
a_plain_line_right_after_an_item_continues_it(void **state)
{
	assert_string_equal(MD("1. 第一条很长，\n换行接着写。\n2. 第二条"),
	                    "<ol><li>第一条很长，<br>换行接着写。</li><li>第二条</li></ol>");
	/* after a blank line it is a new paragraph */
	assert_string_equal(MD("- 甲\n\n正文"), "<ul><li>甲</li></ul><p>正文</p>");
}

static void
quotes_nest_and_carry_blocks(void **state)
{
	assert_string_equal(MD("> 引用\n> 第二行"), "<blockquote><p>引用<br>第二行</p></blockquote>");
	assert_string_equal(MD(">外\n>> 内"), "<blockquote><p>外</p><blockquote><p>内</p></blockquote></blockquote>");
	assert_string_equal(MD("> # 题\n> - 项"), "<blockquote><h2>题</h2><ul><li>项</li></ul></blockquote>");
	assert_string_equal(MD("> 引用\n接着\n\n正文"), "<blockquote><p>引用<br>接着</p></blockquote><p>正文</p>");
	assert_string_equal(MD("> 甲\n\n> 乙"), "<blockquote><p>甲</p></blockquote><blockquote><p>乙</p></blockquote>");
}

static void
three_dashes_stars_or_underscores_are_a_rule(void **state)
{
	assert_string_equal(MD("上\n\n---\n下"), "<p>上</p><hr><p>下</p>");
	/* CommonMark: "---" right under a paragraph underlines it (a setext heading, ## → h3) */
	assert_string_equal(MD("上\n---\n下"), "<h3>上</h3><p>下</p>");
	assert_string_equal(MD("上\n==="), "<h2>上</h2>");
	assert_string_equal(MD("***\n* * *\n___"), "<hr><hr><hr>");
	assert_string_equal(MD("--"), "<p>--</p>");
}

static void
stars_make_bold_and_italic_and_backticks_make_code(void **state)
{
	assert_string_equal(MD("**加粗** *斜体* ***都有***"),
	                    "<p><strong>加粗</strong> <em>斜体</em> <em><strong>都有</strong></em></p>");
	assert_string_equal(MD("**外 *内* 外**"), "<p><strong>外 <em>内</em> 外</strong></p>");
	assert_string_equal(MD("用 `yuanli serve` 启动"), "<p>用 <code>yuanli serve</code> 启动</p>");
	assert_string_equal(MD("``含`反引号``"), "<p><code>含`反引号</code></p>");
	assert_string_equal(MD("`**不加粗** <b>`"), "<p><code>**不加粗** &lt;b&gt;</code></p>");
	assert_string_equal(MD("**跨\n行**"), "<p><strong>跨<br>行</strong></p>");
}

static void
full_width_punctuation_does_not_confuse_emphasis(void **state)
{
	assert_string_equal(MD("**注意**：周六停水"), "<p><strong>注意</strong>：周六停水</p>");
	/* CommonMark's flanking rule: a closer after punctuation needs a space or punctuation after
	 * it, so "**注意：**周六" stays text (a known CJK limitation; write "**注意**：" instead) */
	assert_string_equal(MD("**注意：**周六停水"), "<p>**注意：**周六停水</p>");
	assert_string_equal(MD("**注意：** 周六停水"), "<p><strong>注意：</strong> 周六停水</p>");
	assert_string_equal(MD("请（*务必*）到场。"), "<p>请（<em>务必</em>）到场。</p>");
	assert_string_equal(MD("“**同意**”票"), "<p>“<strong>同意</strong>”票</p>");
	/* the ideographic space is a space */
	assert_string_equal(MD("甲\xE3\x80\x80*\xE3\x80\x80乙"), "<p>甲\xE3\x80\x80*\xE3\x80\x80乙</p>");
}

static void
stars_between_spaces_or_unpaired_stay_text(void **state)
{
	assert_string_equal(MD("5 * 3 = 15"), "<p>5 * 3 = 15</p>");
	assert_string_equal(MD("**没有收尾"), "<p>**没有收尾</p>");
	/* CommonMark pairs what it can of unequal runs */
	assert_string_equal(MD("**粗*"), "<p>*<em>粗</em></p>");
	assert_string_equal(MD("snake_case_name"), "<p>snake_case_name</p>");
	assert_string_equal(MD("_斜体_"), "<p><em>斜体</em></p>");
}

static void
links_go_through_the_url_escaper(void **state)
{
	assert_string_equal(MD("见[公告](https://example.cn/n?a=1&b=2)。"),
	                    "<p>见<a href=\"https://example.cn/n?a=1&amp;b=2\">公告</a>。</p>");
	assert_string_equal(MD("[**附件**](/files/3)"), "<p><a href=\"/files/3\"><strong>附件</strong></a></p>");
	assert_string_equal(MD("[](/x)"), "<p><a href=\"/x\">/x</a></p>");
	assert_string_equal(MD("[中文地址](/公告)"), "<p><a href=\"/%E5%85%AC%E5%91%8A\">中文地址</a></p>");
	/* a url keeps the ')' that close its own '(' */
	assert_string_equal(MD("[维基](https://zh.wikipedia.org/wiki/B_(C))。"),
	                    "<p><a href=\"https://zh.wikipedia.org/wiki/B_(C)\">维基</a>。</p>");
	assert_string_equal(MD("[甲](/a))"), "<p><a href=\"/a\">甲</a>)</p>");
	assert_string_equal(MD("[甲](/f(a)(b))"), "<p><a href=\"/f(a)(b)\">甲</a></p>");
	/* a space in the url: text; an empty url is this page; the text may span lines */
	assert_string_equal(MD("[甲](a b)"), "<p>[甲](a b)</p>");
	assert_string_equal(MD("[甲]()"), "<p><a href=\"\">甲</a></p>");
	assert_string_equal(MD("[甲\n乙](/x)"), "<p><a href=\"/x\">甲<br>乙</a></p>");
	assert_string_equal(MD("<https://a.cn/x>"), "<p><a href=\"https://a.cn/x\">https://a.cn/x</a></p>");
	/* no link inside a link */
	assert_string_equal(MD("[https://a.cn](/x)"), "<p><a href=\"/x\">https://a.cn</a></p>");
}

static void
images_are_shown_as_links(void **state)
{
	assert_string_equal(MD("![平面图](https://example.cn/plan.png)"),
	                    "<p><a href=\"https://example.cn/plan.png\">平面图</a></p>");
	assert_string_equal(MD("![](/p.png)"), "<p><a href=\"/p.png\">/p.png</a></p>");
	assert_string_equal(MD("好!"), "<p>好!</p>");
}

static void
bare_web_addresses_become_links(void **state)
{
	assert_string_equal(MD("详见 https://example.cn/a?b=1。"),
	                    "<p>详见 <a href=\"https://example.cn/a?b=1\">https://example.cn/a?b=1</a>。</p>");
	assert_string_equal(MD("(see http://a.cn/x)."), "<p>(see <a href=\"http://a.cn/x\">http://a.cn/x</a>).</p>");
	assert_string_equal(MD("http://a.cn/wiki/B_(C)"), "<p><a href=\"http://a.cn/wiki/B_(C)\">http://a.cn/wiki/B_(C)</a></p>");
	assert_string_equal(MD("**https://a.cn**"), "<p><strong><a href=\"https://a.cn\">https://a.cn</a></strong></p>");
	assert_string_equal(MD("xhttp://a.cn http://"), "<p>xhttp://a.cn http://</p>");
}

static void
a_backslash_makes_punctuation_plain(void **state)
{
	assert_string_equal(MD("\\*不斜\\*"), "<p>*不斜*</p>");
	assert_string_equal(MD("\\[不是链接](/x)"), "<p>[不是链接](/x)</p>");
	assert_string_equal(MD("C:\\路径\\"), "<p>C:\\路径\\</p>");
	assert_string_equal(MD("\\# 不是标题"), "<p># 不是标题</p>");
}

static void
raw_html_is_shown_as_text(void **state)
{
	assert_string_equal(MD("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	assert_string_equal(MD("<img src=x onerror=alert(1)>"), "<p>&lt;img src=x onerror=alert(1)&gt;</p>");
	assert_string_equal(MD("**<b>**"), "<p><strong>&lt;b&gt;</strong></p>");
	assert_string_equal(MD("> <iframe>"), "<blockquote><p>&lt;iframe&gt;</p></blockquote>");
}

static void
html_blocks_and_code_blocks_are_shown_as_typed(void **state)
{
	assert_string_equal(MD("<div>\n<script>alert(1)</script>\n</div>"),
	                    "<p>&lt;div&gt;<br>&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;/div&gt;</p>");
	assert_string_equal(MD("<!-- 注释 -->"), "<p>&lt;!-- 注释 --&gt;</p>");
	assert_string_equal(MD("```\n<b>粗</b>\n**不粗**\n```"), "<pre>&lt;b&gt;粗&lt;/b&gt;<br>**不粗**</pre>");
	/* four spaces of indentation are CommonMark's code block */
	assert_string_equal(MD("    缩进四格"), "<pre>缩进四格</pre>");
}

static void
emphasis_nests_at_most_sixteen_deep(void **state)
{
	size_t n;
	const char *open = repeat(state, "*a ", 40, &n), *close = repeat(state, " a*", 40, &n);
	const char *e = MD(arena_printf(*state, "%s%s", open, close));
	assert_int_equal(count(e, "<em>"), MARKDOWN_INLINE_DEPTH_MAX);
	assert_int_equal(count(e, "</em>"), MARKDOWN_INLINE_DEPTH_MAX);
}

static void
script_urls_become_a_harmless_anchor(void **state)
{
	assert_string_equal(MD("[x](javascript:alert(1))"), "<p><a href=\"#\">x</a></p>");
	assert_string_equal(MD("[x](JaVaScRiPt:alert(1))"), "<p><a href=\"#\">x</a></p>");
	assert_string_equal(MD("[x](data:text/html;base64,PHNjcmlwdD4=)"), "<p><a href=\"#\">x</a></p>");
	assert_string_equal(MD("[x](vbscript:msgbox)"), "<p><a href=\"#\">x</a></p>");
	assert_string_equal(MD("![x](javascript:alert(1))"), "<p><a href=\"#\">x</a></p>");
	/* the link text shows the url when there is no text; it is text, escaped */
	assert_string_equal(MD("[](javascript:x)"), "<p><a href=\"#\">javascript:x</a></p>");
}

static void
quotes_and_brackets_cannot_break_out_of_a_link(void **state)
{
	assert_string_equal(MD("[\"><img onerror=alert(1)>](/x)"),
	                    "<p><a href=\"/x\">&quot;&gt;&lt;img onerror=alert(1)&gt;</a></p>");
	assert_string_equal(MD("[x](/a\"><img/onerror=alert(1)>)"),
	                    "<p><a href=\"/a%22%3E%3Cimg/onerror=alert(1)%3E\">x</a></p>");
	/* an image inside a link is its text, never a second <a> */
	assert_string_equal(MD("[a ![b](/i)](/l)"), "<p><a href=\"/l\">a b</a></p>");
	assert_string_equal(MD("https://a.cn/\"onmouseover=alert(1)"),
	                    "<p><a href=\"https://a.cn/\">https://a.cn/</a>&quot;onmouseover=alert(1)</p>");
	assert_string_equal(MD("[x](/a'b`c)"), "<p><a href=\"/a%27b%60c\">x</a></p>");
}

static void
entities_are_decoded_then_escaped_again(void **state)
{
	/* CommonMark decodes them; what they stand for is text like any other */
	assert_string_equal(MD("&lt;script&gt; &amp; &#106;avascript:"), "<p>&lt;script&gt; &amp; javascript:</p>");
	/* so a scheme spelt with entities is still caught */
	assert_string_equal(MD("[x](&#106;avascript:alert(1))"), "<p><a href=\"#\">x</a></p>");
}

static void
a_chinese_notice_renders_whole(void **state)
{
	const char *in = "## 关于更换电梯的决议\n\n"
	                 "经业主大会表决，**同意**更换 3 号楼电梯。\n\n"
	                 "1. 费用：从专项维修资金列支；\n"
	                 "2. 施工：由中标单位负责。\n\n"
	                 "> 依据《民法典》第二百七十八条。\n";
	assert_string_equal(MD(in), "<h3>关于更换电梯的决议</h3>"
	                            "<p>经业主大会表决，<strong>同意</strong>更换 3 号楼电梯。</p>"
	                            "<ol><li>费用：从专项维修资金列支；</li><li>施工：由中标单位负责。</li></ol>"
	                            "<blockquote><p>依据《民法典》第二百七十八条。</p></blockquote>");
}

static size_t
count(const char *s, const char *needle)
{
	size_t k = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		k++;
	return k;
}

static void
quotes_and_lists_nest_at_most_eight_deep(void **state)
{
	/* deeper containers give their content to the deepest one written */
	const char *q = MD(">>>>>>>>>>>> 深");
	assert_int_equal(count(q, "<blockquote>"), MARKDOWN_DEPTH_MAX);
	assert_non_null(strstr(q, "<blockquote><p>深</p></blockquote>"));

	const char *l = MD("- - - - - - - - - - 深"); /* ten bullets on one line */
	assert_int_equal(count(l, "<ul>"), MARKDOWN_DEPTH_MAX);
	assert_int_equal(count(l, "<li>"), MARKDOWN_DEPTH_MAX);
	assert_non_null(strstr(l, "<li><p>深</p></li>"));

	const char *mixed = MD("> - > - > - > - > - 深");
	assert_int_equal(count(mixed, "<blockquote>") + count(mixed, "<ul>"), MARKDOWN_DEPTH_MAX);
}

/* n copies of the pattern p, in the test's arena. */
static char *
repeat(void **state, const char *p, size_t n, size_t *len)
{
	size_t k = strlen(p);
	char *s = arena_alloc(*state, n * k + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, p, k);
	s[n * k] = '\0';
	*len = n * k;
	return s;
}

static void
hostile_runs_finish_in_linear_time_and_bounded_output(void **state)
{
	static const char *const patterns[] = {
		"*", "**a", "*a ", "a*", "[", "[a](", "[a]", "](", ">", "> ", "`", "``a`", "- ", "1、", "![",
		"\\", "_", "#", "http://", "*[`", ">- 1. ", "  - a\n", "> a\n", "a\n", "\n", "[a](b c)",
		"1. ", "<div>", "<a ", "&#", "    ", "```\n", "*a **b ", "[a]: /b\n", "a\n---\n", "h", "<http://a",
	};
	for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		size_t n;
		const char *s = repeat(state, patterns[i], 100000 / strlen(patterns[i]), &n);
		clock_t t0 = clock();
		struct html h;
		buf_init(&h.b, *state, 0);
		markdown_html(&h, s, n);
		double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
		/* linear work takes milliseconds even under ASan; quadratic would take minutes */
		if (secs > 2.0)
			fail_msg("pattern \"%s\" x %zu took %.2fs", patterns[i], n, secs);
		if (h.b.len > 32 * n + 64)
			fail_msg("pattern \"%s\": %zu bytes of HTML from %zu", patterns[i], h.b.len, n);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, arena_setup, arena_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(paragraphs_split_at_blank_lines_and_a_single_newline_is_a_line_break),
		T(one_to_three_hashes_are_headings_below_the_page_title),
		T(hashes_without_a_space_stay_text_and_deeper_levels_are_h4),
		T(bullets_make_a_list_and_a_change_of_bullet_starts_another),
		T(numbered_items_take_a_dot_or_a_paren),
		T(a_numbered_item_after_bullets_starts_a_new_list),
		T(indented_lines_belong_to_the_item_above),
		T(a_list_with_a_blank_line_in_it_gets_paragraphs),
		T(a_plain_line_right_after_an_item_continues_it),
		T(quotes_nest_and_carry_blocks),
		T(three_dashes_stars_or_underscores_are_a_rule),
		T(stars_make_bold_and_italic_and_backticks_make_code),
		T(full_width_punctuation_does_not_confuse_emphasis),
		T(stars_between_spaces_or_unpaired_stay_text),
		T(links_go_through_the_url_escaper),
		T(images_are_shown_as_links),
		T(bare_web_addresses_become_links),
		T(a_backslash_makes_punctuation_plain),
		T(raw_html_is_shown_as_text),
		T(html_blocks_and_code_blocks_are_shown_as_typed),
		T(emphasis_nests_at_most_sixteen_deep),
		T(script_urls_become_a_harmless_anchor),
		T(quotes_and_brackets_cannot_break_out_of_a_link),
		T(entities_are_decoded_then_escaped_again),
		T(a_chinese_notice_renders_whole),
		T(quotes_and_lists_nest_at_most_eight_deep),
		T(hostile_runs_finish_in_linear_time_and_bounded_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
