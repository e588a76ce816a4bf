#include "check.h"
#include "firewall_check.h"

static char why[160];

static const char good[] =
	"table inet node {\n"
	"\tset site4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 10.0.2.0/24 }\n\t}\n"
	"\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n"
	"\t\tiif \"lo\" accept\n\t}\n"
	"\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t}\n"
	"\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n"
	"\t\tip daddr @site4 accept\n\t}\n"
	"}\n";

static int check(const char *text)
{
	why[0] = '\0';
	return firewall_check_listing(text, strlen(text), why, sizeof why);
}

static void the_rendered_table_is_in_force(void)
{
	CHECK_INT(check(good), 0);
}

static void an_accepting_policy_is_not(void)
{
	char t[sizeof good];
	char *p;

	memcpy(t, good, sizeof good);
	p = strstr(t, "hook output priority filter; policy drop;");
	memcpy(strstr(p, "drop;"), "acpt;", 5);
	CHECK_INT(check(t), -1);
	CHECK_STR(why, "the output hook's policy is not drop");
}

static void a_missing_chain_is_named(void)
{
	static const char t[] = "table inet node {\n\tchain input {\n"
				"\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n";

	CHECK_INT(check(t), -1);
	CHECK_STR(why, "table inet node has no forward hook");
}

static void another_table_is_not_ours(void)
{
	CHECK_INT(check("table inet filter {\n}\n"), -1);
	CHECK_STR(why, "no table inet node");
	CHECK_INT(check(""), -1);
	CHECK_INT(check("table inet nodes {\n"), -1);
}

static void a_rule_line_does_not_count_as_a_hook(void)
{
	static const char t[] = "table inet node {\n"
				"\tchain input {\n\t\tcomment \"type filter hook input priority filter; policy drop;\"\n\t}\n"
				"}\n";

	CHECK_INT(check(t), -1);
	CHECK_STR(why, "table inet node has no input hook");
}

int main(void)
{
	RUN(the_rendered_table_is_in_force);
	RUN(an_accepting_policy_is_not);
	RUN(a_missing_chain_is_named);
	RUN(another_table_is_not_ours);
	RUN(a_rule_line_does_not_count_as_a_hook);
	return check_done();
}
