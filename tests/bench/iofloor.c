/*
 * iofloor: the I/O floor of a safe config write, for `make bench`.  It
 * reads SRC, writes the bytes to a new temporary beside DST (O_EXCL,
 * mode 0600), fsyncs it, renames it over DST and fsyncs the directory:
 * what any writer that must never leave a torn file pays, with no
 * parsing, no lock and no backup.  It never changes SRC.
 *
 *	iofloor SRC DST
 */
#include <sys/stat.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
read_all(const char *path, size_t *lenp)
{
	struct stat st;
	size_t cap, len = 0;
	ssize_t n;
	char *p;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1)
		err(1, "%s", path);
	cap = (size_t)st.st_size + 1;
	if ((p = malloc(cap)) == NULL)
		err(1, "malloc");
	while ((n = read(fd, p + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap && (p = realloc(p, cap *= 2)) == NULL)
			err(1, "realloc");
	}
	if (n == -1)
		err(1, "%s", path);
	close(fd);
	*lenp = len;
	return p;
}

int
main(int argc, char *argv[])
{
	char tmp[4096], dir[4096], *data, *slash;
	size_t len, off = 0;
	ssize_t n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: iofloor SRC DST\n");
		return 2;
	}
	data = read_all(argv[1], &len);
	snprintf(dir, sizeof(dir), "%s", argv[2]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.floor-tmp", argv[2]) >=
	    sizeof(tmp))
		errx(1, "path too long");
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		err(1, "%s", tmp);
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) == -1)
			err(1, "%s", tmp);
		off += (size_t)n;
	}
	if (fsync(fd) == -1 || close(fd) == -1)
		err(1, "%s", tmp);
	if (rename(tmp, argv[2]) == -1)
		err(1, "rename %s", argv[2]);
	if ((fd = open(dir, O_RDONLY)) == -1 || fsync(fd) == -1)
		err(1, "%s", dir);
	close(fd);
	free(data);
	return 0;
}
