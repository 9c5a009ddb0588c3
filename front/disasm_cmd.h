#ifndef FRONT_DISASM_CMD_H
#define FRONT_DISASM_CMD_H

#include <stddef.h>
#include <stdint.h>

/* `ia32emu disasm [--raw [--base ADDR]] FILE`; returns the exit status. */
int disasm_command(int argc, char **argv);

/* disasm_elf.c: an ELF32 i386 image's executable sections, as objdump -d
 * prints them. Returns the exit status (1 with a message: malformed). */
int disasm_elf(const char *path, const uint8_t *data, size_t size);

#endif
