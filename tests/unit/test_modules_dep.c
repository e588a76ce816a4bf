#include "check.h"
#include "moddep.h"

/* Shaped like Debian's modules.dep: each line lists the full dependency closure. */
static const char dep[] =
	"kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
	"kernel/drivers/virtio/virtio_ring.ko: kernel/drivers/virtio/virtio.ko\n"
	"kernel/drivers/virtio/virtio.ko:\n"
	"kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko\n"
	"kernel/drivers/virtio/virtio_pci_modern_dev.ko:\n"
	"kernel/drivers/md/dm-verity.ko: kernel/drivers/md/dm-bufio.ko kernel/drivers/md/dm-mod.ko\n"
	"kernel/drivers/md/dm-bufio.ko:\n"
	"kernel/drivers/md/dm-mod.ko:\n"
	"kernel/fs/squashfs/squashfs.ko.xz:\n"
	"kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko kernel/fs/mbcache.ko kernel/lib/crc16.ko\n"
	"kernel/fs/jbd2/jbd2.ko:\n"
	"kernel/fs/mbcache.ko:\n"
	"kernel/lib/crc16.ko:\n"
	"kernel/drivers/net/broken.ko: kernel/drivers/net/missing_dep.ko\n";

static struct moddep_plan plan;
static char err[256];
static char order[2048];

/* The plan as "path path path" for comparison. */
static const char *plan_str(const char *buf)
{
	size_t i, o = 0;

	order[0] = '\0';
	for (i = 0; i < plan.count; i++)
		o += (size_t)snprintf(order + o, sizeof order - o, "%s%.*s", i ? " " : "",
				      (int)plan.item[i].len, buf + plan.item[i].off);
	return order;
}

static int resolve(const char *buf, size_t len, const char *name)
{
	err[0] = '\0';
	return moddep_resolve(buf, len, name, strlen(name), &plan, err, sizeof err);
}

static void dependencies_come_before_the_module(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "virtio_blk"), 0);
	CHECK_STR(plan_str(dep), "kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko "
				 "kernel/drivers/block/virtio_blk.ko");
}

static void shared_dependencies_are_loaded_once(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "virtio_blk"), 0);
	CHECK_INT(resolve(dep, sizeof dep - 1, "virtio_pci"), 0);
	CHECK_INT(resolve(dep, sizeof dep - 1, "virtio"), 0);
	CHECK_STR(plan_str(dep), "kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko "
				 "kernel/drivers/block/virtio_blk.ko "
				 "kernel/drivers/virtio/virtio_pci_modern_dev.ko "
				 "kernel/drivers/virtio/virtio_pci.ko");
}

static void dash_and_underscore_are_the_same_name(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "dm_verity"), 0);
	CHECK_STR(plan_str(dep), "kernel/drivers/md/dm-bufio.ko kernel/drivers/md/dm-mod.ko "
				 "kernel/drivers/md/dm-verity.ko");
	CHECK_INT(resolve(dep, sizeof dep - 1, "virtio-blk"), 0);
	CHECK_CONTAINS(plan_str(dep), "kernel/drivers/block/virtio_blk.ko");
	CHECK_INT(moddep_contains(dep, sizeof dep - 1, "dm_mod", 6), 1);
}

static void compressed_module_name_is_found(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "squashfs"), 0);
	CHECK_STR(plan_str(dep), "kernel/fs/squashfs/squashfs.ko.xz");
}

static void module_missing_from_modules_dep_fails(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "vfat"), -1);
	CHECK_CONTAINS(err, "vfat");
	CHECK_CONTAINS(err, "not in modules.dep");
	CHECK_INT(moddep_contains(dep, sizeof dep - 1, "vfat", 4), 0);
	/* a prefix of a real name is not that name */
	CHECK_INT(resolve(dep, sizeof dep - 1, "ext"), -1);
}

static void missing_dependency_names_who_needs_it(void)
{
	moddep_plan_init(&plan);
	CHECK_INT(resolve(dep, sizeof dep - 1, "broken"), -1);
	CHECK_CONTAINS(err, "missing_dep");
	CHECK_CONTAINS(err, "needed by broken");
	CHECK_INT(plan.count, 0);
}

