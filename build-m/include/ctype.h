#ifndef IA32EMU_CTYPE_H
#define IA32EMU_CTYPE_H

/* ASCII only: the guest has no locales. */
int isdigit(int c);
int isxdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int iscntrl(int c);
int isgraph(int c);
int toupper(int c);
int tolower(int c);

#endif
