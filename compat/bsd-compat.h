/*
 * bsd-compat.h: declarations of the BSD functions ucjob uses that a C
 * library without libbsd lacks (musl, for `make static`). Builds that
 * need it include it first (-include) and link the matching compat file;
 * glibc builds get these from libbsd-overlay, the BSDs natively. musl
 * already has strlcpy, strlcat and reallocarray.
 */
#ifndef BSD_COMPAT_H
#define BSD_COMPAT_H

void	closefrom(int);

#endif
