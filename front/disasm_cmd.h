#ifndef FRONT_DISASM_CMD_H
#define FRONT_DISASM_CMD_H

/* `ia32emu disasm [--base ADDR] FILE`; returns the exit status. */
int disasm_command(int argc, char **argv);

#endif
