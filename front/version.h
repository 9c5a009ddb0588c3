/* The release, printed by --version. */
#ifndef FRONT_VERSION_H
#define FRONT_VERSION_H
#define IA32EMU_VERSION "0.2.0"
#endif
