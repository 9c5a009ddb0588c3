/*
 * Shared pieces of the libFuzzer targets (tests/fuzz/README.md): a tiny
 * fixed ELF program, a sandboxed machine that runs it, and an abort that
 * names the broken invariant. Built only by mk/fuzz.mk and the replay
 * driver, never into the emulator.
 */
#ifndef TESTS_FUZZ_COMMON_H
#define TESTS_FUZZ_COMMON_H

#include "../../kernel/machine.h"

#include <stddef.h>
#include <stdint.h>

/* The tiny program: one RWX PT_LOAD segment at FZ_BASE of FZ_PAGES pages;
 * execution starts at FZ_ENTRY, data may live at FZ_DATA. */
#define FZ_BASE	    0x08048000u
#define FZ_ENTRY    (FZ_BASE + 0x100u)
#define FZ_PAGES    4u
#define FZ_DATA	    (FZ_BASE + 0x3000u)
#define FZ_CODE_MAX (FZ_DATA - FZ_ENTRY)

/* Writes a valid static i386 ELF of `filesz` bytes (>= 0x100) into buf:
 * header, one program header, code area filled with `hlt`. */
void fz_tiny_elf(uint8_t *buf, size_t filesz);
/* The same at another base address (entry at base + 0x100). */
void fz_tiny_elf_at(uint8_t *buf, size_t filesz, uint32_t base);

/* A machine with `mem_mib` MiB, the tiny program loaded, `code` poked at
 * FZ_ENTRY, the guest's descriptors 0-2 on /dev/null (a fuzzed guest can
 * neither block on the fuzzer's stdin nor flood its output) and as its
 * file tree the sandbox fz_root(), reset first. */
struct machine *fz_machine(uint32_t mem_mib, uint64_t timer, const uint8_t *code, size_t n);

/* A fresh temporary directory for the guest's `/` (--root): a file `f`,
 * a directory `d` and a copy of the tiny program as `t` (for exec), made
 * anew by every call, so guest file system calls never touch anything
 * else on the host and inputs do not depend on each other. */
const char *fz_root(void);
void fz_machine_config(struct machine_config *cfg, uint32_t mem_mib);

/* The number of host file descriptors open in this process: a machine
 * must give back every descriptor it opened when it is destroyed. */
int fz_count_fds(void);

/* Aborts (a finding for libFuzzer) with the invariant that failed. */
void fz_fail(const char *what, const char *detail) __attribute__((noreturn));

/* Checks what a run of CPL 3 code may end in: exit, a kill by an
 * exception, or the budget. A kernel panic or a triple fault caused by a
 * user program is a bug in the kernel or CPU. */
void fz_check_user_result(struct machine *m, enum run_result r);

#endif
