#include "check.h"
#include "site_conf.h"

static struct site_conf c;
static char err[256];

static int parse(const char *text)
{
	err[0] = '\0';
	return site_conf_parse(text, strlen(text), &c, err, sizeof err);
}

static void the_development_site_parses(void)
{
	CHECK_INT(parse("# comment\nsite-net 10.0.2.0/24\nsite-net fec0::/64\ningress-tcp 9100\n"
			"iface eth0 static 10.0.2.15/24 gateway 10.0.2.2\n"
			"iface eth0 static6 fec0::15/64 gateway6 fec0::2\n"
			"dns 10.0.2.3   # the resolver\nntp 10.0.2.2\n"), 0);
	CHECK_INT(c.ifaces, 1);
	CHECK_STR(c.iface[0].name, "eth0");
	CHECK_STR(c.iface[0].addr4, "10.0.2.15/24");
	CHECK_STR(c.iface[0].gw4, "10.0.2.2");
	CHECK_STR(c.iface[0].addr6, "fec0::15/64");
	CHECK_STR(c.iface[0].gw6, "fec0::2");
	CHECK_INT(c.iface[0].dhcp, 0);
	CHECK_INT(c.dns_count, 1);
	CHECK_STR(c.dns[0], "10.0.2.3");
	CHECK_INT(c.ntp_count, 1);
}

static void no_lines_no_network(void)
{
	CHECK_INT(parse(""), 0);
	CHECK_INT(c.ifaces, 0);
	CHECK_INT(c.dns_count, 0);
	CHECK_INT(parse("\n\n   \t\n# only comments\n"), 0);
	CHECK_INT(c.ifaces, 0);
}

static void dhcp_and_address_without_gateway(void)
{
	CHECK_INT(parse("iface eth1 dhcp\niface eth2 static 192.168.1.5/24\n"), 0);
	CHECK_INT(c.ifaces, 2);
	CHECK_INT(c.iface[0].dhcp, 1);
	CHECK_STR(c.iface[1].addr4, "192.168.1.5/24");
	CHECK_STR(c.iface[1].gw4, "");
}

static void wrong_family_or_form_is_refused(void)
{
	CHECK_INT(parse("iface eth0 static fec0::1/64\n"), -1);
	CHECK_CONTAINS(err, "line 1: fec0::1/64 is not an IPv4 ADDRESS/PREFIX");
	CHECK_INT(parse("iface eth0 static6 10.0.0.1/8\n"), -1);
	CHECK_INT(parse("iface eth0 static 10.0.0.1\n"), -1);
	CHECK_INT(parse("iface eth0 static 10.0.0.1/8 gateway6 10.0.0.2\n"), -1);
	CHECK_CONTAINS(err, "want gateway ADDRESS");
	CHECK_INT(parse("iface eth0 static 10.0.0.1/8 gateway\n"), -1);
	CHECK_INT(parse("iface eth0 manual\n"), -1);
	CHECK_INT(parse("iface eth0\n"), -1);
	CHECK_INT(parse("dns 10.0.0.1 10.0.0.2\n"), -1);
	CHECK_INT(parse("dns example.org\n"), -1);
	CHECK_INT(parse("iface eth0 static 10.0.0.1/8;reboot\n"), -1);
	CHECK_INT(parse("iface eth0 static 10.0.0.1/8/8\n"), -1);
	CHECK_INT(parse("iface eth0 static 10.0.0.1/1234\n"), -1);
}

static void interface_names_are_bounded_and_plain(void)
{
	CHECK_INT(parse("iface abcdefghijklmnop static 10.0.0.1/8\n"), -1);
	CHECK_CONTAINS(err, "not 1 to 15 characters");
	CHECK_INT(parse("iface ../x static 10.0.0.1/8\n"), -1);
	CHECK_INT(parse("iface eth0$ static 10.0.0.1/8\n"), -1);
	CHECK_INT(parse("iface abcdefghijklmno static 10.0.0.1/8\n"), 0);
}

static void limits_and_duplicates(void)
{
	CHECK_INT(parse("iface eth0 static 10.0.0.1/8\niface eth0 static 10.0.0.2/8\n"), -1);
	CHECK_CONTAINS(err, "line 2: a second static address for eth0");
	CHECK_INT(parse("iface a static 1.1.1.1/8\niface b dhcp\niface c dhcp\niface d dhcp\n"
			"iface e dhcp\n"), -1);
	CHECK_CONTAINS(err, "line 5: more than 4 interfaces");
	CHECK_INT(parse("dns 1.1.1.1\ndns 1.1.1.2\ndns 1.1.1.3\ndns 1.1.1.4\ndns 1.1.1.5\n"), -1);
	CHECK_CONTAINS(err, "line 5: more than 4 dns servers");
}

static void long_lines_and_nul_bytes_are_refused(void)
{
	char big[700];
	static const char nul[] = "dns 1.1.1.1\0x\n";

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CHECK_INT(parse(big), -1);
	CHECK_CONTAINS(err, "longer than 512 bytes");
	CHECK_INT(site_conf_parse(nul, sizeof nul - 1, &c, err, sizeof err), -1);
	CHECK_CONTAINS(err, "NUL");
}

static void other_keys_are_the_renderers(void)
{
	CHECK_INT(parse("site-net 10.0.0.0/8\ndiode-port 5005\nwhatever else\n"), 0);
	CHECK_INT(c.ifaces, 0);
}

static void the_diode_interface_is_receive_only(void)
{
	CHECK_INT(parse("diode-iface eth1\niface eth0 dhcp\niface eth1 static 10.0.4.15/24\n"), 0);
	CHECK_INT(c.iface[0].diode, 0);
	CHECK_INT(c.iface[1].diode, 1);
	CHECK_INT(parse("iface eth1 static 10.0.4.15/24\ndiode-iface eth1\n"), 0);
	CHECK_INT(c.iface[0].diode, 1);
	CHECK_INT(parse("iface eth1 static 10.0.4.15/24 gateway 10.0.4.1\ndiode-iface eth1\n"), -1);
	CHECK_CONTAINS(err, "line 2: diode interface eth1: want a static IPv4 address and nothing else");
	CHECK_INT(parse("diode-iface eth1\niface eth1 dhcp\n"), -1);
	CHECK_INT(parse("diode-iface eth1\niface eth1 static 10.0.4.15/24\niface eth1 static6 fd00::1/64\n"), -1);
	CHECK_INT(parse("diode-iface eth1\n"), -1);
	CHECK_CONTAINS(err, "line 1: diode interface eth1 has no iface line");
	CHECK_INT(parse("diode-iface eth1\ndiode-iface eth2\niface eth1 static 10.0.4.15/24\n"), -1);
	CHECK_CONTAINS(err, "line 2: diode-iface takes one interface name, once");
	CHECK_INT(parse("diode-iface\n"), -1);
}

int main(void)
{
	RUN(the_development_site_parses);
	RUN(no_lines_no_network);
	RUN(dhcp_and_address_without_gateway);
	RUN(wrong_family_or_form_is_refused);
	RUN(interface_names_are_bounded_and_plain);
	RUN(limits_and_duplicates);
	RUN(long_lines_and_nul_bytes_are_refused);
	RUN(other_keys_are_the_renderers);
	RUN(the_diode_interface_is_receive_only);
	return check_done();
}
