/*
 * <stdint.h> for guest programs. User programs are compiled hosted
 * (-fhosted, so that main returns 0 at its end), and gcc's own stdint.h then
 * defers to a C library's; ours is gcc's freestanding one, stdint-gcc.h.
 */
#ifndef IA32EMU_STDINT_H
#define IA32EMU_STDINT_H
#include <stdint-gcc.h>
#endif
