/* udhcpc's script environment as node-dhcp-event checks it (init/dhcp_event/lease.c). */
#include "check.h"
#include "lease.h"

static struct dhcp_lease l;
static char why[160];

static int rd(const char *ev, const char *ifc, const char *ip, const char *sub, const char *rt,
	      const char *lease)
{
	why[0] = '\0';
	return lease_read_env(ev, ifc, ip, sub, rt, lease, &l, why, sizeof why);
}

static void a_qemu_lease_is_read(void)
{
	CHECK_INT(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", "10.0.2.2", "86400"), 0);
	CHECK_INT(l.event, LEASE_BOUND);
	CHECK_STR(l.iface, "eth0");
	CHECK_STR(l.ip, "10.0.2.15");
	CHECK_INT(l.prefix, 24);
	CHECK_STR(l.router, "10.0.2.2");
	CHECK_INT(l.lease_s, 86400);
	CHECK_INT(rd("renew", "eth0", "10.0.2.15", "255.255.240.0", "10.0.2.2 10.0.2.3", NULL), 0);
	CHECK_INT(l.prefix, 20);
	CHECK_STR(l.router, "10.0.2.2");
	CHECK_INT(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", NULL, NULL), 0);
	CHECK_STR(l.router, "");
}

static void events_without_a_lease_need_only_the_interface(void)
{
	CHECK_INT(rd("deconfig", "eth0", NULL, NULL, NULL, NULL), 0);
	CHECK_INT(l.event, LEASE_DECONFIG);
	CHECK_INT(rd("leasefail", "eth1", NULL, NULL, NULL, NULL), 0);
	CHECK_INT(rd("nak", "eth1", NULL, NULL, NULL, NULL), 0);
	CHECK(rd("renewal", "eth0", NULL, NULL, NULL, NULL) != 0);
	CHECK_CONTAINS(why, "unknown event");
	CHECK(rd(NULL, "eth0", NULL, NULL, NULL, NULL) != 0);
}

static void bad_interfaces_are_refused(void)
{
	CHECK(rd("deconfig", NULL, NULL, NULL, NULL, NULL) != 0);
	CHECK(rd("deconfig", "", NULL, NULL, NULL, NULL) != 0);
	CHECK(rd("deconfig", "eth0;reboot", NULL, NULL, NULL, NULL) != 0);
	CHECK(rd("deconfig", "../eth0", NULL, NULL, NULL, NULL) != 0);
	CHECK(rd("deconfig", "averyveryverylong0", NULL, NULL, NULL, NULL) != 0);
	CHECK_CONTAINS(why, "interface name");
}

static void bad_leases_are_refused(void)
{
	CHECK(rd("bound", "eth0", NULL, "255.255.255.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2", "255.255.255.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2.256", "255.255.255.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2.15 -x", "255.255.255.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "1000.0.2.15", "255.255.255.0", NULL, NULL) != 0);
	CHECK_CONTAINS(why, "not an IPv4 address");
	CHECK(rd("bound", "eth0", "0.0.0.0", "255.255.255.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "127.0.0.5", "255.0.0.0", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "224.0.0.5", "255.255.255.0", NULL, NULL) != 0);
	CHECK_CONTAINS(why, "not a unicast host address");
	CHECK(rd("bound", "eth0", "10.0.2.15", NULL, NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.0.255.0", NULL, NULL) != 0);
	CHECK_CONTAINS(why, "not contiguous");
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.255.255.255", NULL, NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2.15", "0.0.0.0", NULL, NULL) != 0);
	CHECK_CONTAINS(why, "between /8 and /30");
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", "192.0.2.1", NULL) != 0);
	CHECK_CONTAINS(why, "not another host of 10.0.2.15/24");
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", "10.0.2.15", NULL) != 0);
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", "10.0.2.2", "12h") != 0);
	CHECK_CONTAINS(why, "lease time");
	CHECK(rd("bound", "eth0", "10.0.2.15", "255.255.255.0", "10.0.2.2", "99999999999") != 0);
}

int main(void)
{
	RUN(a_qemu_lease_is_read);
	RUN(events_without_a_lease_need_only_the_interface);
	RUN(bad_interfaces_are_refused);
	RUN(bad_leases_are_refused);
	return check_done();
}
