/* The reference image's whole userspace: report the kernel's uptime at the moment init runs, then
 * power off. Booted through the same firmware, loader and kernel as the node image, it is the
 * baseline the boot-time benchmark divides by. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts;
	char line[96];
	int fd = open("/dev/console", O_WRONLY | O_NOCTTY);
	if (fd < 0 || clock_gettime(CLOCK_BOOTTIME, &ts) != 0)
		return 1;
	int n = snprintf(line, sizeof line, "ref: init (t=%ld.%03lds)\n", (long)ts.tv_sec, ts.tv_nsec / 1000000);
	if (write(fd, line, (size_t)n) != n)
		return 1;
	sync();
	if (fork() == 0)
		reboot(RB_POWER_OFF);   /* from a child: a failed poweroff must not make PID 1 exit */
	for (;;)
		pause();
}
