/*
 * err.h for the Windows build: BSD's err(3) family, which mingw-w64
 * lacks.  Implemented in compat_win32.c.  Only on the Windows include
 * path (`make windows`).
 */
#ifndef UCJOB_WIN32_ERR_H
#define UCJOB_WIN32_ERR_H

#include <stdarg.h>

void	err(int eval, const char *fmt, ...)
	    __attribute__((noreturn, format(gnu_printf, 2, 3)));
void	errx(int eval, const char *fmt, ...)
	    __attribute__((noreturn, format(gnu_printf, 2, 3)));
void	warn(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
void	warnx(const char *fmt, ...) __attribute__((format(gnu_printf, 1, 2)));
void	vwarn(const char *fmt, va_list ap)
	    __attribute__((format(gnu_printf, 1, 0)));
void	vwarnx(const char *fmt, va_list ap)
	    __attribute__((format(gnu_printf, 1, 0)));

#endif