static void dependency_cycle_is_refused(void)
{
	static const char cyc[] = "a.ko: b.ko\nb.ko: c.ko\nc.ko: a.ko\n";

	moddep_plan_init(&plan);
	CHECK_INT(resolve(cyc, sizeof cyc - 1, "a"), -1);
	CHECK_CONTAINS(err, "cycle");
}

static void dependency_chain_deeper_than_limit_is_refused(void)
{
	static char chain[4096];
	size_t o = 0;
	int i;

	/* m0 -> m1 -> ... -> m20: deeper than MODDEP_MAX_DEPTH */
	for (i = 0; i < 20; i++)
		o += (size_t)snprintf(chain + o, sizeof chain - o, "m%d.ko: m%d.ko\n", i, i + 1);
	o += (size_t)snprintf(chain + o, sizeof chain - o, "m20.ko:\n");
	moddep_plan_init(&plan);
	CHECK_INT(resolve(chain, o, "m0"), -1);
	CHECK_CONTAINS(err, "deeper");
	/* a chain within the limit resolves, deepest first */
	moddep_plan_init(&plan);
	CHECK_INT(resolve(chain, o, "m10"), 0);
	CHECK_INT(plan.count, 11);
	CHECK_STR(plan_str(chain), "m20.ko m19.ko m18.ko m17.ko m16.ko m15.ko m14.ko m13.ko m12.ko "
				   "m11.ko m10.ko");
}

static void last_line_without_newline_is_read(void)
{
	static const char d[] = "kernel/a.ko: kernel/b.ko\nkernel/b.ko:";

	moddep_plan_init(&plan);
	CHECK_INT(resolve(d, sizeof d - 1, "a"), 0);
	CHECK_STR(plan_str(d), "kernel/b.ko kernel/a.ko");
}

static void builtin_list_has_no_colons(void)
{
	static const char builtin[] = "kernel/fs/vfat/vfat.ko\nkernel/drivers/md/dm-mod.ko\n";

	CHECK_INT(moddep_contains(builtin, sizeof builtin - 1, "vfat", 4), 1);
	CHECK_INT(moddep_contains(builtin, sizeof builtin - 1, "dm_mod", 6), 1);
	CHECK_INT(moddep_contains(builtin, sizeof builtin - 1, "ext4", 4), 0);
}

static void module_list_skips_comments_and_blanks(void)
{
	static const char list[] = "# stage 1\n\nvirtio_blk\n  dm-verity   # root\nsquashfs";
	const char *name;
	size_t pos = 0, n;
	unsigned line = 0;

	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), 1);
	CHECK_INT(n, 10);
	CHECK(memcmp(name, "virtio_blk", n) == 0);
	CHECK_INT(line, 3);
	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), 1);
	CHECK(n == 9 && memcmp(name, "dm-verity", n) == 0);
	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), 1);
	CHECK(n == 8 && memcmp(name, "squashfs", n) == 0);
	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), 0);
}

static void module_list_rejects_two_words_on_a_line(void)
{
	static const char list[] = "ext4\nvfat fat\n";
	const char *name;
	size_t pos = 0, n;
	unsigned line = 0;

	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), 1);
	CHECK_INT(modlist_next(list, sizeof list - 1, &pos, &line, &name, &n, err, sizeof err), -1);
	CHECK_CONTAINS(err, "line 2");
}

int main(void)
{
	RUN(dependencies_come_before_the_module);
	RUN(shared_dependencies_are_loaded_once);
	RUN(dash_and_underscore_are_the_same_name);
	RUN(compressed_module_name_is_found);
	RUN(module_missing_from_modules_dep_fails);
	RUN(missing_dependency_names_who_needs_it);
	RUN(dependency_cycle_is_refused);
	RUN(dependency_chain_deeper_than_limit_is_refused);
	RUN(last_line_without_newline_is_read);
	RUN(builtin_list_has_no_colons);
	RUN(module_list_skips_comments_and_blanks);
	RUN(module_list_rejects_two_words_on_a_line);
	return check_done();
}
