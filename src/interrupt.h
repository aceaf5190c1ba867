/*
 * interrupt: what a signal that ends ucjob (SIGINT, SIGTERM, SIGHUP)
 * must not leave behind: the children running in a group of their own
 * (spawn_kill_live, with what they started, such as the commands of a
 * Match exec), the temporary files remembered here and a terminal
 * left without echo (its restore function).  The handler
 * cleans up, then lets the signal end ucjob as it would have.
 */
#ifndef UCJOB_INTERRUPT_H
#define UCJOB_INTERRUPT_H

/* Catch the signals; once, at the start of main. */
void	interrupt_install(void);

/* Remove path, should a signal end ucjob before interrupt_forget(path).
 * Returns 0, or -1 when the table is full or path too long (then it is
 * not removed on a signal). */
int	interrupt_remember(const char *path);
void	interrupt_forget(const char *path);

/* Call restore (async-signal-safe: it puts back the terminal settings
 * changed before) should a signal end ucjob; NULL forgets it. */
void	interrupt_restore(void (*restore)(void));

#endif
