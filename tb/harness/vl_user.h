// vl_user.h: force-included (-include) into every C++ file of the Verilator build.
// Routes the model's printf output ($display, assertion messages) away from the console
// protocol on stdout, and lets the harness override vl_stop/vl_fatal/vl_finish
// (built with -DVL_USER_STOP -DVL_USER_FATAL -DVL_USER_FINISH, see sim/verilator.mk).
#ifndef VCSIM_VL_USER_H
#define VCSIM_VL_USER_H
#include <cstdarg>

int vcsim_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vcsim_vprintf(const char* fmt, va_list ap);

#define VL_PRINTF vcsim_printf
#define VL_VPRINTF vcsim_vprintf
#endif
