/* The gdb stub behind `ia32emu run --gdb PORT`. */
#ifndef FRONT_GDBSTUB_CLI_H
#define FRONT_GDBSTUB_CLI_H

#include "../kernel/machine.h"

#include <stdint.h>

/* Serves one gdb session on 127.0.0.1:port for the loaded machine.
 * Returns 0 with *res telling how the guest ended (after a detach it has
 * run to its end), 1 when the debugger killed it (k, or a disconnect), -1
 * when the stub could not start (message printed). */
int gdb_run_cli(struct machine *m, int port, uint64_t max_insns, enum run_result *res);

/* ia32emu stubs-elf FILE: the trap stubs' symbols as an ELF32 file for
 * gdb's add-symbol-file (gdbstub_elf.c). */
int stubs_elf_command(int argc, char **argv);
/* ia32emu syscalls-xml [--abi NAME] FILE: an ABI's calls as gdb's syscalls
 * XML, for `catch syscall NAME` (syscalls_xml.c). */
int syscalls_xml_command(int argc, char **argv);

#endif
