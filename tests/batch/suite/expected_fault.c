/* Passes: a fault is what NAME.status expects (128 + SIGSEGV). */
int main(int argc, char **argv)
{
	(void)argv;
	return *(volatile int *)(argc - 1);
}
