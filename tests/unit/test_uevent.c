#include "check.h"
#include "uevent.h"

static struct uevent_info u;

static int parse(const char *s)
{
	return uevent_parse(s, strlen(s), &u);
}

static void partition_uevent_gives_numbers_name_and_label(void)
{
	CHECK_INT(parse("MAJOR=253\nMINOR=2\nDEVNAME=vda2\nDEVTYPE=partition\nDISKSEQ=9\nPARTN=2\n"
			"PARTNAME=root-a\n"), 0);
	CHECK_INT(u.major, 253);
	CHECK_INT(u.minor, 2);
	CHECK_STR(u.devname, "vda2");
	CHECK_INT(u.has_partname, 1);
	CHECK_STR(u.partname, "root-a");
}

static void whole_disk_has_no_label(void)
{
	CHECK_INT(parse("MAJOR=253\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\n"), 0);
	CHECK_INT(u.has_partname, 0);
}

static void label_with_spaces_is_kept_whole(void)
{
	CHECK_INT(parse("MAJOR=8\nMINOR=1\nDEVNAME=sda1\nPARTNAME=EFI system partition"), 0);
	CHECK_STR(u.partname, "EFI system partition");
}

static void overlong_label_matches_nothing(void)
{
	char buf[512];

	snprintf(buf, sizeof buf, "MAJOR=8\nMINOR=1\nDEVNAME=sda1\nPARTNAME=%0*d\n",
		 CMDLINE_LABEL_MAX + 1, 0);
	CHECK_INT(parse(buf), 0);
	CHECK_INT(u.has_partname, 0);
}

static void missing_or_unsafe_fields_are_rejected(void)
{
	CHECK_INT(parse("MAJOR=8\nDEVNAME=sda1\n"), -1);
	CHECK_INT(parse("MAJOR=8\nMINOR=x\nDEVNAME=sda1\n"), -1);
	CHECK_INT(parse("MAJOR=8\nMINOR=1\n"), -1);
	CHECK_INT(parse("MAJOR=8\nMINOR=1\nDEVNAME=../sda1\n"), -1);
	CHECK_INT(parse("MAJOR=8\nMINOR=1\nDEVNAME=/sda1\n"), -1);
}

int main(void)
{
	RUN(partition_uevent_gives_numbers_name_and_label);
	RUN(whole_disk_has_no_label);
	RUN(label_with_spaces_is_kept_whole);
	RUN(overlong_label_matches_nothing);
	RUN(missing_or_unsafe_fields_are_rejected);
	return check_done();
}
