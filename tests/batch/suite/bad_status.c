/* Fails before it runs: its .status file is not a number. */
int main(void)
{
	return 0;
}
